//! Line numbers in a customer list's raw bytes, counted the way
//! spreadsheets end lines, for messages that point at a line.

/// Counts lines as spreadsheets end them: "\r\n", "\n", or a lone "\r" (old
/// Mac exports). `line` is the line of the next byte.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lines {
    pub(super) line: usize,
    pub(super) after_cr: bool,
}

impl Default for Lines {
    fn default() -> Self {
        Lines {
            line: 1,
            after_cr: false,
        }
    }
}

impl Lines {
    pub(super) fn feed(&mut self, b: u8) {
        match b {
            b'\r' => {
                self.line += 1;
                self.after_cr = true;
            }
            b'\n' => {
                if !self.after_cr {
                    self.line += 1;
                }
                self.after_cr = false;
            }
            _ => self.after_cr = false,
        }
    }

    /// [`Lines::feed`] for every byte of `bytes`, looking only at the breaks.
    pub(super) fn feed_all(&mut self, bytes: &[u8]) {
        let mut next = 0;
        for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            if i > next {
                self.after_cr = false;
            }
            self.feed(bytes[i]);
            next = i + 1;
        }
        if bytes.len() > next {
            self.after_cr = false;
        }
    }
}
