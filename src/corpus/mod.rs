//! Reading bundles (FORMATS.md §1): folders of txt/md/json/jsonl/html
//! articles, streamed one at a time. Decodes text and finds dates; never
//! looks for places or claims. A bad file is reported and skipped, never
//! fatal to the batch.

use std::path::Path;

use chrono::NaiveDate;

use crate::model::Article;

/// One item of a bundle walk: an article, or a file (or JSONL line) skipped with its reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Article(Article),
    Skipped { path: String, reason: String },
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{path}: cannot open bundle: {reason}")]
    Open { path: String, reason: String },
}

/// Walk a bundle (a folder, searched recursively, or a single file) and
/// stream its entries. `fallback_date` is `--date`.
pub fn read_bundle(
    root: &Path,
    fallback_date: Option<NaiveDate>,
) -> Result<Box<dyn Iterator<Item = Entry>>, CorpusError> {
    let _ = (root, fallback_date);
    Ok(Box::new(std::iter::empty()))
}
