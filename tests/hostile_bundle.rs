//! A bundle of broken and hostile files beside a few good articles: the
//! reader must not panic, must finish quickly, must return the good
//! articles intact and report every bad file with a reason.
//!
//! The articles are invented for this test.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use frontline::corpus::{read_bundle, CorpusError, Entry};
use frontline::model::Article;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Deterministic noise: a small LCG, so the "binary" file is the same every run.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x2545_F491;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect()
}

fn build_bundle(root: &Path) {
    // --- good articles
    write(
        root,
        "2024-10-02/petrivka.txt",
        "---\npublished: 2024-10-03\nsource: \"Field Wire\"\n---\n\
         Assaults repelled near Petrivka\n\
         Defenders repelled three assaults near the village of Petrivka overnight, the brigade said.\n",
    );
    write(
        root,
        "reports/2024-09-15 morning brief.md",
        "# Drone strike on rail depot\n\nA drone hit a rail depot outside Zarichne before dawn.\r\nNo casualties were reported.\r\n",
    );
    write(
        root,
        "feeds/wire.jsonl",
        concat!(
            r#"{"title": "Bridge reopened at Lozove", "body": "Engineers reopened the pontoon bridge at Lozove.", "published": "2024-06-01T09:30:00+03:00"}"#,
            "\n",
            r#"{"title": "broken", "body": "no closing brace""#,
            "\n\n",
            r#"{"title": "Shelling in Dibrova", "body": "Artillery fire hit the outskirts of Dibrova.", "published": "soon"}"#,
            "\n",
            r#"{"title": "number body", "body": 7}"#,
            "\n",
        ),
    );
    write(
        root,
        "ok.json",
        r#"{"title": "Convoy reached Sosnivka", "body": "An aid convoy reached Sosnivka on Monday.", "published": "2024-03-04", "url": "https://example.org/convoy"}"#,
    );
    write(
        root,
        "page.html",
        "<!doctype html><html lang=en><head><title>Ferry crossing shelled | Example Daily</title>\
         <meta property=\"article:published_time\" content=\"2024-07-08T06:00:00Z\">\
         <script>document.write('<p>not text</p>')</script></head><body>\
         <nav><a href=/>Home</a> <a href=/war>War</a></nav>\
         <article><h1>Ferry crossing shelled</h1>\
         <p>The ferry crossing at Kozatske was shelled &ndash; twice &ndash; on Monday.</p>\
         <p>Ferry service was suspended.</p></article>\
         <footer>&copy; Example Daily</footer></body></html>",
    );

    // --- broken and hostile files
    write(root, "empty.txt", "");
    write(root, "blank.txt", "  \n\t\r\n   \n");
    write(root, "noise.txt", noise(4096));
    let no_nul: Vec<u8> = noise(4096).into_iter().filter(|&b| b != 0).collect();
    write(root, "noise-without-nul.md", no_nul);
    write(
        root,
        "nul.txt",
        b"Headline\nText with a \0 NUL byte in it.\n",
    );
    // "Kiev – café" in Windows-1252.
    write(
        root,
        "latin1.txt",
        b"Kiev \x96 caf\xe9\nThe caf\xe9 by the station was damaged.\n",
    );
    write(
        root,
        "bom.txt",
        b"\xEF\xBB\xBFHeadline after a BOM\nBody after a BOM.\n",
    );
    write(
        root,
        "broken-front-matter.md",
        "---\npublished: 2024-08-01\n# Checkpoint moved\nThe checkpoint was moved two kilometres east.\n",
    );
    write(root, "invalid.json", r#"{"title": "cut off", "body": "#);
    write(root, "number-body.json", r#"{"title": "T", "body": 12.5}"#);
    let mut huge = "long ".repeat(16 * 1024 * 1024 / 5);
    huge.push('\n');
    write(root, "huge.txt", &huge);
    fs::File::create(root.join("too-big.txt"))
        .unwrap()
        .set_len(33 * 1024 * 1024)
        .unwrap();
    write(
        root,
        "deep.html",
        format!(
            "<title>Deep page</title>{}<p>Deep text.</p>{}",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        ),
    );
    write(
        root,
        "with space.txt",
        "Spaced name\nA file name with spaces.\n",
    );
    write(
        root,
        "Київ звіт.txt",
        "Unicode name\nA file name in Cyrillic.\n",
    );
    write(root, "map.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(root, ".DS_Store", b"\0\0\0\x01Bud1");
    write(root, ".git/HEAD", "ref: refs/heads/main\n");
    write(root, "manifest", "files: 3\n");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::symlink;
        fs::write(
            root.join(std::ffi::OsStr::from_bytes(b"bad\xff name.txt")),
            "Odd bytes\nA name that is not UTF-8.\n",
        )
        .unwrap();
        symlink(root, root.join("reports/loop")).unwrap();
        symlink("self.txt", root.join("self.txt")).unwrap();
        symlink("nowhere.txt", root.join("dangling.txt")).unwrap();
        symlink("ok.json", root.join("link-to-ok.json")).unwrap();
        std::os::unix::net::UnixListener::bind(root.join("socket.txt")).unwrap();
    }
}

fn article<'a>(entries: &'a BTreeMap<String, Entry>, id: &str) -> &'a Article {
    match entries.get(id) {
        Some(Entry::Article(a)) => a,
        other => panic!("{id}: expected an article, got {other:?}"),
    }
}

fn reason<'a>(entries: &'a BTreeMap<String, Entry>, id: &str) -> &'a str {
    match entries.get(id) {
        Some(Entry::Skipped { reason, .. }) => reason,
        other => panic!("{id}: expected a skip, got {other:?}"),
    }
}

#[test]
fn hostile_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    build_bundle(root);

    let started = Instant::now();
    let list: Vec<Entry> = read_bundle(root, Some(d("2020-01-01"))).unwrap().collect();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");

    let ids: Vec<&str> = list.iter().map(Entry::id).collect();
    let entries: BTreeMap<String, Entry> = list
        .iter()
        .map(|e| (e.id().to_owned(), e.clone()))
        .collect();
    assert_eq!(entries.len(), list.len(), "ids are unique: {ids:?}");

    // Deterministic order: folders depth first, names in byte order.
    let mut expected_order = vec![
        ".DS_Store",
        ".git",
        "2024-10-02/petrivka.txt",
        "blank.txt",
        "bom.txt",
        "broken-front-matter.md",
        "deep.html",
        "empty.txt",
        "feeds/wire.jsonl#1",
        "feeds/wire.jsonl#2",
        "feeds/wire.jsonl#4",
        "feeds/wire.jsonl#5",
        "huge.txt",
        "invalid.json",
        "latin1.txt",
        "manifest",
        "map.png",
        "noise-without-nul.md",
        "noise.txt",
        "nul.txt",
        "number-body.json",
        "ok.json",
        "page.html",
        "reports/2024-09-15 morning brief.md",
        "too-big.txt",
        "with space.txt",
        "Київ звіт.txt",
    ];
    if cfg!(unix) {
        expected_order.extend([
            "bad\u{FFFD} name.txt",
            "dangling.txt",
            "link-to-ok.json",
            "reports/loop",
            "self.txt",
            "socket.txt",
        ]);
        expected_order.sort_by_key(|id| {
            // The raw name of the non-UTF-8 file sorts by its 0xFF byte.
            let key = id.replace('\u{FFFD}', "\u{10FFFF}");
            key.split('/').map(str::to_owned).collect::<Vec<_>>()
        });
    }
    assert_eq!(ids, expected_order);

    // --- the good articles
    let a = article(&entries, "2024-10-02/petrivka.txt");
    assert_eq!(a.title, "Assaults repelled near Petrivka");
    assert!(a.body.starts_with("Defenders repelled three assaults"));
    assert_eq!(
        a.published,
        Some(d("2024-10-03")),
        "front matter beats the folder"
    );
    assert_eq!(a.source.as_deref(), Some("Field Wire"));

    let a = article(&entries, "reports/2024-09-15 morning brief.md");
    assert_eq!(a.title, "Drone strike on rail depot");
    assert_eq!(
        a.body,
        "A drone hit a rail depot outside Zarichne before dawn.\nNo casualties were reported."
    );
    assert_eq!(
        a.published,
        Some(d("2024-09-15")),
        "date from the file name"
    );

    let a = article(&entries, "feeds/wire.jsonl#1");
    assert_eq!(a.title, "Bridge reopened at Lozove");
    assert_eq!(a.published, Some(d("2024-06-01")));
    let a = article(&entries, "feeds/wire.jsonl#4");
    assert_eq!(a.title, "Shelling in Dibrova");
    assert_eq!(a.published, Some(d("2020-01-01")), "bad date → --date");

    let a = article(&entries, "ok.json");
    assert_eq!(a.title, "Convoy reached Sosnivka");
    assert_eq!(a.published, Some(d("2024-03-04")));
    assert_eq!(a.url.as_deref(), Some("https://example.org/convoy"));

    let a = article(&entries, "page.html");
    assert_eq!(a.title, "Ferry crossing shelled");
    assert_eq!(
        a.body,
        "The ferry crossing at Kozatske was shelled – twice – on Monday.\nFerry service was suspended."
    );
    assert_eq!(a.published, Some(d("2024-07-08")));
    assert_eq!(a.lang.as_deref(), Some("en"));

    // --- recovered from damage
    let a = article(&entries, "latin1.txt");
    assert_eq!(a.title, "Kiev – café");
    assert_eq!(a.body, "The café by the station was damaged.");
    assert_eq!(article(&entries, "bom.txt").title, "Headline after a BOM");
    let a = article(&entries, "broken-front-matter.md");
    assert_eq!(a.title, "Checkpoint moved");
    assert_eq!(a.published, Some(d("2024-08-01")));
    let a = article(&entries, "huge.txt");
    // The whole 16 MB line is the headline, less its trailing space.
    assert_eq!(a.title.len(), "long ".len() * (16 * 1024 * 1024 / 5) - 1);
    assert_eq!(a.body, "");
    let a = article(&entries, "deep.html");
    assert_eq!(
        (a.title.as_str(), a.body.as_str()),
        ("Deep page", "Deep text.")
    );
    assert_eq!(article(&entries, "with space.txt").title, "Spaced name");
    assert_eq!(article(&entries, "Київ звіт.txt").title, "Unicode name");

    // --- skipped, each with its reason
    let skips = [
        ("empty.txt", "empty (0 bytes)"),
        ("blank.txt", "empty (only whitespace)"),
        ("noise.txt", "binary content (NUL byte at offset"),
        ("noise-without-nul.md", "binary content (1"),
        ("nul.txt", "binary content (NUL byte at offset 21)"),
        (
            "invalid.json",
            "invalid JSON at line 1, column 29: EOF while parsing a value",
        ),
        (
            "number-body.json",
            "field \"body\" must be a string, found a number",
        ),
        (
            "feeds/wire.jsonl#2",
            "invalid JSON at column 46: EOF while parsing an object",
        ),
        (
            "feeds/wire.jsonl#5",
            "field \"body\" must be a string, found a number",
        ),
        ("too-big.txt", "too large (33 MB > 32 MB)"),
        (
            "map.png",
            "unsupported file type (.png); expected .txt, .md",
        ),
        ("manifest", "unsupported file type (no extension); expected"),
        (".DS_Store", "hidden file"),
        (
            ".git",
            "hidden folder (name starts with \".\"); not searched",
        ),
    ];
    for (id, want) in skips {
        let got = reason(&entries, id);
        assert!(
            got.starts_with(want),
            "{id}: reason {got:?}, wanted {want:?}..."
        );
    }

    #[cfg(unix)]
    {
        assert_eq!(article(&entries, "bad\u{FFFD} name.txt").title, "Odd bytes");
        assert_eq!(
            article(&entries, "link-to-ok.json").title,
            "Convoy reached Sosnivka"
        );
        let unix_skips = [
            (
                "reports/loop",
                "symlink loop (leads back to the bundle root)",
            ),
            ("self.txt", "symlink loop"),
            ("dangling.txt", "broken symlink (its target does not exist)"),
            ("socket.txt", "not a regular file"),
        ];
        for (id, want) in unix_skips {
            let got = reason(&entries, id);
            assert!(
                got.starts_with(want),
                "{id}: reason {got:?}, wanted {want:?}..."
            );
        }
    }

    // Nothing is silently dropped: every file is an entry.
    let articles = list
        .iter()
        .filter(|e| matches!(e, Entry::Article(_)))
        .count();
    assert_eq!(articles, if cfg!(unix) { 15 } else { 13 });

    // The same bundle reads the same way twice.
    let again: Vec<Entry> = read_bundle(root, Some(d("2020-01-01"))).unwrap().collect();
    assert_eq!(again, list);
}

#[test]
fn nothing_is_read_before_it_is_reached() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b.txt", "Old headline\nOld body.\n");
    let mut entries = read_bundle(root, None).unwrap();
    // Created after read_bundle returned, and still seen: the walk is lazy.
    write(root, "a.txt", "First\nBody.\n");
    assert_eq!(
        entries.next().map(|e| e.id().to_owned()).as_deref(),
        Some("a.txt")
    );
    // Changed after the walk started, before it reached the file.
    write(root, "b.txt", "New headline\nNew body.\n");
    match entries.next() {
        Some(Entry::Article(a)) => assert_eq!(a.title, "New headline"),
        other => panic!("expected an article, got {other:?}"),
    }
    assert!(entries.next().is_none());
}

#[test]
fn single_file_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let dated = dir.path().join("2024-05-05");
    write(&dated, "2024-05-06 note.txt", "Headline\nBody.\n");
    write(&dated, "undated.txt", "Headline\nBody.\n");

    let entries: Vec<Entry> = read_bundle(&dated.join("2024-05-06 note.txt"), None)
        .unwrap()
        .collect();
    match entries.as_slice() {
        [Entry::Article(a)] => {
            assert_eq!(a.id, "2024-05-06 note.txt");
            assert_eq!(a.published, Some(d("2024-05-06")));
        }
        other => panic!("expected one article, got {other:?}"),
    }
    // The folder holding a single-file bundle is outside the bundle: its date is not used.
    let entries: Vec<Entry> = read_bundle(&dated.join("undated.txt"), None)
        .unwrap()
        .collect();
    match entries.as_slice() {
        [Entry::Article(a)] => assert_eq!((a.id.as_str(), a.published), ("undated.txt", None)),
        other => panic!("expected one article, got {other:?}"),
    }
}

#[test]
fn missing_root_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-bundle");
    match read_bundle(&missing, None) {
        Err(CorpusError::Open { path, reason }) => {
            assert!(path.ends_with("no-such-bundle"));
            assert!(reason.contains("No such file"), "{reason}");
        }
        Ok(_) => panic!("expected an error"),
    }
}

#[test]
fn long_jsonl_streams_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "{{\"title\": \"Report {i}\", \"body\": \"Routine shelling in sector {i}.\"}}\r\n"
        ));
    }
    write(dir.path(), "2023-02-01.ndjson", &text);
    let mut count = 0;
    for entry in read_bundle(dir.path(), None).unwrap() {
        let Entry::Article(a) = entry else {
            panic!("unexpected {entry:?}");
        };
        count += 1;
        assert_eq!(a.id, format!("2023-02-01.ndjson#{count}"));
        assert_eq!(a.published, Some(d("2023-02-01")));
    }
    assert_eq!(count, 20_000);
}

#[test]
fn jsonl_edge_cases() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let line = r#"{"title": "Depot fire", "body": "A fuel depot burned near Hlyboke."}"#;
    let utf16: Vec<u8> = b"\xFF\xFE"
        .iter()
        .copied()
        .chain(
            format!("{line}\r\n")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    write(root, "a-utf16.jsonl", utf16);
    write(root, "b-bom.jsonl", format!("\u{FEFF}{line}\n"));
    write(root, "c-empty.jsonl", "");
    write(root, "d-blank.jsonl", "\n  \n\r\n");
    write(root, "e-binary.jsonl", b"\0\x01\x02{}\n");
    // "café" in Windows-1252 inside an otherwise valid line.
    write(
        root,
        "f-cp1252.jsonl",
        b"{\"title\": \"Caf\xe9 hit\", \"body\": \"B\"}\n",
    );
    let mut long = format!("{line}\n");
    long.push_str(&"x".repeat(33 * 1024 * 1024));
    long.push('\n');
    long.push_str(line);
    write(root, "g-long-line.jsonl", long);

    let got: Vec<(String, String)> = read_bundle(root, None)
        .unwrap()
        .map(|e| match e {
            Entry::Article(a) => (a.id, format!("article: {}", a.title)),
            Entry::Skipped { path, reason } => (path, reason),
        })
        .collect();
    let got: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(
        got,
        [
            ("a-utf16.jsonl#1", "article: Depot fire"),
            ("b-bom.jsonl#1", "article: Depot fire"),
            ("c-empty.jsonl", "empty (0 bytes)"),
            ("d-blank.jsonl", "empty (no JSON lines, only whitespace)"),
            (
                "e-binary.jsonl",
                "binary content (NUL byte at offset 0); expected text"
            ),
            ("f-cp1252.jsonl#1", "article: Café hit"),
            ("g-long-line.jsonl#1", "article: Depot fire"),
            ("g-long-line.jsonl#2", "line too large (33 MB > 32 MB)"),
            ("g-long-line.jsonl#3", "article: Depot fire"),
        ]
    );
}

#[test]
fn dates_from_folders_nearest_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("2021-01-01 bundle");
    write(&root, "2024-01-01/2024-02-02/plain/a.txt", "H\nB\n");
    write(&root, "2024-01-01/b.txt", "H\nB\n");
    write(&root, "c.txt", "H\nB\n");
    let got: Vec<(String, Option<NaiveDate>)> = read_bundle(&root, None)
        .unwrap()
        .map(|e| match e {
            Entry::Article(a) => (a.id, a.published),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2024-01-01/2024-02-02/plain/a.txt".to_owned(),
                Some(d("2024-02-02"))
            ),
            ("2024-01-01/b.txt".to_owned(), Some(d("2024-01-01"))),
            // The root's own name is outside the bundle.
            ("c.txt".to_owned(), None),
        ]
    );
}
