//! Templates: the words of each document as TOML, with `{placeholders}` for
//! the owner's values and `**...**` for words that must stand out.

use serde::Deserialize;

use crate::details::Field;
use crate::shop::ShopField;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub document: Meta,
    #[serde(rename = "block")]
    pub blocks: Vec<BlockTemplate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: String,
    pub subject: String,
    pub footer: String,
    pub page: String,
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
        items: Vec<String>,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowTemplate {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceTemplate {
    pub when: String,
    pub then: String,
}

/// A value a template may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Detail(Field),
    /// The day the document was made.
    Today,
    /// A year after it was made: when the owner should check it is still right.
    ReviewBy,
    Shop(ShopField),
}

impl Key {
    pub fn parse(name: &str) -> Option<Key> {
        match name {
            "today" => Some(Key::Today),
            "review_by" => Some(Key::ReviewBy),
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

impl Template {
    pub fn parse(source: &str) -> Result<Template, String> {
        let template: Template = toml::from_str(source).map_err(|e| {
            let line = e
                .span()
                .map(|s| source[..s.start].matches('\n').count() + 1)
                .unwrap_or(0);
            format!("line {line}: {}", e.message())
        })?;
        template.check_placeholders()?;
        Ok(template)
    }

    /// Every string the template holds, for placeholder and glyph checks.
    pub fn strings(&self) -> Vec<&str> {
        let m = &self.document;
        let mut out = vec![m.title.as_str(), &m.subject, &m.footer, &m.page];
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
                    out.extend(items.iter().map(String::as_str))
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

    fn check_placeholders(&self) -> Result<(), String> {
        let page = self.document.page.as_str();
        for s in self
            .strings()
            .into_iter()
            .filter(|s| !std::ptr::eq(*s, page))
        {
            tokens(s)?;
        }
        // The page label is filled by the layout, not from details.
        if !self.document.page.contains("{page}") || !self.document.page.contains("{pages}") {
            return Err("document.page must contain {page} and {pages}".into());
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
