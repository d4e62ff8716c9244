//! Compiles `data/gazetteer.csv` into `$OUT_DIR/gazetteer.bin`: the CSV's
//! fields (parsed into places at run time, by the same code as a user's
//! CSV), every folded spelling of every place grouped by form, and the
//! trie over them. Generating, folding and indexing the spellings and
//! building the (former Aho–Corasick) automaton is what took half a
//! second at every start; now it happens here, once per change of the data
//! or of the code that makes spellings (the files included below).

use std::collections::HashMap;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

#[allow(dead_code)]
#[path = "src/gazetteer/variants.rs"]
mod variants;

#[allow(dead_code)]
#[path = "src/gazetteer/compiled.rs"]
mod compiled;

use compiled::{FormIndexBuilder, Row, COLUMNS, REQUIRED_COLUMNS};

const CSV: &str = "data/gazetteer.csv";

fn main() {
    for f in [
        CSV,
        "build.rs",
        "src/text.rs",
        "src/gazetteer/variants.rs",
        "src/gazetteer/compiled.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let bytes = std::fs::read(CSV).unwrap_or_else(|e| panic!("{CSV}: {e}"));
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = rdr
        .headers()
        .unwrap_or_else(|e| panic!("{CSV}: {e}"))
        .clone();
    let col: HashMap<&str, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim(), i))
        .collect();
    let idx = REQUIRED_COLUMNS.map(|name| {
        *col.get(name)
            .unwrap_or_else(|| panic!("{CSV}: missing column {name:?}"))
    });
    let records: Vec<csv::StringRecord> = rdr
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{CSV}: malformed CSV: {e}")))
        .collect();

    let mut rows: Vec<Row> = Vec::with_capacity(records.len());
    let mut builder = FormIndexBuilder::default();
    for (i, rec) in records.iter().enumerate() {
        let line = rec.position().map_or(0, |p| p.line());
        let fields: [&str; COLUMNS] = idx.map(|k| rec.get(k).unwrap_or("").trim());
        // as `Place` has them (see `parse_fields` in src/gazetteer/mod.rs);
        // a row that does not parse makes `Gazetteer::embedded` fail anyway
        let alternates = compiled::split_alternates(fields[4]);
        let kind = fields[7];
        let names = variants::Names {
            name: fields[1],
            alternates: &alternates,
            name_uk: (!fields[2].is_empty()).then_some(fields[2]),
            name_ru: (!fields[3].is_empty()).then_some(fields[3]),
            romanise: kind == "settlement" || kind == "raion",
            region: kind == "region",
        };
        builder.add(i as u32, &names);
        rows.push((line, fields));
    }
    let index = builder.finish();
    let trie = compiled::Trie::build(&index);
    let out = compiled::encode(&rows, &index, &trie);
    let dest = Path::new(&std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("gazetteer.bin");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
