//! `mikit init`: a details file to fill in.

use mikit::error::Result;

use crate::cli::InitArgs;

/// The details template, every field explained, no value filled in.
const TEMPLATE: &str = include_str!("../../templates/details.toml");

pub fn init(args: &InitArgs) -> Result<()> {
    let path = &args.file;
    if path.exists() {
        return Err(mikit::error::Error::cant_create(format!(
            "{} already exists; mikit init never replaces a file: give another name, e.g. `mikit init anna.toml`",
            path.display()
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        mikit::output::ensure_dir(dir)?;
    }
    mikit::output::write_atomic(path, TEMPLATE.as_bytes(), false)?;
    let shown = mikit::problem::escape(&path.display().to_string()).into_owned();
    super::say(&format!(
        "wrote {shown}: fill it in, then run `mikit check {shown}` and `mikit build {shown}`"
    ));
    Ok(())
}
