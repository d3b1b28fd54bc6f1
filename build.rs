//! Splits libphonenumber's metadata by country calling code, so that checking one
//! number builds only that code's regions (the phonenumber crate's own database
//! validates every one of its ~10,000 patterns on first use: ~85 ms per process).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use phonenumber::metadata::loader;

const SOURCE: &str = "data/libphonenumber/PhoneNumberMetadata.xml";

fn main() {
    println!("cargo:rerun-if-changed={SOURCE}");
    println!("cargo:rerun-if-changed=build.rs");
    let file = File::open(SOURCE).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let all = loader::load(BufReader::new(file)).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let mut by_code: BTreeMap<u16, Vec<loader::Metadata>> = BTreeMap::new();
    for mut meta in all {
        compact_patterns(&mut meta);
        let code = meta
            .country_code
            .unwrap_or_else(|| panic!("{SOURCE}: a territory without a country code"));
        by_code.entry(code).or_default().push(meta);
    }
    // (calling code, region ids, that code's metadata as postcard bytes)
    let table: Vec<(u16, Vec<String>, Vec<u8>)> = by_code
        .into_iter()
        .map(|(code, metas)| {
            let ids = metas.iter().filter_map(|m| m.id.clone()).collect();
            let bytes = postcard::to_stdvec(&metas).expect("postcard");
            (code, ids, bytes)
        })
        .collect();
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("phone-metadata.bin");
    std::fs::write(out, postcard::to_stdvec(&table).expect("postcard")).expect("OUT_DIR");
}

/// The XML spreads each pattern over indented lines; the crate compiles
/// patterns ignoring whitespace (database.rs: `ignore_whitespace(true)`),
/// and no pattern has whitespace inside a character class or a `#`, so the
/// whitespace goes: a third of the data, in the binary and in the browser's
/// download. Only the fields read as patterns (the same as
/// src/details/phone.rs `ascii_digits`); formats' replacement strings keep
/// their spaces.
fn compact_patterns(meta: &mut loader::Metadata) {
    let compact = |p: &mut String| p.retain(|c| !c.is_ascii_whitespace());
    let descriptors = [
        &mut meta.general,
        &mut meta.fixed_line,
        &mut meta.mobile,
        &mut meta.toll_free,
        &mut meta.premium_rate,
        &mut meta.shared_cost,
        &mut meta.personal_number,
        &mut meta.voip,
        &mut meta.pager,
        &mut meta.uan,
        &mut meta.emergency,
        &mut meta.voicemail,
        &mut meta.short_code,
        &mut meta.standard_rate,
        &mut meta.carrier,
        &mut meta.no_international,
    ];
    for d in descriptors.into_iter().flatten() {
        d.national_number.iter_mut().for_each(compact);
    }
    [
        &mut meta.international_prefix,
        &mut meta.national_prefix_for_parsing,
        &mut meta.leading_digits,
    ]
    .into_iter()
    .flatten()
    .for_each(compact);
    for f in meta
        .formats
        .iter_mut()
        .chain(meta.international_formats.iter_mut())
    {
        f.pattern.iter_mut().for_each(compact);
        f.leading_digits.iter_mut().for_each(compact);
    }
}
