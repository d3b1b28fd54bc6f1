//! How long each stage of making one document takes, and a whole kit pair.
//! Run: cargo bench --bench pipeline

use std::time::Instant;

use chrono::NaiveDate;
use mikit::content::DocKind;
use mikit::fonts::Fonts;
use mikit::layout::{self, Paper};

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let fonts = Fonts::bundled();
    for name in ["priya-nair", "wang-fang"] {
        let text = std::fs::read_to_string(format!("examples/{name}.toml")).unwrap();
        let details = mikit::details::parse(&text, today).unwrap();
        let rounds = 200;
        let (mut t_doc, mut t_layout, mut t_pdf, mut bytes) = (0.0, 0.0, 0.0, 0);
        for _ in 0..rounds {
            for kind in DocKind::ALL {
                let t = Instant::now();
                let doc = mikit::document(kind, &details, today).unwrap();
                t_doc += t.elapsed().as_secs_f64();
                let t = Instant::now();
                let pages = layout::layout(&doc, Paper::A4, fonts).unwrap();
                t_layout += t.elapsed().as_secs_f64();
                let t = Instant::now();
                let pdf = mikit::pdf(&doc, Paper::A4, today).unwrap();
                t_pdf += t.elapsed().as_secs_f64();
                bytes += pdf.len();
                std::hint::black_box(pages);
            }
        }
        let per = |t: f64| t * 1000.0 / (rounds as f64);
        println!(
            "{name}: per kit pair: content {:.3} ms, layout {:.3} ms, layout+render {:.3} ms, {} KB",
            per(t_doc),
            per(t_layout),
            per(t_pdf),
            bytes / rounds / 1024
        );
    }
}
