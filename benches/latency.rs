//! One owner's run in a fresh process, as an owner meets it: `mikit build` of
//! one kit pair and `mikit check`, each with and without phone numbers.
//! Run: cargo bench --bench latency [-- ROUNDS]   (default 30)
//!
//! Then the same kit pair in languages whose text is shaped (Hindi, Arabic,
//! Thai) beside English.
//!
//! Wall time per run (min and median) and CPU time per run (user + system of
//! the finished children, from /proc/self/stat, 10 ms ticks summed over all rounds).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// User + system CPU seconds of this process's waited-for children.
fn children_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; cutime and cstime are 16 and 17.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (tick(13) + tick(14)) / 100.0
}

fn measure(what: &str, rounds: usize, mut cmd: impl FnMut() -> Command) {
    let mut walls = Vec::with_capacity(rounds);
    let cpu_before = children_cpu();
    for _ in 0..rounds {
        let mut c = cmd();
        let started = Instant::now();
        let out = c.output().expect("run mikit");
        walls.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(
            out.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let cpu = (children_cpu() - cpu_before) * 1000.0 / rounds as f64;
    walls.sort_by(f64::total_cmp);
    println!(
        "  {what:<40} wall min {:6.1} ms, median {:6.1} ms; CPU {:5.1} ms",
        walls[0],
        walls[rounds / 2],
        cpu
    );
}

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(30);
    let mikit = env!("CARGO_BIN_EXE_mikit");
    let dir = tempfile::tempdir().expect("temp dir");
    let with = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/priya-nair.toml");
    let text = std::fs::read_to_string(&with).expect("example");
    let without_text: String = text
        .lines()
        .filter(|l| !l.contains("phone"))
        .map(|l| format!("{l}\n"))
        .collect();
    let without = dir.path().join("no-phone.toml");
    std::fs::write(&without, without_text).expect("write details");
    let out = dir.path().join("out");
    println!("{rounds} runs each, fresh process, {mikit}");
    for (label, details) in [("with phone numbers", &with), ("without", &without)] {
        measure(&format!("build one kit pair, {label}"), rounds, || {
            let mut c = Command::new(mikit);
            c.arg("build").arg(details).arg("-o").arg(&out).args([
                "--force",
                "--date",
                "2026-11-27",
            ]);
            c
        });
        measure(&format!("check, {label}"), rounds, || {
            let mut c = Command::new(mikit);
            c.arg("check").arg(details);
            c
        });
    }
    // Shaped scripts: the shaper and a script font join the Latin faces.
    for lang in ["en", "hi", "ar", "th"] {
        measure(
            &format!("build one kit pair, --lang {lang}"),
            rounds,
            || {
                let mut c = Command::new(mikit);
                c.arg("build").arg(&with).arg("-o").arg(&out).args([
                    "--force",
                    "--date",
                    "2026-11-27",
                    "--lang",
                    lang,
                ]);
                c
            },
        );
    }
}
