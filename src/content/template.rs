//! Templates: the words of each document as TOML, with `{placeholders}` for
//! the owner's values and `**...**` for words that must stand out.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::format::{Item, StrftimeItems};
use serde::Deserialize;

use super::condition::{ChecklistItem, Condition};
use super::month::{self, Checked};
use crate::details::Field;
use crate::lang::Lang;
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
    /// The month the steps were compared with Xiaomi's screens: `{checked}`.
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
        let format = month::expand(format, self.locale, day);
        let at = day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        at.format_localized(&format, self.locale).to_string()
    }

    /// The month the template was checked, as `date_month` prints it.
    pub fn checked(&self) -> String {
        self.format(self.meta.checked.0, &self.meta.date_month)
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
    /// The month the template's steps were checked against Xiaomi's screens.
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
                out.push(Token::Strong(&after[..close]));
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
    /// `line N:` where the TOML parser knows the line.
    pub fn parse(source: &str, lang: Lang) -> Result<Template, String> {
        let mut template: Template = toml::from_str(source).map_err(|e| {
            let start = e.span().map(|s| condition_at(source, s.start, e.message()));
            let line = start
                .map(|at| source[..at].matches('\n').count() + 1)
                .unwrap_or(0);
            format!("line {line}: {}", e.message().trim())
        })?;
        template.lang = lang;
        // These checks name what is wrong; the line is found from that.
        let at = |(needle, message): (String, String)| {
            let line = source
                .find(needle.as_str())
                .map(|i| source[..i].matches('\n').count() + 1)
                .unwrap_or(1);
            format!("line {line}: {message}")
        };
        template.check_placeholders().map_err(at)?;
        template.check_dates().map_err(at)?;
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

    /// A date format chrono cannot follow would fail only when a date is
    /// printed; refuse it when the template is loaded instead.
    /// Errs with what to look for in the source, and the message.
    fn check_dates(&self) -> Result<(), (String, String)> {
        let m = &self.document;
        for (key, format) in [
            ("date_day", &m.date_day),
            ("date_month", &m.date_month),
            ("date_year", &m.date_year),
        ] {
            let day = self.document.checked.0;
            let expanded = month::expand(format, self.lang.locale(), day);
            let broken = StrftimeItems::new_with_locale(&expanded, self.lang.locale())
                .any(|i| matches!(i, Item::Error));
            if broken || format.trim().is_empty() {
                return Err((
                    key.to_string(),
                    format!(
                        "document.{key} = \"{format}\" is not a date format; use chrono's strftime codes, e.g. \"%-d %B %Y\""
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Every string the template holds, for placeholder and glyph checks.
    pub fn strings(&self) -> Vec<&str> {
        let m = &self.document;
        let mut out = vec![m.title.as_str(), &m.subject, &m.footer, &m.page];
        // The date formats' literal words ("de", "г.") print too.
        out.extend([m.date_day.as_str(), &m.date_month, &m.date_year]);
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

    /// Errs with what to look for in the source, and the message.
    fn check_placeholders(&self) -> Result<(), (String, String)> {
        let page = self.document.page.as_str();
        for s in self
            .strings()
            .into_iter()
            .filter(|s| !std::ptr::eq(*s, page))
        {
            if let Err(message) = tokens(s) {
                // The first placeholder-looking part of the string that does not
                // parse is what the editor typed; find its line by it.
                let needle = s
                    .split('{')
                    .skip(1)
                    .map(|rest| format!("{{{}", rest.split('}').next().unwrap_or(rest)))
                    .find(|p| tokens(&format!("{p}}}")).is_err())
                    .unwrap_or_else(|| s.chars().take(40).collect());
                return Err((needle, message));
            }
        }
        // The page label is filled by the layout, not from details.
        if !self.document.page.contains("{page}") || !self.document.page.contains("{pages}") {
            return Err((
                "page".into(),
                "document.page must contain {page} and {pages}".into(),
            ));
        }
        Ok(())
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
