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
    for meta in all {
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
