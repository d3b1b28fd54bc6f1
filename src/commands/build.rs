//! `mikit build`: details file -> recovery kit and prep sheet PDFs.

use std::path::Path;

use mikit::content::DocKind;
use mikit::error::Result;
use mikit::layout::Paper;

use crate::cli::{BuildArgs, OnlyArg};

pub fn build(args: &BuildArgs) -> Result<()> {
    let today = super::today(args.date.as_deref())?;
    // The language is known before the details are read unless they choose
    // one; a wrong guess costs only the second thread's time.
    let lang = match &args.docs.lang {
        Some(code) => mikit::content::Lang::parse(code).ok(),
        None => Some(mikit::content::Lang::En),
    };
    mikit::pipeline::warm_up(!args.text, lang.filter(|_| args.docs.templates.is_none()));
    let loaded = mikit::input::read_details(&args.file, today)?;
    for warning in &loaded.warnings {
        super::report_problem(warning);
    }
    let details = loaded.details;
    let kinds: Vec<DocKind> = match args.only {
        None => DocKind::ALL.to_vec(),
        Some(OnlyArg::Kit) => vec![DocKind::Kit],
        Some(OnlyArg::Prep) => vec![DocKind::Prep],
    };
    let (shop, templates, lang) = super::doc_settings(&args.docs)?;
    let settings = mikit::Settings {
        templates,
        lang,
        shop: shop.as_ref(),
    };
    if args.text {
        let docs = kinds
            .iter()
            .map(|&k| mikit::document_with(k, &details, today, &settings))
            .collect::<Result<Vec<_>>>()?;
        let text: String = docs
            .iter()
            .map(|doc| format!("{}\n", mikit::render::text::render(doc)))
            .collect();
        return super::print_out(text.as_bytes());
    }
    // Every PDF is made before the first is written: a failure leaves nothing
    // behind. The same call as the browser page's (mikit::api::make).
    let made = mikit::api::make(
        &details,
        &kinds,
        today,
        &settings,
        args.paper.map(Paper::from),
    )?;
    let paper = made.paper;
    let targets: Vec<_> = made
        .pdfs
        .iter()
        .map(|(kind, _)| args.output.join(format!("{}.pdf", kind.stem())))
        .collect();
    let pdfs: Vec<&Vec<u8>> = made.pdfs.iter().map(|(_, pdf)| pdf).collect();
    refuse_clashes(args, &targets)?;
    mikit::output::ensure_dir(&args.output)?;
    let lock = mikit::output::FolderLock::acquire(&args.output)?;
    let stale = lock.remove_stale_parts();
    if stale > 0 {
        super::say(&format!(
            "removed {} left by an earlier run that was killed",
            mikit::input::count(stale, "unfinished file")
        ));
    }
    mikit::output::check_free(&targets, args.force)?;
    // Both or neither: never a kit without its prep sheet.
    let files: Vec<(&Path, &[u8])> = targets
        .iter()
        .zip(&pdfs)
        .map(|(p, b)| (p.as_path(), b.as_slice()))
        .collect();
    mikit::output::write_together(&files, args.force)?;
    drop(lock);
    for (path, bytes) in targets.iter().zip(&pdfs) {
        super::say(&format!(
            "wrote {} ({} KB, {})",
            mikit::problem::escape(&display(path)),
            bytes.len().div_ceil(1024),
            paper.name()
        ));
    }
    Ok(())
}

/// Refuses, before anything is written, a PDF that would replace one of the
/// build's own inputs (a details or shop file named like a PDF, or linked).
fn refuse_clashes(args: &BuildArgs, targets: &[std::path::PathBuf]) -> Result<()> {
    let mut inputs: Vec<&Path> = Vec::new();
    if args.file.as_os_str() != "-" {
        inputs.push(&args.file);
    }
    inputs.extend(args.docs.shop.as_deref());
    for target in targets {
        let at = mikit::output::resolved(target);
        for input in &inputs {
            if mikit::output::resolved(input) == at || mikit::output::same_file(input, target) {
                return Err(mikit::error::Error::usage(format!(
                    "{} would be written over {}, an input of this build; write elsewhere with -o. \
                     Nothing was written",
                    display(target),
                    input.display()
                )));
            }
        }
    }
    Ok(())
}

fn display(path: &Path) -> String {
    path.strip_prefix("./")
        .unwrap_or(path)
        .display()
        .to_string()
}
