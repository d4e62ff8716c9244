//! The compiled gazetteer: the index of folded forms the matcher searches
//! for, the trie over them, and the byte format in which build.rs embeds
//! both (with the CSV's fields) so that loading the built-in gazetteer only
//! copies arrays instead of generating and folding every spelling.
//!
//! build.rs compiles this file too (`#[path]`), so it uses nothing of the
//! crate but `variants` (and, through it, `text`).

use std::collections::{HashMap, VecDeque};

use super::variants::{match_form, surface_forms, Names};

/// Number of columns of a gazetteer CSV.
pub const COLUMNS: usize = 14;

/// Columns every gazetteer CSV must have, in any order.
pub const REQUIRED_COLUMNS: [&str; COLUMNS] = [
    "id",
    "name",
    "name_uk",
    "name_ru",
    "alternates",
    "lat",
    "lon",
    "kind",
    "feature_code",
    "country",
    "admin1",
    "admin2",
    "population",
    "precision",
];

const MAGIC: &[u8; 8] = b"FLGAZ\0\0\x01";

/// The `alternates` column as a list: `|`-separated, trimmed, empties dropped.
pub fn split_alternates(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Every folded form of every place, each with the places carrying it (a
/// "group"). Groups are numbered in order of first appearance, places in
/// each group in gazetteer order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FormIndex {
    /// All forms, concatenated.
    text: String,
    /// Form `g` is `text[ends[g - 1]..ends[g]]`.
    ends: Vec<u32>,
    /// The places of group `g` are `places[starts[g]..starts[g + 1]]`.
    starts: Vec<u32>,
    places: Vec<u32>,
    /// Group numbers ordered by their form's bytes, for lookups.
    sorted: Vec<u32>,
}

impl FormIndex {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn form(&self, group: u32) -> &str {
        let g = group as usize;
        let start = if g == 0 { 0 } else { self.ends[g - 1] as usize };
        &self.text[start..self.ends[g] as usize]
    }

    pub fn places(&self, group: u32) -> &[u32] {
        let g = group as usize;
        &self.places[self.starts[g] as usize..self.starts[g + 1] as usize]
    }

    /// The group of a folded form, if any place carries it.
    pub fn group_of(&self, form: &str) -> Option<u32> {
        self.sorted
            .binary_search_by(|&g| self.form(g).cmp(form))
            .ok()
            .map(|i| self.sorted[i])
    }
}

/// No group ends at this trie node.
const NONE: u32 = u32::MAX;

/// A byte trie over every form: `walk` finds, in one pass from a position,
/// every form the text there starts with. Nodes are numbered breadth-first
/// (the root is 0) and the children of a node are consecutive, so a node is
/// two numbers: where its children start and which group ends there.
#[derive(Debug, Clone, PartialEq)]
pub struct Trie {
    /// Node `n`'s children have the labels `labels[first[n]..first[n + 1]]`
    /// (ascending) and are the nodes `first[n] + 1 ..= first[n + 1]`.
    first: Vec<u32>,
    labels: Vec<u8>,
    /// The group whose form ends at node `n`, or `NONE`.
    group: Vec<u32>,
    /// The root's child for each byte (0: none); derived from the above.
    root: Box<[u32; 256]>,
}

impl Trie {
    pub fn build(index: &FormIndex) -> Trie {
        let forms: Vec<&[u8]> = index
            .sorted
            .iter()
            .map(|&g| index.form(g).as_bytes())
            .collect();
        let (mut first, mut labels, mut group) = (Vec::new(), Vec::new(), vec![NONE]);
        // the forms under each node, in node order: they share `depth` bytes
        let mut queue = VecDeque::from([(0, forms.len(), 0)]);
        while let Some((mut lo, hi, depth)) = queue.pop_front() {
            let node = first.len();
            // sorted bytewise, a form equal to the shared prefix comes first
            if lo < hi && forms[lo].len() == depth {
                group[node] = index.sorted[lo];
                lo += 1;
            }
            first.push(labels.len() as u32);
            while lo < hi {
                let b = forms[lo][depth];
                let end = lo + forms[lo..hi].partition_point(|f| f[depth] == b);
                labels.push(b);
                group.push(NONE);
                queue.push_back((lo, end, depth + 1));
                lo = end;
            }
        }
        first.push(labels.len() as u32);
        Trie::from_parts(first, labels, group)
    }

    fn from_parts(first: Vec<u32>, labels: Vec<u8>, group: Vec<u32>) -> Trie {
        let mut root = Box::new([0u32; 256]);
        if let (Some(&lo), Some(&hi)) = (first.first(), first.get(1)) {
            for e in lo..hi {
                root[labels[e as usize] as usize] = e + 1;
            }
        }
        Trie {
            first,
            labels,
            group,
            root,
        }
    }

    /// Call `found(end, group)` for every form that `text` starts with
    /// (`end` = the form's length in bytes), shortest first.
    #[inline]
    pub fn walk(&self, text: &[u8], mut found: impl FnMut(usize, u32)) {
        let Some(&b0) = text.first() else {
            return;
        };
        let mut node = self.root[b0 as usize] as usize;
        if node == 0 {
            return;
        }
        let mut end = 1;
        loop {
            let g = self.group[node];
            if g != NONE {
                found(end, g);
            }
            let Some(&b) = text.get(end) else {
                return;
            };
            let (lo, hi) = (self.first[node] as usize, self.first[node + 1] as usize);
            match self.labels[lo..hi].iter().position(|&l| l == b) {
                Some(k) => node = lo + k + 1,
                None => return,
            }
            end += 1;
        }
    }
}

/// Builds a `FormIndex` place by place.
#[derive(Default)]
pub struct FormIndexBuilder {
    by_form: HashMap<String, u32>,
    forms: Vec<String>,
    groups: Vec<Vec<u32>>,
    surfaces: Vec<String>,
}

impl FormIndexBuilder {
    /// Add the forms of place number `place` (places must come in order).
    pub fn add(&mut self, place: u32, names: &Names) {
        self.surfaces.clear();
        surface_forms(names, &mut self.surfaces);
        for s in &self.surfaces {
            let Some(f) = match_form(s) else { continue };
            let g = match self.by_form.get(&f) {
                Some(&g) => g,
                None => {
                    let g = self.forms.len() as u32;
                    self.by_form.insert(f.clone(), g);
                    self.forms.push(f);
                    self.groups.push(Vec::new());
                    g
                }
            };
            let list = &mut self.groups[g as usize];
            if list.last() != Some(&place) {
                list.push(place);
            }
        }
    }

    pub fn finish(self) -> FormIndex {
        let mut index = FormIndex {
            text: String::with_capacity(self.forms.iter().map(String::len).sum()),
            ends: Vec::with_capacity(self.forms.len()),
            starts: Vec::with_capacity(self.forms.len() + 1),
            places: Vec::with_capacity(self.groups.iter().map(Vec::len).sum()),
            sorted: (0..self.forms.len() as u32).collect(),
        };
        for (f, list) in self.forms.iter().zip(&self.groups) {
            index.text.push_str(f);
            index.ends.push(index.text.len() as u32);
            index.starts.push(index.places.len() as u32);
            index.places.extend_from_slice(list);
        }
        index.starts.push(index.places.len() as u32);
        index
            .sorted
            .sort_by(|&a, &b| self.forms[a as usize].cmp(&self.forms[b as usize]));
        index
    }
}

/// One CSV row: its line number and its fields (trimmed), in the order of
/// `REQUIRED_COLUMNS`.
pub type Row<'a> = (u64, [&'a str; COLUMNS]);

/// The embedded gazetteer: rows, form index, trie.
///
/// Layout (integers u32 little-endian): magic; row count; per row its line
/// number and the byte length of each field; the rows' text; the index's
/// arrays (each as a count and its items) and text; the trie's labels (as a
/// count and bytes) and arrays.
#[allow(dead_code)] // used by build.rs and the tests
pub fn encode(rows: &[Row], index: &FormIndex, trie: &Trie) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put(&mut out, rows.len());
    let mut text = String::new();
    for (line, fields) in rows {
        put(&mut out, *line as usize);
        for f in fields {
            put(&mut out, f.len());
            text.push_str(f);
        }
    }
    put_str(&mut out, &text);
    put_str(&mut out, &index.text);
    for arr in [&index.ends, &index.starts, &index.places, &index.sorted] {
        put(&mut out, arr.len());
        for &v in arr.iter() {
            put(&mut out, v as usize);
        }
    }
    put(&mut out, trie.labels.len());
    out.extend_from_slice(&trie.labels);
    for arr in [&trie.first, &trie.group] {
        put(&mut out, arr.len());
        for &v in arr.iter() {
            put(&mut out, v as usize);
        }
    }
    out
}

#[allow(dead_code)] // used by build.rs and the tests
fn put(out: &mut Vec<u8>, v: usize) {
    let v = u32::try_from(v).expect("gazetteer table sizes fit in u32");
    out.extend_from_slice(&v.to_le_bytes());
}

#[allow(dead_code)] // used by build.rs and the tests
fn put_str(out: &mut Vec<u8>, s: &str) {
    put(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// What `decode` gives back: the rows (to parse into places), the form index
/// and the trie.
pub struct Decoded<'a> {
    pub rows: Vec<Row<'a>>,
    pub index: FormIndex,
    pub trie: Trie,
}

/// Read what `encode` wrote; `None` if the bytes are not such a table.
pub fn decode(bytes: &[u8]) -> Option<Decoded<'_>> {
    let mut r = Reader(bytes.strip_prefix(MAGIC)?);
    let n = r.u32()? as usize;
    let heads = r.take(n.checked_mul(4 * (COLUMNS + 1))?)?;
    let text = r.str()?;
    let mut rows = Vec::with_capacity(n);
    let mut at = 0usize;
    for head in heads.chunks_exact(4 * (COLUMNS + 1)) {
        let mut nums = head.chunks_exact(4).map(le);
        let line = u64::from(nums.next()?);
        let mut fields = [""; COLUMNS];
        for (f, len) in fields.iter_mut().zip(nums) {
            let end = at.checked_add(len as usize)?;
            *f = text.get(at..end)?;
            at = end;
        }
        rows.push((line, fields));
    }
    let index_text = r.str()?.to_string();
    let mut arrays = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for arr in &mut arrays {
        *arr = r.u32s()?;
    }
    let [ends, starts, places, sorted] = arrays;
    let n = r.u32()? as usize;
    let labels = r.take(n)?.to_vec();
    let first = r.u32s()?;
    let group = r.u32s()?;
    if first.len() != labels.len() + 2 || group.len() != labels.len() + 1 || !r.0.is_empty() {
        return None;
    }
    let index = FormIndex {
        text: index_text,
        ends,
        starts,
        places,
        sorted,
    };
    Some(Decoded {
        rows,
        index,
        trie: Trie::from_parts(first, labels, group),
    })
}

fn le(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(le)
    }

    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.u32()? as usize;
        Some(
            self.take(n.checked_mul(4)?)?
                .chunks_exact(4)
                .map(le)
                .collect(),
        )
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(names: &[&str]) -> FormIndex {
        let mut b = FormIndexBuilder::default();
        for (i, name) in names.iter().enumerate() {
            b.add(
                i as u32,
                &Names {
                    name,
                    alternates: &[],
                    name_uk: None,
                    name_ru: None,
                    romanise: false,
                    region: false,
                },
            );
        }
        b.finish()
    }

    #[test]
    fn the_trie_finds_every_prefix_shortest_first() {
        let index = index(&["Kyiv", "Kyiv Oblast", "Kyivska", "Kharkiv", "Київ"]);
        let trie = Trie::build(&index);
        let walk = |text: &str| {
            let mut found = Vec::new();
            trie.walk(text.as_bytes(), |end, g| {
                found.push((end, index.form(g).to_string()))
            });
            found
        };
        assert_eq!(
            walk("kyiv oblast, north"),
            vec![(4, "kyiv".into()), (11, "kyiv oblast".into())]
        );
        assert_eq!(
            walk("kyivska"),
            vec![(4, "kyiv".into()), (7, "kyivska".into())]
        );
        // folded: ї → і
        assert_eq!(walk("киів"), vec![("киів".len(), "киів".into())]);
        assert!(walk("kyi").is_empty());
        assert!(walk("").is_empty());
        assert!(walk("oblast").is_empty());
        assert_eq!(index.group_of("kharkiv"), Some(3));
        assert_eq!(index.places(3), &[3]);
        assert_eq!(index.group_of("kharki"), None);
    }
}
