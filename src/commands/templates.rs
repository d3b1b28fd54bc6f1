//! `mikit templates`: what documents and languages there are, and editable
//! copies of them.

use mikit::content::{DocKind, TemplateSet};
use mikit::error::Result;

use crate::cli::TemplatesAction;

pub fn templates(action: Option<&TemplatesAction>) -> Result<()> {
    match action {
        None => {
            let set = TemplateSet::builtin();
            let mut out = String::from("Documents:\n");
            for kind in DocKind::ALL {
                out.push_str(&format!("  {}\n", kind.stem()));
            }
            out.push_str("Languages (--lang, or language in a details file or CSV):\n");
            let mut langs: Vec<_> = set.entries().map(|(l, _)| l).collect();
            langs.dedup();
            for lang in langs {
                out.push_str(&format!("  {:6} {}\n", lang.code(), lang.name()));
            }
            out.push_str(
                "Edit them: mikit templates export DIR, then --templates DIR on build or batch.\n",
            );
            super::print_out(out.as_bytes())
        }
        Some(TemplatesAction::Export { dir }) => {
            let written = TemplateSet::export(dir)?;
            super::say(&format!(
                "wrote {} templates into {}: edit the words, keep the blocks and {{placeholders}}, then use --templates {}",
                written.len(),
                mikit::problem::escape(&dir.display().to_string()),
                mikit::problem::escape(&dir.display().to_string())
            ));
            Ok(())
        }
    }
}
