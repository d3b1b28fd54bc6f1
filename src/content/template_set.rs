//! The set of templates a run uses: the built-in ones, embedded into the
//! binary, or a shop's edited copies from a folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::DocKind;
use super::template::{MAX_FILE_BYTES, Template};
use crate::error::{Error, ExitCode, NextStep, Result};
use crate::lang::Lang;
use crate::problem::Problem;
use crate::text_file::{Unread, read_bounded};

/// The built-in templates, by language and document.
const BUILTIN: [(Lang, DocKind, &str); 32] = [
    (
        Lang::En,
        DocKind::Kit,
        include_str!("../../templates/en/recovery-kit.toml"),
    ),
    (
        Lang::En,
        DocKind::Prep,
        include_str!("../../templates/en/id-verification-prep.toml"),
    ),
    (
        Lang::Es,
        DocKind::Kit,
        include_str!("../../templates/es/recovery-kit.toml"),
    ),
    (
        Lang::Es,
        DocKind::Prep,
        include_str!("../../templates/es/id-verification-prep.toml"),
    ),
    (
        Lang::PtBr,
        DocKind::Kit,
        include_str!("../../templates/pt-BR/recovery-kit.toml"),
    ),
    (
        Lang::PtBr,
        DocKind::Prep,
        include_str!("../../templates/pt-BR/id-verification-prep.toml"),
    ),
    (
        Lang::Id,
        DocKind::Kit,
        include_str!("../../templates/id/recovery-kit.toml"),
    ),
    (
        Lang::Id,
        DocKind::Prep,
        include_str!("../../templates/id/id-verification-prep.toml"),
    ),
    (
        Lang::ZhCn,
        DocKind::Kit,
        include_str!("../../templates/zh-CN/recovery-kit.toml"),
    ),
    (
        Lang::ZhCn,
        DocKind::Prep,
        include_str!("../../templates/zh-CN/id-verification-prep.toml"),
    ),
    (
        Lang::Ru,
        DocKind::Kit,
        include_str!("../../templates/ru/recovery-kit.toml"),
    ),
    (
        Lang::Ru,
        DocKind::Prep,
        include_str!("../../templates/ru/id-verification-prep.toml"),
    ),
    (
        Lang::Fr,
        DocKind::Kit,
        include_str!("../../templates/fr/recovery-kit.toml"),
    ),
    (
        Lang::Fr,
        DocKind::Prep,
        include_str!("../../templates/fr/id-verification-prep.toml"),
    ),
    (
        Lang::De,
        DocKind::Kit,
        include_str!("../../templates/de/recovery-kit.toml"),
    ),
    (
        Lang::De,
        DocKind::Prep,
        include_str!("../../templates/de/id-verification-prep.toml"),
    ),
    (
        Lang::It,
        DocKind::Kit,
        include_str!("../../templates/it/recovery-kit.toml"),
    ),
    (
        Lang::It,
        DocKind::Prep,
        include_str!("../../templates/it/id-verification-prep.toml"),
    ),
    (
        Lang::Pl,
        DocKind::Kit,
        include_str!("../../templates/pl/recovery-kit.toml"),
    ),
    (
        Lang::Pl,
        DocKind::Prep,
        include_str!("../../templates/pl/id-verification-prep.toml"),
    ),
    (
        Lang::Tr,
        DocKind::Kit,
        include_str!("../../templates/tr/recovery-kit.toml"),
    ),
    (
        Lang::Tr,
        DocKind::Prep,
        include_str!("../../templates/tr/id-verification-prep.toml"),
    ),
    (
        Lang::Uk,
        DocKind::Kit,
        include_str!("../../templates/uk/recovery-kit.toml"),
    ),
    (
        Lang::Uk,
        DocKind::Prep,
        include_str!("../../templates/uk/id-verification-prep.toml"),
    ),
    (
        Lang::Vi,
        DocKind::Kit,
        include_str!("../../templates/vi/recovery-kit.toml"),
    ),
    (
        Lang::Vi,
        DocKind::Prep,
        include_str!("../../templates/vi/id-verification-prep.toml"),
    ),
    (
        Lang::Hi,
        DocKind::Kit,
        include_str!("../../templates/hi/recovery-kit.toml"),
    ),
    (
        Lang::Hi,
        DocKind::Prep,
        include_str!("../../templates/hi/id-verification-prep.toml"),
    ),
    (
        Lang::Ar,
        DocKind::Kit,
        include_str!("../../templates/ar/recovery-kit.toml"),
    ),
    (
        Lang::Ar,
        DocKind::Prep,
        include_str!("../../templates/ar/id-verification-prep.toml"),
    ),
    (
        Lang::Th,
        DocKind::Kit,
        include_str!("../../templates/th/recovery-kit.toml"),
    ),
    (
        Lang::Th,
        DocKind::Prep,
        include_str!("../../templates/th/id-verification-prep.toml"),
    ),
];

pub struct TemplateSet {
    /// A built-in template is parsed (and checked) when a document first
    /// asks for it: a run needs one language, and parsing all of them was
    /// most of a one-kit run. Loaded sets are complete from the start.
    templates: BTreeMap<(Lang, DocKind), OnceLock<Template>>,
}

impl TemplateSet {
    /// The built-in templates, each parsed once per process on first use.
    pub fn builtin() -> &'static TemplateSet {
        static SET: OnceLock<TemplateSet> = OnceLock::new();
        SET.get_or_init(|| TemplateSet {
            templates: BUILTIN
                .iter()
                .map(|&(lang, kind, _)| ((lang, kind), OnceLock::new()))
                .collect(),
        })
    }

    pub fn get(&self, lang: Lang, kind: DocKind) -> &Template {
        self.templates[&(lang, kind)].get_or_init(|| builtin(lang, kind))
    }

    /// The languages and documents available, in order.
    pub fn entries(&self) -> impl Iterator<Item = (Lang, DocKind)> + '_ {
        self.templates.keys().copied()
    }

    /// Where a template lives in an exported folder: `DIR/<lang>/<document>.toml`.
    pub(crate) fn path_in(dir: &Path, lang: Lang, kind: DocKind) -> PathBuf {
        dir.join(lang.code()).join(format!("{}.toml", kind.stem()))
    }

    /// Every file [`TemplateSet::load`] reads from `dir`.
    pub fn files(dir: &Path) -> Vec<PathBuf> {
        BUILTIN
            .iter()
            .map(|&(lang, kind, _)| Self::path_in(dir, lang, kind))
            .collect()
    }

    /// Reads every template from `dir`, checking each; all problems are
    /// reported at once, each with its file and line.
    pub fn load(dir: &Path) -> Result<TemplateSet> {
        if !dir.is_dir() {
            return Err(
                Error::no_input(format!("{}: no such folder", dir.display()))
                    .with_next(NextStep::ExportTemplates(dir.display().to_string())),
            );
        }
        let mut templates = BTreeMap::new();
        let mut problems = Vec::new();
        // A file that is there but cannot be read is EX_NOINPUT, not bad data.
        let mut unreadable = false;
        for (lang, kind, _) in BUILTIN {
            let path = Self::path_in(dir, lang, kind);
            let file = path.display().to_string();
            let whole = |message: String| Problem::error(0, 0, "", message).in_file(&file);
            let source = match read_bounded(&path, MAX_FILE_BYTES as u64) {
                Ok(s) => s,
                Err(Unread::Missing) => {
                    problems.push(whole(
                        "missing; every language's templates must be there (export them again and edit only what you need)".into(),
                    ));
                    continue;
                }
                Err(unread) => {
                    unreadable |= unread.code() == ExitCode::NoInput;
                    problems.push(whole(unread.message()));
                    continue;
                }
            };
            match Template::read(&source, lang) {
                Ok(template) => {
                    if let Err(e) = same_shape(&template, Self::builtin().get(lang, kind)) {
                        problems.push(whole(e));
                    }
                    problems.extend(
                        super::template::check::ink(&source, &template)
                            .into_iter()
                            .map(|p| p.in_file(&file)),
                    );
                    templates.insert((lang, kind), OnceLock::from(template));
                }
                Err(found) => problems.extend(found.into_iter().map(|p| p.in_file(&file))),
            }
        }
        if problems.is_empty() {
            return Ok(TemplateSet { templates });
        }
        // Each file's problems are collapsed already; 32 files of them are
        // still more than anyone reads before fixing the first.
        if crate::problem::collapse(&mut problems) > 0
            && let Some(last) = problems.last_mut()
            && last.file.is_none()
        {
            last.file = Some(dir.display().to_string());
        }
        let code = if unreadable {
            ExitCode::NoInput
        } else {
            ExitCode::DataErr
        };
        Err(Error::problems(
            code,
            problems,
            format!(
                "the templates in {} need fixing; no PDF was made",
                dir.display()
            ),
        ))
    }

    /// Writes the built-in templates into `dir` for editing; never over
    /// existing files. (A browser has no folders to write to.)
    #[cfg(not(target_arch = "wasm32"))]
    pub fn export(dir: &Path) -> Result<Vec<PathBuf>> {
        let targets: Vec<PathBuf> = BUILTIN
            .iter()
            .map(|&(lang, kind, _)| Self::path_in(dir, lang, kind))
            .collect();
        let taken: Vec<String> = targets
            .iter()
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !taken.is_empty() {
            return Err(Error::cant_create(format!(
                "{} already exist{}; export never replaces a template, so export into a new folder \
                 (your edits stay where they are).",
                taken.join(", "),
                if taken.len() == 1 { "s" } else { "" }
            ))
            .nothing_written());
        }
        for ((_, _, source), path) in BUILTIN.iter().zip(&targets) {
            crate::output::ensure_dir(path.parent().expect("a file in a folder"))?;
            crate::output::write_atomic(path, source.as_bytes(), false)?;
        }
        Ok(targets)
    }
}

/// An edited template may change every word, but it must keep the blocks a
/// kit is made of: a missing step is not a wording choice. Extra blocks are fine.
fn same_shape(edited: &Template, builtin: &Template) -> std::result::Result<(), String> {
    let count =
        |t: &Template, kind: &str| t.blocks.iter().filter(|b| b.kind_name() == kind).count();
    let mut missing = Vec::new();
    for block in &builtin.blocks {
        let kind = block.kind_name();
        let (want, have) = (count(builtin, kind), count(edited, kind));
        if have < want && !missing.iter().any(|(k, _, _)| *k == kind) {
            missing.push((kind, want, have));
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = missing
        .iter()
        .map(|(kind, want, have)| {
            format!("{have} \"{kind}\" blocks where the built-in template has {want}")
        })
        .collect();
    Err(format!(
        "{}; keep every block and change only the words",
        list.join(", ")
    ))
}

/// A built-in template, parsed (its checks are tests:
/// `built_in_templates_pass_every_check`).
fn builtin(lang: Lang, kind: DocKind) -> Template {
    let (_, _, source) = BUILTIN
        .iter()
        .find(|&&(l, k, _)| (l, k) == (lang, kind))
        .unwrap_or_else(|| panic!("no built-in template {}/{}", lang.code(), kind.stem()));
    Template::built_in(source, lang).unwrap_or_else(|e| {
        panic!(
            "built-in template {}/{}.toml is broken: {e}",
            lang.code(),
            kind.stem()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loaded templates are checked and measured when loaded; the built-in
    /// ones here, once, instead of on every run: the checks an edited
    /// template gets, its ink, and the same template as a run parses it.
    #[test]
    fn built_in_templates_pass_every_check() {
        for (lang, kind, source) in BUILTIN {
            let template = Template::read(source, lang)
                .unwrap_or_else(|problems| panic!("{}/{}: {problems:?}", lang.code(), kind.stem()));
            let fast = Template::built_in(source, lang).unwrap();
            assert_eq!(
                format!("{fast:?}"),
                format!("{template:?}"),
                "{}/{}",
                lang.code(),
                kind.stem()
            );
            let problems = crate::content::template::check::ink(source, &template);
            assert!(
                problems.is_empty(),
                "{}/{}: {problems:?}",
                lang.code(),
                kind.stem()
            );
        }
    }
}
