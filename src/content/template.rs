//! Templates: the words of each document as TOML, with `{placeholders}` for
//! the owner's values and `**...**` for words that must stand out.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Deserialize;

use super::condition::{ChecklistItem, Condition};
use super::month::{self, Checked};
use super::template_check;
use crate::details::Field;
use crate::details::toml_source::{LineIndex, toml_problem};
use crate::lang::Lang;
use crate::problem::Problem;
use crate::shop::ShopField;

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
    pub fn partial(&self, date: crate::details::PartialDate) -> String {
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

/// Where a bad condition is written. Inside a block the parser only knows
/// the block's span, so the condition the message quotes is looked up from
/// there; any other error stays at `start`.
fn condition_at(source: &str, start: usize, message: &str) -> usize {
    // The last one: an explanation may show the syntax first.
    let quoted = message
        .rsplit_once("only_if = \"")
        .and_then(|(_, rest)| rest.split('"').next());
    let Some(condition) = quoted else {
        return start;
    };
    // Conditions are compared with their spaces collapsed; find the one
    // written with the same words.
    let words: Vec<&str> = condition.split_whitespace().collect();
    source[start..]
        .match_indices("only_if")
        .find(|(i, _)| {
            let line = source[start + i..].lines().next().unwrap_or_default();
            let value = line.split('"').nth(1).unwrap_or_default();
            value.split_whitespace().eq(words.iter().copied())
        })
        .map_or(start, |(i, _)| start + i)
}

impl Template {
    /// Parses and checks a template written in `lang`. Errors start with
    /// `line N:`, one per line.
    pub fn parse(source: &str, lang: Lang) -> Result<Template, String> {
        Template::read(source, lang).map_err(|problems| {
            problems
                .iter()
                .map(|p| format!("line {}: {}", p.line, p.text()))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// Parses and checks a template written in `lang`: every problem at its
    /// line, found now rather than when a document is made from it.
    pub fn read(source: &str, lang: Lang) -> Result<Template, Vec<Problem>> {
        if source.len() > template_check::MAX_FILE_BYTES {
            return Err(vec![Problem::error(
                0,
                0,
                "",
                format!(
                    "{} KB; a template is at most {} KB",
                    source.len() / 1024,
                    template_check::MAX_FILE_BYTES / 1024
                ),
            )]);
        }
        let mut template: Template = toml::from_str(source).map_err(|e| {
            let lines = LineIndex::new(source);
            let mut problem = toml_problem(&lines, &e, "");
            // Inside a block the parser knows only the block's span: point
            // at the condition the message is about.
            if let Some(span) = e.span() {
                let at = lines.position(condition_at(source, span.start, e.message()));
                problem.line = at.line;
                problem.column = at.column;
            }
            vec![problem]
        })?;
        template.lang = lang;
        let problems = template_check::check(source, &template);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut alphabet: BTreeSet<char> = (' '..='~').collect();
        for s in template.strings() {
            alphabet.extend(s.chars().filter(|c| !c.is_control()));
        }
        // Month names come from the language's locale, not the template.
        for month in 1..=12 {
            let style = DateStyle::of(&template);
            let day = chrono::NaiveDate::from_ymd_opt(2000, month, 1).expect("a real date");
            alphabet.extend(style.format(day, &template.document.date_day).chars());
            alphabet.extend(style.format(day, &template.document.date_month).chars());
        }
        template.alphabet = Arc::new(alphabet);
        Ok(template)
    }

    /// Every string the template holds, for placeholder and glyph checks.
    pub fn strings(&self) -> Vec<&str> {
        let m = &self.document;
        let mut out = vec![m.title.as_str(), &m.subject, &m.footer, &m.page];
        // The date formats' literal words ("de", "г.") print too.
        out.extend([m.date_day.as_str(), &m.date_month, &m.date_year]);
        out.extend(m.continued.as_deref());
        for block in &self.blocks {
            match block {
                BlockTemplate::Title { text, lines, link } => {
                    out.push(text);
                    out.extend(lines.iter().map(String::as_str));
                    if let Some(link) = link {
                        out.push(&link.label);
                    }
                }
                BlockTemplate::Heading { text }
                | BlockTemplate::Subheading { text }
                | BlockTemplate::Paragraph { text } => out.push(text),
                BlockTemplate::Checklist { items, .. } => {
                    out.extend(items.iter().map(|i| i.text.as_str()))
                }
                BlockTemplate::Fields { rows } => {
                    for r in rows {
                        out.push(&r.label);
                        out.push(&r.value);
                    }
                }
                BlockTemplate::Choices { rows } => {
                    for r in rows {
                        out.push(&r.when);
                        out.push(&r.then);
                    }
                }
                BlockTemplate::WriteBox { label, hint, .. } => {
                    out.push(label);
                    out.push(hint);
                }
                BlockTemplate::Callout { title, body } => {
                    out.push(title);
                    out.extend(body.iter().map(String::as_str));
                }
                BlockTemplate::Shop {
                    title,
                    details,
                    note,
                } => {
                    out.push(title);
                    out.extend(details.iter().map(String::as_str));
                    out.push(note);
                }
                BlockTemplate::Link { url, label, body } => {
                    out.push(url);
                    out.push(label);
                    out.extend(body.iter().map(String::as_str));
                }
                BlockTemplate::Log { columns, .. } => {
                    out.extend(columns.iter().map(String::as_str))
                }
            }
        }
        out
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
