//! Reading bundles (FORMATS.md §1): folders of txt/md/json/jsonl/html
//! articles, streamed one at a time. Decodes text and finds dates; never
//! looks for places or claims. A bad file is reported and skipped, never
//! fatal to the batch.
//!
//! This file walks the bundle and dispatches on the file type; the formats
//! live beside it (`text_file`, `json`, `html`), as do decoding (`decode`)
//! and dates (`date`). Must not collect the bundle: the walk holds one
//! directory listing per level and one file (or one JSONL line) at a time,
//! so memory does not grow with the number of articles.

mod date;
mod decode;
mod html;
mod json;
mod text_file;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use walkdir::WalkDir;

use crate::model::Article;

pub use date::{date_in_name, parse_date};

/// Files larger than this are skipped (JSONL: lines larger than this; a
/// JSONL file is streamed and has no size limit of its own).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The extensions read, for "expected ..." in skip reasons.
const EXPECTED: &str = "expected .txt, .md, .json, .jsonl, .ndjson, .html or .htm";

/// One item of a bundle walk: an article, or a file (or JSONL line) skipped with its reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Article(Article),
    /// `path` is relative to the bundle root (`path#line` for a JSONL line);
    /// `reason` says what was wrong and what was expected.
    Skipped {
        path: String,
        reason: String,
    },
}

impl Entry {
    /// The article id, or the path of what was skipped.
    pub fn id(&self) -> &str {
        match self {
            Entry::Article(a) => &a.id,
            Entry::Skipped { path, .. } => path,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The bundle root does not exist, cannot be read, or is neither a
    /// file nor a folder.
    #[error("{path}: cannot open bundle: {reason}")]
    Open { path: String, reason: String },
}

/// Walk a bundle (a folder, searched recursively, or a single file) and
/// stream its entries. `fallback_date` is `--date`.
///
/// Order is deterministic: depth first, each folder's entries sorted by
/// name (byte order), which is the order of the relative paths compared
/// component by component. Symlinks to files and folders are followed; a
/// link back to an ancestor folder is reported as a "symlink loop" skip.
/// Hidden files and folders (names starting with `.`) are skipped with a
/// reason; a hidden folder is not searched. Nothing is read before the
/// iterator is advanced, and each file is read when it is reached.
///
/// Only a root that cannot be opened is an error; every problem below it
/// becomes an [`Entry::Skipped`].
///
/// ```
/// use frontline::corpus::{read_bundle, Entry};
///
/// let bundle = tempfile::tempdir().unwrap();
/// std::fs::write(bundle.path().join("2024-10-02 river.txt"), "Ferry sunk\nA ferry sank.\n").unwrap();
/// std::fs::write(bundle.path().join("photo.png"), b"\x89PNG").unwrap();
///
/// let entries: Vec<Entry> = read_bundle(bundle.path(), None).unwrap().collect();
/// let Entry::Article(article) = &entries[0] else { panic!() };
/// assert_eq!(article.id, "2024-10-02 river.txt");
/// assert_eq!(article.title, "Ferry sunk");
/// assert_eq!(article.published.unwrap().to_string(), "2024-10-02");
/// assert!(matches!(&entries[1], Entry::Skipped { path, .. } if path == "photo.png"));
/// ```
pub fn read_bundle(
    root: &Path,
    fallback_date: Option<NaiveDate>,
) -> Result<Box<dyn Iterator<Item = Entry>>, CorpusError> {
    let open_error = |reason: String| CorpusError::Open {
        path: root.display().to_string(),
        reason,
    };
    let meta = std::fs::metadata(root).map_err(|e| open_error(e.to_string()))?;
    if meta.is_dir() {
        std::fs::read_dir(root).map_err(|e| open_error(e.to_string()))?;
    } else if !meta.is_file() {
        return Err(open_error("not a file or folder".into()));
    }
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    Ok(Box::new(Bundle {
        root: root.to_path_buf(),
        walker,
        fallback_date,
        jsonl: None,
    }))
}

/// The lazy walk behind [`read_bundle`].
struct Bundle {
    root: PathBuf,
    walker: walkdir::IntoIter,
    fallback_date: Option<NaiveDate>,
    /// The JSONL file being streamed, if any.
    jsonl: Option<json::JsonlEntries>,
}

impl Iterator for Bundle {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            if let Some(lines) = &mut self.jsonl {
                if let Some(entry) = lines.next() {
                    return Some(entry);
                }
                self.jsonl = None;
            }
            let item = match self.walker.next()? {
                Ok(item) => item,
                Err(err) => return Some(self.walk_error(&err)),
            };
            if item.file_type().is_dir() {
                if item.depth() > 0 && is_hidden(&item) {
                    self.walker.skip_current_dir();
                    return Some(Entry::Skipped {
                        path: self.rel_id(item.path()),
                        reason: "hidden folder (name starts with \".\"); not searched".into(),
                    });
                }
                continue;
            }
            if let Some(entry) = self.file_entry(&item) {
                return Some(entry);
            }
        }
    }
}

impl Bundle {
    /// The entry for one file, or `None` when it is a JSONL file whose
    /// lines are now being streamed.
    fn file_entry(&mut self, item: &walkdir::DirEntry) -> Option<Entry> {
        let rel = self.rel_id(item.path());
        let skip = |reason: String| {
            Some(Entry::Skipped {
                path: rel.clone(),
                reason,
            })
        };
        if item.depth() > 0 && is_hidden(item) {
            return skip("hidden file (name starts with \".\"); not read".into());
        }
        if !item.file_type().is_file() {
            return skip(
                "not a regular file (a FIFO, socket or device); expected a file holding an article"
                    .into(),
            );
        }
        let kind = match Kind::of(&item.file_name().to_string_lossy()) {
            Ok(kind) => kind,
            Err(reason) => return skip(reason),
        };
        let dates = DateCtx {
            from_path: self.path_date(item.path()),
            fallback: self.fallback_date,
        };
        if kind == Kind::Jsonl {
            return match json::JsonlEntries::open(item.path(), rel.clone(), dates) {
                Ok(lines) => {
                    self.jsonl = Some(lines);
                    None
                }
                Err(reason) => skip(reason),
            };
        }
        let bytes = match read_capped(item.path()) {
            Ok(bytes) => bytes,
            Err(reason) => return skip(reason),
        };
        let fallback = encoding_rs::WINDOWS_1252;
        let draft = match kind {
            Kind::Text { markdown } => decode::decode(&bytes, fallback)
                .map(|text| text_file::parse(&text, markdown))
                .map_err(|u| u.reason()),
            Kind::Json => decode::decode(&bytes, fallback)
                .map_err(|u| u.reason())
                .and_then(|text| json::parse_file(&text)),
            Kind::Html => html::read(&bytes).map_err(|u| u.reason()),
            Kind::Jsonl => unreachable!("JSONL is streamed above"),
        };
        match draft {
            Ok(draft) => Some(draft.into_entry(rel, &dates)),
            Err(reason) => skip(reason),
        }
    }

    /// A path's id: relative to the root, `/`-separated, lossy for names
    /// that are not UTF-8. The root itself (a single-file bundle) is its
    /// file name.
    fn rel_id(&self, path: &Path) -> String {
        match path.strip_prefix(&self.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            _ => path
                .file_name()
                .unwrap_or(path.as_os_str())
                .to_string_lossy()
                .into_owned(),
        }
    }

    /// A `YYYY-MM-DD` in the file name, else in the nearest folder name
    /// within the bundle.
    fn path_date(&self, path: &Path) -> Option<NaiveDate> {
        let rel = match path.strip_prefix(&self.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel,
            _ => Path::new(path.file_name()?),
        };
        rel.components()
            .rev()
            .find_map(|c| date_in_name(&c.as_os_str().to_string_lossy()))
    }

    fn walk_error(&self, err: &walkdir::Error) -> Entry {
        let path = err.path().map(|p| self.rel_id(p)).unwrap_or_default();
        let reason = if let Some(ancestor) = err.loop_ancestor() {
            let target = if ancestor == self.root {
                "the bundle root".to_owned()
            } else {
                format!("\"{}\"", self.rel_id(ancestor))
            };
            format!("symlink loop (leads back to {target}); not followed")
        } else if let Some(io) = err.io_error() {
            let is_link = err
                .path()
                .and_then(|p| p.symlink_metadata().ok())
                .is_some_and(|m| m.file_type().is_symlink());
            if is_link && is_eloop(io) {
                "symlink loop (too many levels of symbolic links); not followed".to_owned()
            } else if is_link && io.kind() == std::io::ErrorKind::NotFound {
                "broken symlink (its target does not exist)".to_owned()
            } else {
                format!("cannot read: {io}")
            }
        } else {
            format!("cannot read: {err}")
        };
        Entry::Skipped { path, reason }
    }
}

fn is_hidden(item: &walkdir::DirEntry) -> bool {
    item.file_name().as_encoded_bytes().starts_with(b".")
}

/// ELOOP: a link that resolves to itself through other links.
fn is_eloop(err: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    const ELOOP: i32 = 40;
    #[cfg(not(target_os = "linux"))]
    const ELOOP: i32 = 62; // macOS and the BSDs
    err.raw_os_error() == Some(ELOOP)
}

/// Read a whole file, refusing more than [`MAX_FILE_BYTES`] (checked
/// before reading, and again while reading, for files that grow).
pub(crate) fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let len = file.metadata().map_or(0, |m| m.len());
    if len > MAX_FILE_BYTES {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(len: u64) -> String {
    format!(
        "too large ({} MB > {} MB)",
        megabytes(len),
        megabytes(MAX_FILE_BYTES)
    )
}

/// Whole megabytes, rounded up, so anything over the cap reads as more.
pub(crate) fn megabytes(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text { markdown: bool },
    Json,
    Jsonl,
    Html,
}

impl Kind {
    /// By extension, case-insensitively; the error is the skip reason.
    fn of(name: &str) -> Result<Kind, String> {
        let ext = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
            _ => return Err(format!("unsupported file type (no extension); {EXPECTED}")),
        };
        match ext.as_str() {
            "txt" => Ok(Kind::Text { markdown: false }),
            "md" => Ok(Kind::Text { markdown: true }),
            "json" => Ok(Kind::Json),
            "jsonl" | "ndjson" => Ok(Kind::Jsonl),
            "html" | "htm" => Ok(Kind::Html),
            _ => Err(format!("unsupported file type (.{ext}); {EXPECTED}")),
        }
    }
}

/// Where an article's date comes from when its own `published` is missing
/// or unreadable.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DateCtx {
    /// From the file name, else the nearest folder name.
    from_path: Option<NaiveDate>,
    /// `--date`.
    fallback: Option<NaiveDate>,
}

/// An article as a format reader found it, before ids and dates are
/// settled. `published` is the raw value.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Draft {
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) published: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) lang: Option<String>,
}

impl Draft {
    /// Settle the draft: the title becomes one line, the body is trimmed,
    /// the date is `published` if it parses, else from the path, else the
    /// fallback. An article with neither headline nor body is skipped.
    pub(crate) fn into_entry(self, id: String, dates: &DateCtx) -> Entry {
        let title = one_line(&self.title);
        let body = self.body.trim().to_owned();
        if title.is_empty() && body.is_empty() {
            return Entry::Skipped {
                path: id,
                reason: "empty (no headline or body text)".into(),
            };
        }
        let published = self
            .published
            .as_deref()
            .and_then(parse_date)
            .or(dates.from_path)
            .or(dates.fallback);
        let field = |v: Option<String>| v.map(|v| one_line(&v)).filter(|v| !v.is_empty());
        Entry::Article(Article {
            id,
            title,
            body,
            published,
            source: field(self.source),
            url: field(self.url),
            lang: field(self.lang),
        })
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn kind_table() {
        let cases = [
            ("a.txt", Ok(Kind::Text { markdown: false })),
            ("A.TXT", Ok(Kind::Text { markdown: false })),
            ("a.Md", Ok(Kind::Text { markdown: true })),
            ("a.json", Ok(Kind::Json)),
            ("a.jsonl", Ok(Kind::Jsonl)),
            ("a.ndjson", Ok(Kind::Jsonl)),
            ("a.htm", Ok(Kind::Html)),
            ("a.b.HTML", Ok(Kind::Html)),
            (
                "photo.png",
                Err(format!("unsupported file type (.png); {EXPECTED}")),
            ),
            (
                "manifest",
                Err(format!("unsupported file type (no extension); {EXPECTED}")),
            ),
            (
                "notes.txt~",
                Err(format!("unsupported file type (.txt~); {EXPECTED}")),
            ),
        ];
        for (name, want) in cases {
            assert_eq!(Kind::of(name), want, "name {name:?}");
        }
    }

    #[test]
    fn date_precedence_table() {
        let ctx = |from_path: Option<&str>, fallback: Option<&str>| DateCtx {
            from_path: from_path.map(d),
            fallback: fallback.map(d),
        };
        // (published, from path, fallback, expected)
        let cases = [
            (
                Some("2024-01-01"),
                Some("2023-01-01"),
                Some("2022-01-01"),
                Some("2024-01-01"),
            ),
            (
                Some("yesterday"),
                Some("2023-01-01"),
                Some("2022-01-01"),
                Some("2023-01-01"),
            ),
            (
                None,
                Some("2023-01-01"),
                Some("2022-01-01"),
                Some("2023-01-01"),
            ),
            (None, None, Some("2022-01-01"), Some("2022-01-01")),
            (Some("2024-02-31"), None, None, None),
        ];
        for (published, path, fallback, want) in cases {
            let draft = Draft {
                title: "T".into(),
                published: published.map(str::to_owned),
                ..Draft::default()
            };
            let Entry::Article(a) = draft.into_entry("x".into(), &ctx(path, fallback)) else {
                panic!("not an article");
            };
            assert_eq!(a.published, want.map(d), "published {published:?}");
        }
    }

    #[test]
    fn drafts_are_settled() {
        let ctx = DateCtx {
            from_path: None,
            fallback: None,
        };
        let draft = Draft {
            title: "  Two\nlines ".into(),
            body: "\n body \n".into(),
            source: Some("  ".into()),
            ..Draft::default()
        };
        let Entry::Article(a) = draft.into_entry("x".into(), &ctx) else {
            panic!("not an article");
        };
        assert_eq!(
            (a.title.as_str(), a.body.as_str(), a.source),
            ("Two lines", "body", None)
        );
        let empty = Draft {
            title: " ".into(),
            body: "\n".into(),
            ..Draft::default()
        };
        assert_eq!(
            empty.into_entry("x".into(), &ctx),
            Entry::Skipped {
                path: "x".into(),
                reason: "empty (no headline or body text)".into()
            }
        );
    }
}
