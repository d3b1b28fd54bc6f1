//! What a document says, with no idea of paper or millimetres: what content
//! makes from a template and the owner's details, and what layout sets.

/// A run of text inside a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    /// Words that must not be missed.
    Strong(String),
    /// One of the owner's values (a phone number, an IMEI, a date): bold,
    /// and kept on one line whenever it fits on one.
    Value(String),
    /// A value the owner left out: a line to write it on by hand.
    Blank,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rich(pub Vec<Inline>);

impl Rich {
    /// True when the text is nothing but a missing value.
    pub(crate) fn is_only_blank(&self) -> bool {
        let mut parts = self
            .0
            .iter()
            .filter(|i| !matches!(i, Inline::Text(t) if t.trim().is_empty()));
        matches!(
            (parts.next(), parts.next()),
            (Some(Inline::Blank), None) | (None, None)
        )
    }

    /// True when the text holds a blank to write in.
    pub(crate) fn has_blank(&self) -> bool {
        self.0.iter().any(|i| matches!(i, Inline::Blank))
    }

    pub fn plain(&self) -> String {
        self.0
            .iter()
            .map(|i| match i {
                Inline::Text(t) | Inline::Strong(t) | Inline::Value(t) => t.as_str(),
                Inline::Blank => "________________",
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    Heavy,
    Light,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub value: Rich,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title, lines under it, and optionally a QR code with
    /// its printed address (url, label) beside it.
    Title {
        link: Option<(String, String)>,
        text: String,
        lines: Vec<Rich>,
    },
    Heading(String),
    Subheading(String),
    Paragraph(Rich),
    /// Steps to tick off; numbered when order matters.
    Checklist {
        numbered: bool,
        items: Vec<Rich>,
    },
    /// Label and value rows; a missing value becomes a write-in line.
    Fields(Vec<Row>),
    /// "If this, then that" rows of the decision guide.
    Choices(Vec<(Rich, Rich)>),
    /// An empty box to fill by hand.
    WriteBox {
        label: String,
        hint: Rich,
        lines: u32,
    },
    /// A framed box: a warning that must stand apart from the steps
    /// (`Frame::Heavy`), or a note such as who prepared the kit.
    Callout {
        title: String,
        body: Vec<Rich>,
        frame: Frame,
    },
    /// A QR code of `url`, with the address printed and clickable beside it.
    Link {
        url: String,
        label: String,
        body: Vec<Rich>,
    },
    /// A table with headed columns and empty rows to fill by hand.
    Log {
        columns: Vec<String>,
        rows: u32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// File name stem, e.g. `recovery-kit`.
    pub stem: &'static str,
    /// PDF metadata: describes the document, never the owner.
    pub title: String,
    pub subject: String,
    /// Footer text left; the owner's name follows when known.
    pub footer: String,
    pub owner: Option<String>,
    /// "Page {page} of {pages}", placeholders filled by the layout.
    pub page_label: String,
    /// Marks a table's heading repeated on the page it continues on.
    pub continued: Option<String>,
    pub lang: crate::lang::Lang,
    /// Every character the template uses: the part of a font subset that
    /// all documents from one template share.
    pub alphabet: std::sync::Arc<std::collections::BTreeSet<char>>,
    pub blocks: Vec<Block>,
}
