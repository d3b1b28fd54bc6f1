//! `mikit init`: a details file to fill in.

use mikit::error::Result;

use crate::cli::InitArgs;

pub fn init(args: &InitArgs) -> Result<()> {
    let template = mikit::details::init_file();
    let path = &args.file;
    // `-` is standard output, as it is standard input for check and build.
    if path.as_os_str() == "-" {
        return super::print_out(template.as_bytes());
    }
    if path.exists() {
        return Err(mikit::error::Error::cant_create(format!(
            "{} already exists; mikit init never replaces a file: give another name, e.g. `mikit init anna.toml`",
            path.display()
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        mikit::output::ensure_dir(dir)?;
    }
    mikit::output::write_atomic(path, template.as_bytes(), false)?;
    let shown = mikit::problem::escape(&as_argument(path)).into_owned();
    super::say(&format!(
        "wrote {shown}: fill it in, then run `mikit check {shown}` and `mikit build {shown}`"
    ));
    Ok(())
}

/// A path as it must be typed after a command to mean that file: never
/// read as a flag or as standard input, quoted when the shell would split it.
fn as_argument(path: &std::path::Path) -> String {
    let mut text = path.display().to_string();
    if text.starts_with('-') {
        text.insert_str(0, "./");
    }
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || "/._-+@%,:=".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
