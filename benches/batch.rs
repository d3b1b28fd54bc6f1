//! A shop's run end to end: N customers from a CSV to 2N PDFs on disk.
//! Run: cargo bench --bench batch [-- CUSTOMERS]   (default 1000)

use std::fmt::Write as _;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use chrono::NaiveDate;
use mikit::batch::{Options, run};

/// A valid IMEI from a running number, so every row passes validation.
fn imei(n: usize) -> String {
    let body = format!("35{:012}", n * 7919 % 1_000_000_000_000);
    format!("{body}{}", mikit::details::luhn_digit(&body))
}

fn main() {
    let customers: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("customers.csv");
    let mut text =
        String::from("name,email,phone,region,created,model,imei,purchased,store,invoice\n");
    for i in 0..customers {
        let _ = writeln!(
            text,
            "Customer {i},c{i}@example.com,+91 98{:03} {:05},IN,2020-05,Redmi Note 12,{},2025-10-01,\"Sangeetha Mobiles, MG Road\",SM-{i}",
            i % 1000,
            i % 100_000,
            imei(i)
        );
    }
    std::fs::write(&csv, text).expect("write CSV");
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let stop = AtomicBool::new(false);
    let progress = |_: usize, _: usize| {};
    println!(
        "{customers} customers ({} PDFs), {cores} cores",
        customers * 2
    );
    for jobs in [1, cores] {
        let mut best = f64::MAX;
        for round in 0..3 {
            let out = dir.path().join(format!("out-{jobs}-{round}"));
            let started = Instant::now();
            let summary = run(&Options {
                input: &csv,
                out_dir: &out,
                today,
                paper: None,
                settings: mikit::Settings::default(),
                name: None,
                merge: None,
                jobs,
                force: false,
                stop: &stop,
                progress: &progress,
            })
            .expect("batch runs");
            assert_eq!(summary.written, customers);
            best = best.min(started.elapsed().as_secs_f64());
            std::fs::remove_dir_all(&out).ok();
        }
        println!(
            "  --jobs {jobs}: best of 3 {:.2} s, {:.2} ms per customer",
            best,
            best * 1000.0 / customers as f64
        );
    }
}
