//! `mikit build`: details file -> recovery kit and prep sheet PDFs.

use std::path::Path;

use mikit::content::DocKind;
use mikit::error::Result;
use mikit::layout::Paper;
use mikit::output::Plan;

use crate::cli::{BuildArgs, OnlyArg};

pub fn build(args: &BuildArgs) -> Result<()> {
    let today = super::today(args.date.as_deref())?;
    // The language is known before the details are read unless they choose
    // one; a wrong guess costs only the second thread's time.
    let lang = match &args.docs.lang {
        Some(code) => mikit::content::Lang::parse(code).ok(),
        None => Some(mikit::content::Lang::En),
    };
    mikit::warm_up(!args.text, lang.filter(|_| args.docs.templates.is_none()));
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
    let doc_settings = super::DocSettings::load(&args.docs)?;
    let settings = doc_settings.settings();
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
    let mut plan = Plan::new(args.force)
        .reads("the details file", &args.file)
        .into_folder(&args.output);
    for (what, path) in super::doc_inputs(&args.docs) {
        plan = plan.reads(what, &path);
    }
    for target in &targets {
        plan = plan.writes("the PDF", target);
    }
    plan.check()?;
    let pdfs: Vec<&Vec<u8>> = made.pdfs.iter().map(|(_, pdf)| pdf).collect();
    let writing = plan.begin()?;
    if writing.stale_removed > 0 {
        super::say(&format!(
            "removed {} left by an earlier run that was killed",
            mikit::input::count(writing.stale_removed, "unfinished file")
        ));
    }
    // Both or neither: never a kit without its prep sheet.
    let files: Vec<(&Path, &[u8])> = targets
        .iter()
        .zip(&pdfs)
        .map(|(p, b)| (p.as_path(), b.as_slice()))
        .collect();
    mikit::output::write_together(&files, args.force)?;
    drop(writing);
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

fn display(path: &Path) -> String {
    path.strip_prefix("./")
        .unwrap_or(path)
        .display()
        .to_string()
}
