//! Templates: the words of each document as TOML, with `{placeholders}` for
//! the owner's values and `**...**` for words that must stand out. This file
//! holds what a template is; `read` makes one from its source, `check`
//! finds what is wrong with it, and `walk` goes over its strings for both.

pub(crate) mod check;
mod read;
mod walk;

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Deserialize;

use super::condition::{ChecklistItem, Condition};
use super::month::{self, Checked};
use crate::details::Field;
use crate::lang::Lang;
use crate::shop::ShopField;

// What a template may hold: an edited template is untrusted input, and
// these bound the work and the paper it can ask for.

/// The built-in templates are 5-13 KB; a shop's edit is never 20 times that.
pub(crate) const MAX_FILE_BYTES: usize = 256 * 1024;
/// The built-in documents have 16-32 blocks.
pub(crate) const MAX_BLOCKS: usize = 200;
/// Items of one list in a block: lines, rows, steps, paragraphs, columns.
pub(crate) const MAX_ITEMS: usize = 100;
/// One string: a long paragraph is 600 characters.
pub(crate) const MAX_CHARS: usize = 2000;
/// Write-in lines of a box, rows of a log: a page holds about 40.
pub(crate) const MAX_LINES: u32 = 40;
/// Columns of a log that still leave room to write in each.
pub(crate) const MAX_COLUMNS: usize = 8;

#[derive(Debug, Clone, Deserialize)]
#[serde(from = "RawTemplate")]
pub struct Template {
    pub document: Meta,
    pub blocks: Vec<BlockTemplate>,
    /// When each of `blocks` prints: `None` always.
    pub only_if: Vec<Option<Condition>>,
    /// The language the words are in: the folder the template came from.
    pub lang: Lang,
    /// Every character the template's words use, so font subsets can be
    /// shared by every document made from it.
    pub alphabet: Arc<BTreeSet<char>>,
}

/// A template as written: each block may carry an `only_if`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    document: Meta,
    #[serde(rename = "block")]
    blocks: Vec<RawBlock>,
}

#[derive(Deserialize)]
struct RawBlock {
    #[serde(flatten)]
    block: BlockTemplate,
    #[serde(default)]
    only_if: Option<Condition>,
}

impl From<RawTemplate> for Template {
    fn from(raw: RawTemplate) -> Template {
        let (blocks, only_if) = raw.blocks.into_iter().map(|b| (b.block, b.only_if)).unzip();
        Template {
            document: raw.document,
            blocks,
            only_if,
            lang: Lang::default(),
            alphabet: Arc::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: String,
    pub subject: String,
    pub footer: String,
    pub page: String,
    /// How dates print, as chrono strftime formats: a day, a month, a year.
    pub date_day: String,
    pub date_month: String,
    pub date_year: String,
    /// Marks a table's heading repeated on the page it continues on, e.g.
    /// "(continued)"; without it the heading is repeated unmarked.
    #[serde(default)]
    pub continued: Option<String>,
    /// The month the template was last reviewed: `{checked}`.
    pub checked: Checked,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum BlockTemplate {
    Title {
        text: String,
        lines: Vec<String>,
        /// A QR code and printed address beside the title.
        #[serde(default)]
        link: Option<LinkTemplate>,
    },
    Heading {
        text: String,
    },
    Subheading {
        text: String,
    },
    Paragraph {
        text: String,
    },
    Checklist {
        #[serde(default)]
        numbered: bool,
        items: Vec<ChecklistItem>,
    },
    Fields {
        rows: Vec<RowTemplate>,
    },
    Choices {
        rows: Vec<ChoiceTemplate>,
    },
    WriteBox {
        label: String,
        hint: String,
        lines: u32,
    },
    Callout {
        title: String,
        body: Vec<String>,
    },
    /// Who prepared the kit; left out when no shop is given.
    Shop {
        title: String,
        /// Joined with " · ", each left out when its value is missing.
        details: Vec<String>,
        note: String,
    },
    Link {
        url: String,
        label: String,
        body: Vec<String>,
    },
    Log {
        columns: Vec<String>,
        rows: u32,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkTemplate {
    pub url: String,
    pub label: String,
}

/// How a template prints dates.
pub struct DateStyle<'t> {
    meta: &'t Meta,
    locale: chrono::Locale,
}

impl<'t> DateStyle<'t> {
    pub fn of(template: &'t Template) -> DateStyle<'t> {
        DateStyle {
            meta: &template.document,
            locale: template.lang.locale(),
        }
    }

    pub fn format(&self, day: chrono::NaiveDate, format: &str) -> String {
        use std::fmt::Write as _;
        let format = month::expand(format, self.locale, day);
        let at = day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        let mut out = String::new();
        // Formats are tried when a template loads; one changed since (the
        // fields are public) prints the ISO date rather than panicking.
        if write!(out, "{}", at.format_localized(&format, self.locale)).is_err() {
            out = day.format("%Y-%m-%d").to_string();
        }
        out
    }

    /// The month the template was last reviewed, as `date_month` prints it,
    /// on a document made on `today`.
    pub fn checked(&self, today: chrono::NaiveDate) -> String {
        self.format(self.meta.checked.as_of(today), &self.meta.date_month)
    }

    pub fn day(&self, day: chrono::NaiveDate) -> String {
        self.format(day, &self.meta.date_day)
    }

    /// A date only as precise as the owner knew it.
    pub(crate) fn partial(&self, date: crate::details::PartialDate) -> String {
        use crate::details::PartialDate;
        match date {
            PartialDate::Year(_) => self.format(date.first_day(), &self.meta.date_year),
            PartialDate::Month(..) => self.format(date.first_day(), &self.meta.date_month),
            PartialDate::Day(d) => self.day(d),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowTemplate {
    pub label: String,
    pub value: String,
    #[serde(default)]
    pub only_if: Option<Condition>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceTemplate {
    pub when: String,
    pub then: String,
    #[serde(default)]
    pub only_if: Option<Condition>,
}

/// A value a template may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Detail(Field),
    /// The day the document was made.
    Today,
    /// A year after it was made: when the owner should check it is still right.
    ReviewBy,
    /// The month the template was last reviewed.
    Checked,
    Shop(ShopField),
}

impl Key {
    pub fn parse(name: &str) -> Option<Key> {
        match name {
            "today" => Some(Key::Today),
            "review_by" => Some(Key::ReviewBy),
            "checked" => Some(Key::Checked),
            _ => match name.strip_prefix("shop.") {
                Some(key) => ShopField::from_key(key).map(Key::Shop),
                None => Field::from_path(name).map(Key::Detail),
            },
        }
    }
}

/// A piece of template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    Text(&'a str),
    Strong(&'a str),
    Value(Key),
}

/// Splits template text into literal, strong and placeholder pieces.
pub fn tokens(text: &str) -> Result<Vec<Token<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next_brace = rest.find('{');
        let next_star = rest.find("**");
        match (next_brace, next_star) {
            (Some(b), s) if s.is_none_or(|s| b < s) => {
                if b > 0 {
                    out.push(Token::Text(&rest[..b]));
                }
                let close = rest[b..]
                    .find('}')
                    .ok_or_else(|| format!("\"{{\" without a closing \"}}\" in \"{text}\""))?;
                let name = &rest[b + 1..b + close];
                let key = Key::parse(name.trim()).ok_or_else(|| {
                    format!(
                        "unknown placeholder {{{name}}} in \"{text}\"; known: {}",
                        known_keys()
                    )
                })?;
                out.push(Token::Value(key));
                rest = &rest[b + close + 1..];
            }
            (_, Some(s)) => {
                if s > 0 {
                    out.push(Token::Text(&rest[..s]));
                }
                let after = &rest[s + 2..];
                let close = after
                    .find("**")
                    .ok_or_else(|| format!("\"**\" without a closing \"**\" in \"{text}\""))?;
                strong(&after[..close], &mut out)?;
                rest = &after[close + 2..];
            }
            (None, None) => {
                out.push(Token::Text(rest));
                rest = "";
            }
            (Some(_), _) => unreachable!("covered by the first arm"),
        }
    }
    Ok(out)
}

/// The words between `**` and `**`: placeholders there are filled like any
/// other (a value prints bold anyway), the rest is strong text.
fn strong<'a>(inner: &'a str, out: &mut Vec<Token<'a>>) -> Result<(), String> {
    for token in tokens(inner)? {
        out.push(match token {
            Token::Text(t) => Token::Strong(t),
            other => other,
        });
    }
    Ok(())
}

fn known_keys() -> String {
    let mut keys: Vec<String> = crate::details::SCHEMA
        .iter()
        .flat_map(|s| s.fields.iter().map(|(_, f)| format!("{{{}}}", f.path())))
        .collect();
    keys.push("{today}".into());
    keys.push("{review_by}".into());
    keys.push("{checked}".into());
    keys.extend(
        [
            "{shop.name}",
            "{shop.address}",
            "{shop.phone}",
            "{shop.email}",
            "{shop.note}",
        ]
        .map(String::from),
    );
    keys.join(", ")
}

impl BlockTemplate {
    /// The `type` the block has in TOML.
    pub fn kind_name(&self) -> &'static str {
        match self {
            BlockTemplate::Title { .. } => "title",
            BlockTemplate::Heading { .. } => "heading",
            BlockTemplate::Subheading { .. } => "subheading",
            BlockTemplate::Paragraph { .. } => "paragraph",
            BlockTemplate::Checklist { .. } => "checklist",
            BlockTemplate::Fields { .. } => "fields",
            BlockTemplate::Choices { .. } => "choices",
            BlockTemplate::WriteBox { .. } => "write_box",
            BlockTemplate::Callout { .. } => "callout",
            BlockTemplate::Shop { .. } => "shop",
            BlockTemplate::Link { .. } => "link",
            BlockTemplate::Log { .. } => "log",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_placeholders_and_strong() {
        let t = tokens("Call **now** on {account.phone}.").unwrap();
        assert_eq!(
            t,
            vec![
                Token::Text("Call "),
                Token::Strong("now"),
                Token::Text(" on "),
                Token::Value(Key::Detail(Field::Phone)),
                Token::Text("."),
            ]
        );
    }

    #[test]
    fn unknown_placeholder_is_an_error() {
        let err = tokens("Hello {account.emial}").unwrap_err();
        assert!(err.contains("unknown placeholder {account.emial}"), "{err}");
    }
}
