//! Templates plus validated details give a Document.

mod condition;
mod month;
mod template;
mod template_set;

pub use crate::document::{Block, Document, Frame, Inline, Rich, Row};
pub use crate::lang::Lang;
pub use condition::{ChecklistItem, Condition};
pub use template::{BlockTemplate, DateStyle, Key, Template, Token, tokens};
pub use template_set::TemplateSet;

use chrono::{Months, NaiveDate};

use crate::details::{Details, Field};
use crate::error::{Error, Result};
use crate::shop::Shop;

/// The two documents mikit makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    Kit,
    Prep,
}

impl DocKind {
    pub const ALL: [DocKind; 2] = [DocKind::Kit, DocKind::Prep];

    pub fn stem(self) -> &'static str {
        match self {
            DocKind::Kit => "recovery-kit",
            DocKind::Prep => "id-verification-prep",
        }
    }
}

/// What a template's placeholders are filled from.
pub struct Context<'a> {
    pub details: &'a Details,
    pub today: NaiveDate,
    pub shop: Option<&'a Shop>,
}

/// A context and the template being filled: dates print the template's way.
struct Fill<'a> {
    ctx: &'a Context<'a>,
    dates: DateStyle<'a>,
    lang: Lang,
}

impl Fill<'_> {
    fn value(&self, key: Key) -> Option<String> {
        let d = self.ctx.details;
        match key {
            Key::Detail(Field::Created) => d.created.map(|c| self.dates.partial(c)),
            Key::Detail(Field::Purchased) => d.purchased.map(|c| self.dates.partial(c)),
            Key::Detail(Field::Region) => d.region.map(|r| r.name_in(self.lang).into_owned()),
            Key::Detail(field) => d.value(field),
            Key::Today => Some(self.dates.day(self.ctx.today)),
            Key::ReviewBy => Some(
                self.dates.day(
                    self.ctx
                        .today
                        .checked_add_months(Months::new(12))
                        .unwrap_or(self.ctx.today),
                ),
            ),
            Key::Checked => Some(self.dates.checked(self.ctx.today)),
            Key::Shop(field) => self.ctx.shop.and_then(|s| s.value(field)),
        }
    }

    fn rich(&self, text: &str) -> Result<Rich> {
        let tokens = tokens(text).map_err(Error::internal)?;
        Ok(Rich(
            tokens
                .into_iter()
                .map(|t| match t {
                    Token::Text(s) => Inline::Text(s.to_string()),
                    Token::Strong(s) => Inline::Strong(s.to_string()),
                    Token::Value(key) => match self.value(key) {
                        Some(v) => Inline::Value(v),
                        None => Inline::Blank,
                    },
                })
                .collect(),
        ))
    }

    /// Text with the values in it, for a title or a label. In a right-to-left
    /// document each value is isolated, as layout does for rich text, so an
    /// email or a phone number keeps its order inside the sentence.
    fn plain(&self, text: &str) -> Result<String> {
        let mut rich = self.rich(text)?;
        self.isolate(&mut rich);
        Ok(rich.plain())
    }

    fn isolate(&self, rich: &mut Rich) {
        if self.lang.direction().is_rtl() {
            for inline in &mut rich.0 {
                if let Inline::Value(t) = inline {
                    *t = crate::shape::isolate(t);
                }
            }
        }
    }

    fn all(&self, texts: &[String]) -> Result<Vec<Rich>> {
        texts.iter().map(|t| self.rich(t)).collect()
    }

    /// Whether something with this condition prints for this owner.
    fn shows(&self, only_if: Option<&Condition>) -> bool {
        only_if.is_none_or(|c| c.holds(self.ctx.details))
    }
}

/// Fills a template with the owner's details.
pub fn build(kind: DocKind, template: &Template, ctx: &Context<'_>) -> Result<Document> {
    let fill = Fill {
        ctx,
        dates: DateStyle::of(template),
        lang: template.lang,
    };
    let blocks = template
        .blocks
        .iter()
        .zip(&template.only_if)
        .filter(|(_, only_if)| fill.shows(only_if.as_ref()))
        .filter_map(|(b, _)| block(b, &fill).transpose())
        .collect::<Result<Vec<_>>>()?;
    Ok(Document {
        stem: kind.stem(),
        title: template.document.title.clone(),
        subject: template.document.subject.clone(),
        footer: template.document.footer.clone(),
        owner: ctx.details.name.clone(),
        lang: template.lang,
        page_label: template.document.page.clone(),
        continued: template.document.continued.clone(),
        alphabet: template.alphabet.clone(),
        blocks,
    })
}

/// The block a template block becomes; `None` when it has nothing to say.
fn block(b: &BlockTemplate, ctx: &Fill<'_>) -> Result<Option<Block>> {
    Ok(Some(match b {
        BlockTemplate::Title { text, lines, link } => Block::Title {
            link: link.as_ref().map(|l| (l.url.clone(), l.label.clone())),
            text: ctx.plain(text)?,
            lines: ctx.all(lines)?,
        },
        BlockTemplate::Heading { text } => Block::Heading(ctx.plain(text)?),
        BlockTemplate::Subheading { text } => Block::Subheading(ctx.plain(text)?),
        BlockTemplate::Paragraph { text } => Block::Paragraph(ctx.rich(text)?),
        BlockTemplate::Checklist { numbered, items } => {
            let items: Vec<Rich> = items
                .iter()
                .filter(|i| ctx.shows(i.only_if.as_ref()))
                .map(|i| ctx.rich(&i.text))
                .collect::<Result<_>>()?;
            // Every item was for other owners: nothing to print, not an empty list.
            if items.is_empty() {
                return Ok(None);
            }
            Block::Checklist {
                numbered: *numbered,
                items,
            }
        }
        BlockTemplate::Fields { rows } => Block::Fields(
            rows.iter()
                .filter(|r| ctx.shows(r.only_if.as_ref()))
                .map(|r| {
                    Ok(Row {
                        label: ctx.plain(&r.label)?,
                        value: ctx.rich(&r.value)?,
                    })
                })
                .collect::<Result<_>>()?,
        ),
        BlockTemplate::Choices { rows } => Block::Choices(
            rows.iter()
                .filter(|r| ctx.shows(r.only_if.as_ref()))
                .map(|r| Ok((ctx.rich(&r.when)?, ctx.rich(&r.then)?)))
                .collect::<Result<_>>()?,
        ),
        BlockTemplate::WriteBox { label, hint, lines } => Block::WriteBox {
            label: ctx.plain(label)?,
            hint: ctx.rich(hint)?,
            lines: *lines,
        },
        BlockTemplate::Callout { title, body } => Block::Callout {
            title: ctx.plain(title)?,
            body: ctx.all(body)?,
            frame: Frame::Heavy,
        },
        BlockTemplate::Shop {
            title,
            details,
            note,
        } => {
            if ctx.ctx.shop.is_none() {
                return Ok(None);
            }
            // Only the parts the shop gave, so no write-in blanks appear here.
            let given: Vec<Rich> = details
                .iter()
                .map(|d| ctx.rich(d))
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .filter(|r| !r.has_blank())
                .collect();
            let mut line = Vec::new();
            for (i, part) in given.into_iter().enumerate() {
                if i > 0 {
                    line.push(Inline::Text("  ·  ".into()));
                }
                line.extend(part.0);
            }
            let mut body = vec![Rich(line)];
            let note = ctx.rich(note)?;
            if !note.has_blank() {
                body.push(note);
            }
            // The shop's words are a note, not the owner's values: no bold.
            for rich in &mut body {
                ctx.isolate(rich);
                for inline in &mut rich.0 {
                    if let Inline::Strong(t) | Inline::Value(t) = inline {
                        *inline = Inline::Text(std::mem::take(t));
                    }
                }
            }
            Block::Callout {
                title: ctx.plain(title)?,
                body,
                frame: Frame::Light,
            }
        }
        BlockTemplate::Link { url, label, body } => Block::Link {
            url: url.clone(),
            label: label.clone(),
            body: ctx.all(body)?,
        },
        BlockTemplate::Log { columns, rows } => Block::Log {
            columns: columns.clone(),
            rows: *rows,
        },
    }))
}
