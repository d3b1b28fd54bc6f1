//! Which encoding a CSV export is in, and reading it as UTF-8.
//!
//! Excel's "CSV UTF-8" is UTF-8 with a byte-order mark, "Unicode text" is
//! UTF-16 with a mark, and plain "CSV" is the PC's ANSI code page with no mark
//! at all. A mark decides; then `--encoding`; then a file that is valid UTF-8
//! is UTF-8. Anything else is a legacy code page, which chardetng guesses. A
//! guess is used only when it is sure: it reads every byte, and chardetng
//! gives the same answer told the countries of the file's customers (its
//! region column), or, without one, told any country at all. Otherwise the
//! run stops and says which encodings fit, with a word read in each, so a
//! person can pick the one that reads right.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{
    BIG5, DecoderResult, EUC_KR, Encoding, GBK, SHIFT_JIS, UTF_8, WINDOWS_874, WINDOWS_1250,
    WINDOWS_1251, WINDOWS_1252, WINDOWS_1253, WINDOWS_1254, WINDOWS_1255, WINDOWS_1256,
    WINDOWS_1257, WINDOWS_1258,
};

use super::lines::Lines;
use super::{open_file, shown};
use crate::error::{Error, ExitCode, Result};

/// The code pages Windows uses as the "ANSI" one, which Excel's plain CSV is
/// written in: Western, Central European, Cyrillic, Greek, Turkish, Hebrew,
/// Arabic, Baltic, Vietnamese, Thai, Japanese (932), Simplified Chinese (936),
/// Korean (949) and Traditional Chinese (950).
const ANSI: [&Encoding; 14] = [
    WINDOWS_1252,
    WINDOWS_1250,
    WINDOWS_1251,
    WINDOWS_1253,
    WINDOWS_1254,
    WINDOWS_1255,
    WINDOWS_1256,
    WINDOWS_1257,
    WINDOWS_1258,
    WINDOWS_874,
    SHIFT_JIS,
    GBK,
    EUC_KR,
    BIG5,
];

/// One country code per script region chardetng knows: a guess that changes
/// with the country the file is assumed to come from is not a sure one.
const REGIONS: [&[u8]; 14] = [
    b"de", b"pl", b"ru", b"gr", b"tr", b"il", b"sa", b"lt", b"vn", b"th", b"cn", b"tw", b"jp",
    b"kr",
];

/// The encoding a file is read in, and why.
#[derive(Debug, Clone, Copy)]
pub struct Chosen {
    pub encoding: &'static Encoding,
    /// The length of the byte-order mark to skip.
    bom: usize,
    pub why: Why,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// UTF-8 without a mark, or plain ASCII.
    Valid,
    ByteOrderMark,
    Named,
    Detected,
}

impl Chosen {
    /// The bytes as they are, for a look at their ASCII parts.
    pub fn raw() -> Chosen {
        Chosen {
            encoding: UTF_8,
            bom: 0,
            why: Why::Valid,
        }
    }

    /// A line for the run's messages when the file was read in an encoding
    /// chosen by a guess, so a wrong one is never silent.
    pub fn note(&self, origin: &str) -> Option<String> {
        (self.why == Why::Detected).then(|| {
            format!(
                "{origin}: not UTF-8; read as {} ({}), detected. If names print wrongly, name the \
                 encoding with --encoding, or export the sheet as \"CSV UTF-8\"",
                self.encoding.name(),
                describe(self.encoding)
            )
        })
    }
}

/// The encoding of a `--encoding` value: a WHATWG label (windows-1251, utf-16le,
/// gbk, shift_jis, latin1, ...) or a Windows code page number (1251, 936).
pub fn by_name(name: &str) -> std::result::Result<&'static Encoding, String> {
    let name = name.trim();
    let found = if name.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty() {
        match name {
            "65001" => Some(UTF_8),
            "1200" => Some(encoding_rs::UTF_16LE),
            "1201" => Some(encoding_rs::UTF_16BE),
            "932" => Some(SHIFT_JIS),
            "936" => Some(GBK),
            "949" => Some(EUC_KR),
            "950" => Some(BIG5),
            "874" => Some(WINDOWS_874),
            n => Encoding::for_label(format!("windows-{n}").as_bytes()),
        }
    } else {
        Encoding::for_label(name.as_bytes())
    };
    // The WHATWG "replacement" encoding turns any file into one character.
    found.filter(|e| *e != encoding_rs::REPLACEMENT).ok_or_else(|| {
        format!(
            "--encoding {}: not an encoding mikit knows; give a name such as utf-8, utf-16le, \
             windows-1252, windows-1251, gbk or shift_jis, or a Windows code page number such as 1251 or 936",
            shown(name)
        )
    })
}

/// What the encoding is for, in a few words.
fn describe(encoding: &'static Encoding) -> &'static str {
    match encoding.name() {
        "windows-1252" => "Western European",
        "windows-1250" => "Central European",
        "windows-1251" => "Cyrillic",
        "windows-1253" => "Greek",
        "windows-1254" => "Turkish",
        "windows-1255" => "Hebrew",
        "windows-1256" => "Arabic",
        "windows-1257" => "Baltic",
        "windows-1258" => "Vietnamese",
        "windows-874" => "Thai",
        "Shift_JIS" => "Japanese",
        "GBK" | "gb18030" => "Simplified Chinese",
        "EUC-KR" => "Korean",
        "Big5" => "Traditional Chinese",
        "UTF-16LE" | "UTF-16BE" => "Excel's \"Unicode text\"",
        _ => "a legacy encoding",
    }
}

/// Decides the encoding of the CSV file at `path`, reading it once (twice
/// when it is not UTF-8) without keeping it.
pub fn choose(
    origin: &str,
    path: &Path,
    named: Option<&'static Encoding>,
    regions: impl FnOnce() -> Vec<String>,
) -> Result<Chosen> {
    let read_fail = |e: io::Error| Error::no_input(format!("{origin}: cannot read it: {e}"));
    let mut input = BufReader::with_capacity(64 * 1024, open_file(path)?);
    let start = input.fill_buf().map_err(read_fail)?.to_vec();
    if let Some((encoding, bom)) = Encoding::for_bom(&start) {
        if let Some(named) = named.filter(|n| *n != encoding) {
            return Err(Error::usage(format!(
                "{origin} starts with a byte-order mark that says it is {}, not {}: leave out --encoding",
                encoding.name(),
                named.name()
            )));
        }
        return Ok(Chosen {
            encoding,
            bom,
            why: Why::ByteOrderMark,
        });
    }
    if let Some(named) = named {
        return Ok(Chosen {
            encoding: named,
            bom: 0,
            why: Why::Named,
        });
    }
    if let Some(what) = not_text(&start) {
        return Err(
            Error::data(format!("{origin}: this is {what}, not a CSV export.")).nothing_written(),
        );
    }
    if is_utf8(&mut input).map_err(read_fail)?.is_some() {
        // A UTF-8 file, perhaps with a bad line the CSV reader will name.
        return Ok(Chosen {
            encoding: UTF_8,
            bom: 0,
            why: Why::Valid,
        });
    }
    let input = BufReader::with_capacity(64 * 1024, open_file(path)?);
    let survey = Survey::of(input).map_err(read_fail)?;
    let regions: Vec<String> = regions()
        .into_iter()
        .filter(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    let hints: Vec<&[u8]> = if regions.is_empty() {
        REGIONS.to_vec()
    } else {
        regions.iter().map(|r| r.as_bytes()).collect()
    };
    let mut guesses: Vec<&'static Encoding> = Vec::new();
    for tld in std::iter::once(None).chain(hints.into_iter().map(Some)) {
        let guess = survey.detector.guess(tld, Utf8Detection::Deny);
        if !guesses.contains(&guess) {
            guesses.push(guess);
        }
    }
    let fits = |e: &&'static Encoding| survey.fits(e);
    let plausible: Vec<&'static Encoding> = guesses.iter().copied().filter(fits).collect();
    if let [only] = plausible.as_slice()
        && guesses.len() == 1
    {
        return Ok(Chosen {
            encoding: only,
            bom: 0,
            why: Why::Detected,
        });
    }
    // Unsure: the detector's candidates first, then every other code page that fits.
    let mut candidates = plausible;
    for e in ANSI {
        if fits(&e) && !candidates.contains(&e) {
            candidates.push(e);
        }
    }
    Err(unsure(origin, &candidates, &survey.sample))
}

fn unsure(origin: &str, candidates: &[&'static Encoding], sample: &[u8]) -> Error {
    let head = format!("{origin}: not UTF-8, and which code page it was saved in is not clear");
    let advice = "or export the sheet from Excel as \"CSV UTF-8\".";
    if candidates.is_empty() {
        return Error::new(
            ExitCode::DataErr,
            format!(
                "{head}: no Windows code page reads every byte of it. If you know the encoding, name it \
                 with --encoding; {advice}"
            ),
        )
        .nothing_written();
    }
    let readings: Vec<String> = candidates
        .iter()
        .take(6)
        .map(|e| {
            let (text, _) = e.decode_without_bom_handling(sample);
            format!("{} ({}): \"{}\"", e.name(), describe(e), shown(&text))
        })
        .collect();
    Error::new(
        ExitCode::DataErr,
        format!(
            "{head}; its first word that is not plain ASCII reads as {}. Run again with the one that \
             reads right, e.g. --encoding {}, {advice}",
            readings.join(", "),
            candidates[0].name()
        ),
    )
    .nothing_written()
}

/// What a file that is certainly no CSV is, from its first bytes.
fn not_text(start: &[u8]) -> Option<&'static str> {
    if start.starts_with(b"PK\x03\x04") {
        return Some("a workbook (.xlsx or .ods) with another name: give it its own name ending");
    }
    if start.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some(
            "an old Excel workbook (.xls) with another name: give it the name ending .xls",
        );
    }
    if start.contains(&0) {
        return Some(
            "not text (it holds zero bytes; UTF-16 without a byte-order mark is read only with \
             --encoding utf-16le)",
        );
    }
    None
}

/// Whether the rest of `input` is UTF-8, streamed: `Some(true)` when it is,
/// `Some(false)` when a byte is not UTF-8 after some that were (letters
/// beyond ASCII, all in UTF-8: a UTF-8 file with a line pasted from
/// elsewhere, whose bad line is worth naming), `None` when the first letter
/// beyond ASCII is already not UTF-8 (a legacy code page).
fn is_utf8(input: &mut impl BufRead) -> io::Result<Option<bool>> {
    let mut carry: Vec<u8> = Vec::new();
    let mut beyond_ascii = false;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(if carry.is_empty() {
                Some(true)
            } else {
                beyond_ascii.then_some(false)
            });
        }
        let n = buf.len();
        let chunk: &[u8] = if carry.is_empty() {
            buf
        } else {
            carry.extend_from_slice(buf);
            &carry
        };
        let (valid, rest) = match std::str::from_utf8(chunk) {
            Ok(_) => (chunk.len(), Vec::new()),
            // Cut inside a character: the rest comes with the next read.
            Err(e) if e.error_len().is_none() => {
                (e.valid_up_to(), chunk[e.valid_up_to()..].to_vec())
            }
            Err(e) => {
                let before = !chunk[..e.valid_up_to()].is_ascii();
                return Ok((beyond_ascii || before).then_some(false));
            }
        };
        beyond_ascii |= !chunk[..valid].is_ascii();
        carry = rest;
        input.consume(n);
    }
}

/// One read of a file that is not UTF-8: the detector fed, each code page
/// tried, and the first non-ASCII word kept to show.
struct Survey {
    detector: EncodingDetector,
    /// The code pages with a byte they cannot read, and the detector's guesses
    /// outside [`ANSI`] tried alike.
    failed: Vec<&'static Encoding>,
    sample: Vec<u8>,
}

impl Survey {
    fn of(mut input: impl BufRead) -> io::Result<Survey> {
        let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
        let mut decoders: Vec<_> = ANSI
            .iter()
            .map(|e| (*e, e.new_decoder_without_bom_handling()))
            .collect();
        let mut failed = Vec::new();
        let mut sample = Vec::new();
        let mut out = vec![0u8; 64 * 1024 * 4];
        loop {
            let buf = input.fill_buf()?;
            let last = buf.is_empty();
            detector.feed(buf, last);
            if sample.is_empty() {
                sample = first_word(buf);
            }
            for (encoding, decoder) in decoders.iter_mut() {
                if failed.contains(encoding) {
                    continue;
                }
                let mut src = buf;
                loop {
                    let (result, read, _) =
                        decoder.decode_to_utf8_without_replacement(src, &mut out, last);
                    src = &src[read..];
                    match result {
                        DecoderResult::InputEmpty => break,
                        DecoderResult::OutputFull => continue,
                        DecoderResult::Malformed(_, _) => {
                            failed.push(*encoding);
                            break;
                        }
                    }
                }
            }
            if last {
                return Ok(Survey {
                    detector,
                    failed,
                    sample,
                });
            }
            let n = buf.len();
            input.consume(n);
        }
    }

    /// Whether `encoding` read every byte. The detector only guesses code
    /// pages it can read the file in, so one outside [`ANSI`] counts as fitting.
    fn fits(&self, encoding: &&'static Encoding) -> bool {
        !self.failed.contains(encoding)
    }
}

/// The first run of bytes between ASCII separators that holds a byte
/// outside ASCII (cut at 24 bytes), to show decoded in each candidate.
fn first_word(buf: &[u8]) -> Vec<u8> {
    let Some(at) = buf.iter().position(|b| !b.is_ascii()) else {
        return Vec::new();
    };
    let is_separator = |b: &u8| b.is_ascii() && !b.is_ascii_alphanumeric();
    let start = buf[..at]
        .iter()
        .rposition(is_separator)
        .map_or(0, |i| i + 1);
    let end = buf[at..]
        .iter()
        .position(is_separator)
        .map_or(buf.len(), |i| at + i);
    buf[start..end.min(start + 24)].to_vec()
}

/// A file read as UTF-8 text: passed through when it is UTF-8, decoded
/// otherwise. A byte the encoding cannot read stops the read with a
/// [`Malformed`] error naming its line: never a silent replacement character.
pub struct Decoded<R> {
    inner: R,
    decoder: Option<encoding_rs::Decoder>,
    encoding: &'static Encoding,
    raw: Vec<u8>,
    /// Decoded bytes not yet handed out, from `given`.
    out: Vec<u8>,
    given: usize,
    lines: Lines,
    ended: bool,
}

/// A byte the encoding has no character for.
#[derive(Debug)]
pub struct Malformed {
    pub line: usize,
    pub encoding: &'static Encoding,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: a byte that is not {} text",
            self.line,
            self.encoding.name()
        )
    }
}

impl std::error::Error for Malformed {}

/// Opens the file in its chosen encoding, past its byte-order mark.
pub fn open_decoded(path: &Path, chosen: &Chosen) -> Result<Decoded<BufReader<File>>> {
    let mut inner = BufReader::new(open_file(path)?);
    let skip = chosen
        .bom
        .min(inner.fill_buf().map(<[u8]>::len).unwrap_or(0));
    inner.consume(skip);
    let decoder =
        (chosen.encoding != UTF_8).then(|| chosen.encoding.new_decoder_without_bom_handling());
    Ok(Decoded {
        inner,
        decoder,
        encoding: chosen.encoding,
        raw: vec![0; 32 * 1024],
        out: Vec::new(),
        given: 0,
        lines: Lines::default(),
        ended: false,
    })
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(decoder) = self.decoder.as_mut() else {
            return self.inner.read(buf);
        };
        while self.given == self.out.len() {
            if self.ended {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            let last = n == 0;
            self.ended = last;
            let need = decoder
                .max_utf8_buffer_length_without_replacement(n)
                .unwrap_or(n * 4 + 16);
            self.out.clear();
            self.out.resize(need, 0);
            self.given = 0;
            let (result, _, written) =
                decoder.decode_to_utf8_without_replacement(&self.raw[..n], &mut self.out, last);
            self.out.truncate(written);
            if let DecoderResult::Malformed(_, _) = result {
                self.lines.feed_all(&self.out);
                return Err(io::Error::other(Malformed {
                    line: self.lines.line,
                    encoding: self.encoding,
                }));
            }
        }
        let n = buf.len().min(self.out.len() - self.given);
        buf[..n].copy_from_slice(&self.out[self.given..self.given + n]);
        self.lines.feed_all(&self.out[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_page_numbers_and_labels() {
        assert_eq!(by_name("1251").unwrap(), WINDOWS_1251);
        assert_eq!(by_name("936").unwrap(), GBK);
        assert_eq!(by_name("cp1252").unwrap(), WINDOWS_1252);
        assert_eq!(by_name("UTF-16LE").unwrap(), encoding_rs::UTF_16LE);
        assert!(by_name("replacement").is_err());
        assert!(
            by_name("klingon")
                .unwrap_err()
                .contains("--encoding klingon")
        );
    }

    #[test]
    fn decoding_stops_at_the_line_of_a_bad_byte() {
        // 0xFF starts no character in GBK.
        let bytes = b"name\n\xcd\xf5\nbad \xff byte\n".to_vec();
        let chosen = Chosen {
            encoding: GBK,
            bom: 0,
            why: Why::Named,
        };
        let mut decoded = Decoded {
            inner: &bytes[..],
            decoder: Some(GBK.new_decoder_without_bom_handling()),
            encoding: chosen.encoding,
            raw: vec![0; 4],
            out: Vec::new(),
            given: 0,
            lines: Lines::default(),
            ended: false,
        };
        let mut text = String::new();
        let e = decoded.read_to_string(&mut text).unwrap_err();
        let malformed = e.get_ref().unwrap().downcast_ref::<Malformed>().unwrap();
        assert_eq!(malformed.line, 3);
    }

    #[test]
    fn utf8_split_across_reads_is_still_utf8() {
        let text = "name\nZoë Müller 王小明\n".repeat(1000);
        let mut input = BufReader::with_capacity(7, text.as_bytes());
        assert_eq!(is_utf8(&mut input).unwrap(), Some(true));
        let mut bad = text.into_bytes();
        bad.push(0xFF);
        let mut input = BufReader::with_capacity(7, &bad[..]);
        assert_eq!(is_utf8(&mut input).unwrap(), Some(false));
        let legacy = b"name\nZo\xeb\n";
        assert_eq!(is_utf8(&mut BufReader::new(&legacy[..])).unwrap(), None);
    }
}
