//! A document as plain text, for `--text` previews and for reading in a terminal.

use crate::document::{Block, Document, Rich};

const BLANK: &str = "________________";

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        match block {
            Block::Title { text, lines, link } => {
                out.push_str(&format!("{text}\n{}\n", "=".repeat(text.chars().count())));
                for line in lines {
                    out.push_str(&format!("{}\n", line.plain()));
                }
                if let Some((url, label)) = link {
                    out.push_str(&format!("{label} <{url}>\n"));
                }
            }
            Block::Heading(text) => {
                out.push_str(&format!("\n{text}\n{}\n", "-".repeat(text.chars().count())));
            }
            Block::Subheading(text) => out.push_str(&format!("\n{text}\n")),
            Block::Paragraph(rich) => out.push_str(&format!("\n{}\n", rich.plain())),
            Block::Checklist { numbered, items } => {
                out.push('\n');
                for (i, item) in items.iter().enumerate() {
                    let number = if *numbered {
                        format!("{}. ", i + 1)
                    } else {
                        String::new()
                    };
                    out.push_str(&format!("[ ] {number}{}\n", item.plain()));
                }
            }
            Block::Fields(rows) => {
                out.push('\n');
                let width = rows
                    .iter()
                    .map(|r| r.label.chars().count())
                    .max()
                    .unwrap_or(0);
                for row in rows {
                    let value = if row.value.is_only_blank() {
                        BLANK.to_string()
                    } else {
                        row.value.plain()
                    };
                    out.push_str(&format!("{:width$}  {value}\n", row.label));
                }
            }
            Block::Choices(rows) => {
                out.push('\n');
                for (when, then) in rows {
                    out.push_str(&format!("- {} -> {}\n", when.plain(), then.plain()));
                }
            }
            Block::WriteBox { label, hint, .. } => {
                out.push_str(&format!("\n{label}: {BLANK}{BLANK}\n({})\n", hint.plain()));
            }
            Block::Callout { title, body, .. } => {
                out.push_str(&format!("\n!! {title}\n"));
                for para in body {
                    out.push_str(&format!("!! {}\n", para.plain()));
                }
            }
            Block::Link { url, label, body } => {
                out.push_str(&format!("\n{label} <{url}>\n"));
                out.push_str(&paragraphs(body));
            }
            Block::Log { columns, rows } => {
                out.push_str(&format!("\n| {} |\n", columns.join(" | ")));
                for _ in 0..*rows {
                    let empty: Vec<&str> = columns.iter().map(|_| "          ").collect();
                    out.push_str(&format!("| {} |\n", empty.join(" | ")));
                }
            }
        }
    }
    out
}

fn paragraphs(body: &[Rich]) -> String {
    body.iter().map(|p| format!("{}\n", p.plain())).collect()
}
