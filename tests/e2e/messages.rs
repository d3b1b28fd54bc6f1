//! Issue 17's messages: nothing from the command line reaches a terminal
//! raw, sentences say what they mean, and every list of languages is the
//! program's one list.

use crate::common;

use common::*;

/// What a terminal would act on: ESC, BEL and the other C0 controls but the
/// line break, and C1 controls.
fn has_raw_control(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c))
}

#[test]
fn argument_errors_escape_what_they_quote() {
    let hostile = "b\u{1b}]0;PWNED\u{7}\u{1b}[2J.toml";
    let cases: Vec<Vec<&str>> = vec![
        // The reproduction: an extra argument.
        vec!["check", "a.toml", hostile],
        // Variants: --jobs, --paper, --only, an unknown subcommand, an
        // unknown flag.
        vec!["batch", "c.csv", "-o", "out", "--jobs", "\u{1b}[2J"],
        vec!["build", "d.toml", "--paper", "\u{1b}]0;x\u{7}"],
        vec!["build", "d.toml", "--only", "\u{9b}31m"],
        vec!["\u{1b}[2Jx"],
        vec!["build", "--\u{1b}[2J"],
    ];
    for args in cases {
        let output = run(mikit().args(&args));
        let said = stderr(&output);
        assert_eq!(exit_code(&output), USAGE, "{args:?}: {said}");
        assert!(!has_raw_control(&said), "{args:?} echoed raw: {said:?}");
        assert!(
            said.contains("\\u{1B}") || said.contains("\\u{9B}"),
            "{args:?} shows what was typed: {said}"
        );
    }
}

#[test]
fn an_account_id_with_letters_is_described_the_right_way_round() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write_file(tmp.path(), "d.toml", "[account]\nid = \"12ab34\"\n");
    let output = check(&file);
    let said = stderr(&output);
    assert!(said.contains("an account ID has only digits"), "{said}");
    assert!(!said.contains("it has only digits"), "{said}");
}

#[test]
fn init_dash_writes_to_standard_output() {
    let tmp = tempfile::tempdir().unwrap();
    let output = run(mikit().args(["init", "-"]).current_dir(tmp.path()));
    assert_success(&output, "init -");
    assert!(
        entries(tmp.path()).is_empty(),
        "wrote {:?}",
        entries(tmp.path())
    );
    assert!(stdout(&output).contains("[owner]"), "{}", stdout(&output));
    // A file whose name starts with a dash is suggested so that it is one.
    let output = run(mikit()
        .args(["init", "--", "-anna.toml"])
        .current_dir(tmp.path()));
    assert_success(&output, "init -- -anna.toml");
    assert!(
        stderr(&output).contains("`mikit check ./-anna.toml`"),
        "{}",
        stderr(&output)
    );
    let output = run(mikit()
        .args(["init", "my details.toml"])
        .current_dir(tmp.path()));
    assert!(
        stderr(&output).contains("`mikit check 'my details.toml'`"),
        "{}",
        stderr(&output)
    );
}

/// The languages mikit prints, from `mikit templates`, which lists the
/// program's own.
fn languages() -> Vec<String> {
    let output = run(mikit().arg("templates"));
    assert_success(&output, "templates");
    let listed = stdout(&output);
    let mut codes: Vec<String> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| {
            w.len() <= 5
                && w.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        })
        .map(str::to_string)
        .collect();
    codes.dedup();
    assert!(codes.len() >= 16, "{listed}");
    codes
}

#[test]
fn every_list_of_languages_is_the_programs_own() {
    let codes = languages();
    let all = codes.join(", ");
    // The file `mikit init` writes.
    let tmp = tempfile::tempdir().unwrap();
    let output = run(mikit().args(["init", "-"]).current_dir(tmp.path()));
    let (rest, last) = codes.split_at(codes.len() - 1);
    let sentence = format!("{} or {}", rest.join(", "), last[0]);
    assert!(
        stdout(&output).contains(&sentence),
        "init's list is not {sentence}"
    );
    // --lang's help.
    let help = stdout(&run(mikit().args(["build", "--help"])));
    assert!(
        squash(&help).contains(&all),
        "--lang help lacks {all}:\n{help}"
    );
    // The README: each language's code, in the same order.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut at = readme
        .find("Kits print in")
        .expect("the README's languages");
    for code in &codes {
        let found = readme[at..].find(&format!("(`{code}`)"));
        assert!(
            found.is_some(),
            "README lists no `{code}` after the earlier ones"
        );
        at += found.unwrap();
    }
    // The README no longer says shaped scripts are refused.
    assert!(!readme.contains("Scripts that need glyph shaping mikit does not do"));
}

#[test]
fn a_long_only_if_is_refused_without_being_echoed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_export(tmp.path(), "tp");
    let file = template_file(&dir, "en", "recovery-kit");
    let long = "account.email missing and ".repeat(8_000);
    edit_first(&file, "\nonly_if = \"", &format!("\nonly_if = \"{long}"));
    let said = templates_refused(&dir, DATA_ERR);
    assert!(
        said.contains("characters long; a condition is at most 200"),
        "{said}"
    );
    assert!(said.len() < 4_000, "{} bytes of message", said.len());
}

#[test]
fn template_problems_are_collapsed_like_details_problems() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_export(tmp.path(), "tp");
    let file = template_file(&dir, "en", "recovery-kit");
    // 5,000 paragraphs would be refused for their number; 100 checklist
    // items each with an unknown placeholder, in 50 checklists.
    let mut text = String::new();
    for _ in 0..50 {
        text.push_str("\n[[block]]\ntype = \"checklist\"\nitems = [\n");
        for i in 0..100 {
            text.push_str(&format!("  \"{{owner.nickname{i}}}\",\n"));
        }
        text.push_str("]\n");
    }
    append(&file, &text);
    let said = templates_refused(&dir, DATA_ERR);
    let lines = said.lines().count();
    assert!(lines <= 103, "{lines} lines of problems");
    assert!(
        said.contains("and 4900 more problems not shown"),
        "{}",
        said.lines().rev().take(3).collect::<Vec<_>>().join("\n")
    );
}
