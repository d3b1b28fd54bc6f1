//! mikit's end-to-end and library tests, in one test binary: one link of the
//! whole dependency tree instead of twenty, which is most of what a fresh
//! `cargo test` spends in time and disk. Each module is one area's tests, as
//! each was its own binary before; `cargo test --test e2e batch::` runs one.
//! The reference outputs keep their own binary (tests/reference.rs): they
//! have their own harness, for `--bless`.

#[path = "../common/mod.rs"]
mod common;

mod batch;
mod batch_bounds;
mod build;
mod content;
mod extraction;
mod fuzz_scripts;
mod hostile_input;
mod hostile_output;
mod input;
mod languages;
mod layout_check;
mod library;
mod messages;
mod output_plan;
mod phone;
mod props;
mod props_csv;
mod scripts;
mod shaping;
mod shaping_bounds;
mod spreadsheets;
mod typography;
