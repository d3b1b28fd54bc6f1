//! Time to shape one short line per script: bidi, itemisation, breaks and
//! rustybuzz together, as layout will call them. Run: cargo bench --bench shaping
//!
//! Prints CPU time as well as wall time: on a shared machine the wall time
//! mostly measures the other processes.

use std::time::Instant;

use mikit::layout::Pt;
use mikit::shape::{Direction, Font, FontSet, Paragraph, isolate};
use unicode_script::Script;

fn main() {
    let f = |bytes, scripts: &[Script]| Font::new(bytes, scripts).unwrap();
    let fonts = FontSet::new(vec![
        f(
            include_bytes!("../fonts/NotoSans-Regular.ttf"),
            &[Script::Latin],
        ),
        f(
            include_bytes!("../fonts/NotoSansArabic-Regular.ttf"),
            &[Script::Arabic],
        ),
        f(
            include_bytes!("../fonts/NotoSansDevanagari-Regular.ttf"),
            &[Script::Devanagari],
        ),
        f(
            include_bytes!("../fonts/NotoSansThai-Regular.ttf"),
            &[Script::Thai],
        ),
    ]);
    let phone = isolate("+971 50 123 4567");
    let lines = [
        (
            "Latin",
            "Account holder: Priya Nair".to_string(),
            Direction::Ltr,
        ),
        (
            "Arabic + number",
            format!("الهاتف: {phone}"),
            Direction::Rtl,
        ),
        (
            "Devanagari",
            "खाता धारक: प्रिया शर्मा".to_string(),
            Direction::Ltr,
        ),
        ("Thai", "ชื่อเจ้าของบัญชี: สมชาย ใจดี".to_string(), Direction::Ltr),
    ];
    let rounds = 2000;
    for (name, text, dir) in &lines {
        let t = Instant::now();
        let cpu = cpu_ns();
        let mut glyphs = 0;
        for _ in 0..rounds {
            let p = Paragraph::new(text, *dir);
            for range in p.wrap(&fonts, Pt(10.0), Pt(400.0)).unwrap() {
                let line = p.line(range, &fonts).unwrap();
                glyphs += line.runs.iter().map(|r| r.glyphs.len()).sum::<usize>();
            }
        }
        let per = t.elapsed().as_secs_f64() * 1e6 / rounds as f64;
        let cpu = match (cpu, cpu_ns()) {
            (Some(a), Some(b)) => format!("{:7.1} µs CPU", (b - a) as f64 / 1e3 / rounds as f64),
            _ => "CPU time unknown".into(),
        };
        println!(
            "{name:16} {per:7.1} µs wall, {cpu} per line (measure, wrap, shape in visual order), {} glyphs",
            glyphs / rounds
        );
    }
}

/// Nanoseconds this thread has run on a CPU (Linux's schedstat), if known.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
