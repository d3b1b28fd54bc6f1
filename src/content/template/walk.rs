//! The one walk over a template's strings: each with where it is (for a
//! problem's line) and how it is used (for what it may hold). The check and
//! the alphabet of a template's font subsets both go through it.

use std::fmt::Write as _;

use super::{BlockTemplate, MAX_BLOCKS, MAX_ITEMS, Template};

/// How a string of a template is used, which decides what it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    /// Printed with its `{placeholders}` filled and `**strong**` words.
    Filled,
    /// Printed as written: a placeholder would print as `{owner.name}`.
    Literal,
    /// The PDF's title or subject: never an owner's details.
    Metadata,
    /// The page label: `{page}` and `{pages}` only.
    PageLabel,
    /// A chrono strftime format.
    DateFormat,
    /// An address behind a QR code.
    Url,
}

/// One step of the way to a value: a key or an index into an array.
#[derive(Debug, Clone)]
pub(super) enum Step {
    Key(&'static str),
    Index(usize),
}

pub(super) type Path = Vec<Step>;

pub(super) fn path_text(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                let _ = write!(out, ".{k}");
            }
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// Every string of a template, where it is and how it is used.
pub(super) fn strings<'t>(t: &'t Template) -> Vec<(Path, &'t str, Use)> {
    let doc = |key| vec![Step::Key("document"), Step::Key(key)];
    let m = &t.document;
    let mut out: Vec<(Path, &str, Use)> = vec![
        (doc("title"), &m.title, Use::Metadata),
        (doc("subject"), &m.subject, Use::Metadata),
        (doc("footer"), &m.footer, Use::Literal),
        (doc("page"), &m.page, Use::PageLabel),
        (doc("date_day"), &m.date_day, Use::DateFormat),
        (doc("date_month"), &m.date_month, Use::DateFormat),
        (doc("date_year"), &m.date_year, Use::DateFormat),
    ];
    if let Some(continued) = &m.continued {
        out.push((doc("continued"), continued, Use::Literal));
    }
    for (i, block) in t.blocks.iter().enumerate().take(MAX_BLOCKS) {
        let at = |keys: &[&'static str]| {
            let mut p = vec![Step::Key("block"), Step::Index(i)];
            p.extend(keys.iter().map(|k| Step::Key(k)));
            p
        };
        let each = |key: &'static str, items: &'t [String], usage: Use| {
            items
                .iter()
                .enumerate()
                .take(MAX_ITEMS)
                .map(|(j, s)| {
                    let mut p = at(&[key]);
                    p.push(Step::Index(j));
                    (p, s.as_str(), usage)
                })
                .collect::<Vec<_>>()
        };
        match block {
            BlockTemplate::Title { text, lines, link } => {
                out.push((at(&["text"]), text, Use::Filled));
                out.extend(each("lines", lines, Use::Filled));
                if let Some(link) = link {
                    out.push((at(&["link", "url"]), &link.url, Use::Url));
                    out.push((at(&["link", "label"]), &link.label, Use::Literal));
                }
            }
            BlockTemplate::Heading { text }
            | BlockTemplate::Subheading { text }
            | BlockTemplate::Paragraph { text } => out.push((at(&["text"]), text, Use::Filled)),
            BlockTemplate::Checklist { items, .. } => {
                // An item is a string or `{ text, only_if }`: its position is
                // the item's either way.
                for (j, item) in items.iter().enumerate().take(MAX_ITEMS) {
                    let mut p = at(&["items"]);
                    p.push(Step::Index(j));
                    out.push((p, item.text.as_str(), Use::Filled));
                }
            }
            BlockTemplate::Fields { rows } => {
                for (j, r) in rows.iter().enumerate().take(MAX_ITEMS) {
                    let row = |key| {
                        let mut p = at(&["rows"]);
                        p.extend([Step::Index(j), Step::Key(key)]);
                        p
                    };
                    out.push((row("label"), &r.label, Use::Filled));
                    out.push((row("value"), &r.value, Use::Filled));
                }
            }
            BlockTemplate::Choices { rows } => {
                for (j, r) in rows.iter().enumerate().take(MAX_ITEMS) {
                    let row = |key| {
                        let mut p = at(&["rows"]);
                        p.extend([Step::Index(j), Step::Key(key)]);
                        p
                    };
                    out.push((row("when"), &r.when, Use::Filled));
                    out.push((row("then"), &r.then, Use::Filled));
                }
            }
            BlockTemplate::WriteBox { label, hint, .. } => {
                out.push((at(&["label"]), label, Use::Filled));
                out.push((at(&["hint"]), hint, Use::Filled));
            }
            BlockTemplate::Callout { title, body } => {
                out.push((at(&["title"]), title, Use::Filled));
                out.extend(each("body", body, Use::Filled));
            }
            BlockTemplate::Shop {
                title,
                details,
                note,
            } => {
                out.push((at(&["title"]), title, Use::Filled));
                out.extend(each("details", details, Use::Filled));
                out.push((at(&["note"]), note, Use::Filled));
            }
            BlockTemplate::Link { url, label, body } => {
                out.push((at(&["url"]), url, Use::Url));
                out.push((at(&["label"]), label, Use::Literal));
                out.extend(each("body", body, Use::Filled));
            }
            BlockTemplate::Log { columns, .. } => {
                out.extend(each("columns", columns, Use::Literal))
            }
        }
    }
    out
}

impl Template {
    /// Every string the template holds, in file order.
    pub fn strings(&self) -> Vec<&str> {
        strings(self).into_iter().map(|(_, s, _)| s).collect()
    }
}
