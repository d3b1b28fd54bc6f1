//! A shop's run end to end: N customers from a CSV to 2N PDFs, written to
//! tmpfs (/dev/shm) and to disk, with one thread and with every core.
//! Run: cargo bench --bench batch [-- CUSTOMERS]   (default 1000)
//!
//! Wall time (best of 3), CPU time per PDF (user + system of this process,
//! from /proc/self/stat) and the process's peak memory (VmHWM).

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

/// User + system CPU seconds of this process so far, all threads.
fn own_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (tick(11) + tick(12)) / 100.0
}

/// The process's peak resident memory, from /proc/self/status.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map_or_else(|| "?".to_string(), |v| v.trim().to_string())
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
    let shm = std::path::Path::new("/dev/shm");
    let tmpfs = shm
        .is_dir()
        .then(|| tempfile::tempdir_in(shm).expect("tmpfs dir"));
    let disk = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("disk dir");
    let mut targets = vec![("disk", disk.path())];
    if let Some(t) = &tmpfs {
        targets.insert(0, ("tmpfs", t.path()));
    }
    for (place, root) in targets {
        for jobs in [1, cores] {
            let (mut best, mut cpu_best) = (f64::MAX, f64::MAX);
            for round in 0..3 {
                let out = root.join(format!("out-{jobs}-{round}"));
                let cpu = own_cpu();
                let started = Instant::now();
                let summary = run(&Options {
                    reading: Default::default(),
                    input: &csv,
                    out_dir: &out,
                    today,
                    paper: None,
                    settings: mikit::Settings::default(),
                    name: None,
                    merge: None,
                    reads: &[],
                    jobs,
                    force: false,
                    stop: &stop,
                    progress: &progress,
                })
                .expect("batch runs");
                assert_eq!(summary.written, customers);
                best = best.min(started.elapsed().as_secs_f64());
                cpu_best = cpu_best.min(own_cpu() - cpu);
                std::fs::remove_dir_all(&out).ok();
            }
            println!(
                "  {place:<5} --jobs {jobs}: best of 3 {:.2} s wall, {:.2} ms per customer; CPU {:.2} s, {:.3} ms per PDF",
                best,
                best * 1000.0 / customers as f64,
                cpu_best,
                cpu_best * 1000.0 / (2 * customers) as f64
            );
        }
    }
    println!("  peak memory (VmHWM) {}", peak_memory());
}
