//! frontline: turns bundles of war news into maps.
//!
//! Data flows one way: [`corpus`] → [`text`] → [`gazetteer`] → [`linker`] →
//! [`store`] → [`geometry`] → [`export`]. [`pipeline`] wires them together.
//! See ARCHITECTURE.md.

pub mod corpus;
pub mod eval;
pub mod export;
pub mod gazetteer;
pub mod geometry;
pub mod linker;
pub mod model;
pub mod pipeline;
pub mod store;
pub mod text;

pub use pipeline::{
    export, ingest, run, Analysis, Engine, ExportOptions, ExportSummary, IngestOptions,
    IngestSummary, RunOptions, RunSummary,
};

/// Attribution every output that shows data must carry.
pub const ATTRIBUTION: &str =
    "Contains data from GeoNames (geonames.org), CC BY 4.0; filtered and extended. Made with Natural Earth.";

/// Errors that stop a run. A bad article never is one: it is skipped and
/// reported in the run summary.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Gazetteer(#[from] gazetteer::GazetteerError),
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
    #[error(transparent)]
    Lexicon(#[from] linker::lexicon::LexiconError),
    #[error(transparent)]
    Render(#[from] export::png::RenderError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Escape control, bidi-override and zero-width characters before printing
/// untrusted text (article ids, titles) to a terminal.
pub fn display_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let hidden = c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
        if hidden {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}
