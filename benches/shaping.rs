//! Time to set one short line per script through the text engine: collect,
//! prepare (bidi and shaping, or the cheap path for Latin), line break and
//! finalize together, as layout calls it. Run: cargo bench --bench shaping
//!
//! Shaped pieces are kept per thread, as in a batch: the figures are for a
//! line set again, after its first time (printed apart).
//! Prints CPU time as well as wall time: on a shared machine the wall time
//! mostly measures the other processes.

use std::time::Instant;

use mikit::fonts::Fonts;
use mikit::shape::{Direction, Span, wrap};
use mikit::units::Pt;

fn main() {
    let fonts = Fonts::bundled();
    let lines: [(&str, Vec<Span<'_>>, Direction); 4] = [
        (
            "Latin",
            vec![Span::plain("Account holder: "), Span::value("Priya Nair")],
            Direction::Ltr,
        ),
        (
            "Arabic + number",
            vec![Span::plain("الهاتف: "), Span::value("+971 50 123 4567")],
            Direction::Rtl,
        ),
        (
            "Devanagari",
            vec![Span::plain("खाता धारक: "), Span::value("प्रिया शर्मा")],
            Direction::Ltr,
        ),
        (
            "Thai",
            vec![Span::plain("ชื่อเจ้าของบัญชี: "), Span::value("สมชาย ใจดี")],
            Direction::Ltr,
        ),
    ];
    let rounds = 2000;
    for (name, spans, dir) in &lines {
        let t = Instant::now();
        let first: usize = glyphs(spans, *dir, fonts);
        let first_us = t.elapsed().as_secs_f64() * 1e6;
        let t = Instant::now();
        let cpu = cpu_ns();
        let mut count = 0;
        for _ in 0..rounds {
            count += glyphs(spans, *dir, fonts);
        }
        let per = t.elapsed().as_secs_f64() * 1e6 / rounds as f64;
        let cpu = match (cpu, cpu_ns()) {
            (Some(a), Some(b)) => format!("{:7.1} µs CPU", (b - a) as f64 / 1e3 / rounds as f64),
            _ => "CPU time unknown".into(),
        };
        println!(
            "{name:16} {per:7.1} µs wall, {cpu} per line (first time {first_us:.0} µs wall), {} glyphs",
            count / rounds
        );
        assert_eq!(first, count / rounds);
    }
}

/// Sets the line and counts its glyphs.
fn glyphs(spans: &[Span<'_>], dir: Direction, fonts: &Fonts) -> usize {
    wrap(spans, Pt(10.0), Pt(400.0), fonts, dir)
        .unwrap()
        .iter()
        .flat_map(|l| &l.frags)
        .map(|f| match f {
            mikit::shape::Frag::Text { run, .. } => run.glyphs.len(),
            mikit::shape::Frag::Blank { .. } => 0,
        })
        .sum()
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
