//! Label placement: greedy, in priority order, over eight candidate
//! positions around each anchor, against an index of everything already
//! on the map (labels, markers, legend, title). A label that fits nowhere
//! is skipped, never drawn over another. Pure geometry: draws nothing.

use std::collections::HashMap;

/// An axis-aligned rectangle in pixels, `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    /// A square of half-side `r` around a point.
    pub fn around(x: f32, y: f32, r: f32) -> Rect {
        Rect::new(x - r, y - r, x + r, y + r)
    }

    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// True when the interiors overlap (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn inside(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 && self.y0 >= outer.y0 && self.x1 <= outer.x1 && self.y1 <= outer.y1
    }
}

/// The rectangles placed so far, bucketed in a uniform grid so that a query
/// looks only at its neighbourhood.
pub struct CollisionIndex {
    cell: f32,
    rects: Vec<Rect>,
    grid: HashMap<(i32, i32), Vec<usize>>,
}

impl CollisionIndex {
    pub fn new(cell: f32) -> CollisionIndex {
        CollisionIndex {
            cell: cell.max(1.0),
            rects: Vec::new(),
            grid: HashMap::new(),
        }
    }

    fn cells(&self, r: &Rect) -> impl Iterator<Item = (i32, i32)> {
        let c = self.cell;
        // Clamp: a rectangle far off the image must not make a huge loop.
        let f = |v: f32| (v / c).floor().clamp(-10_000.0, 10_000.0) as i32;
        let (cx0, cy0, cx1, cy1) = (f(r.x0), f(r.y0), f(r.x1), f(r.y1));
        (cx0..=cx1).flat_map(move |x| (cy0..=cy1).map(move |y| (x, y)))
    }

    pub fn insert(&mut self, r: Rect) {
        let id = self.rects.len();
        self.rects.push(r);
        let cells: Vec<_> = self.cells(&r).collect();
        for cell in cells {
            self.grid.entry(cell).or_default().push(id);
        }
    }

    pub fn collides(&self, r: &Rect) -> bool {
        self.cells(r).any(|cell| {
            self.grid
                .get(&cell)
                .is_some_and(|ids| ids.iter().any(|&i| self.rects[i].overlaps(r)))
        })
    }
}

/// Where a label of size `w` x `h` may go around `anchor`, best first:
/// right, left, above, below, then the four corners.
pub fn candidates(anchor: &Rect, w: f32, h: f32, gap: f32) -> [Rect; 8] {
    let cy = (anchor.y0 + anchor.y1) / 2.0;
    let cx = (anchor.x0 + anchor.x1) / 2.0;
    let right = anchor.x1 + gap;
    let left = anchor.x0 - gap - w;
    let above = anchor.y0 - gap - h;
    let below = anchor.y1 + gap;
    let r = |x: f32, y: f32| Rect::new(x, y, x + w, y + h);
    [
        r(right, cy - h / 2.0),
        r(left, cy - h / 2.0),
        r(cx - w / 2.0, above),
        r(cx - w / 2.0, below),
        r(right - gap / 2.0, above + gap / 2.0),
        r(right - gap / 2.0, below - gap / 2.0),
        r(left + gap / 2.0, above + gap / 2.0),
        r(left + gap / 2.0, below - gap / 2.0),
    ]
}

/// Place one label: the first candidate inside `bounds` that collides with
/// nothing in `index`. The chosen rectangle is added to the index.
pub fn place(
    index: &mut CollisionIndex,
    bounds: &Rect,
    anchor: &Rect,
    w: f32,
    h: f32,
    gap: f32,
) -> Option<Rect> {
    let found = candidates(anchor, w, h, gap)
        .into_iter()
        .find(|c| c.inside(bounds) && !index.collides(c))?;
    index.insert(found);
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the property test needs no crate
    /// and fails the same way every time.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> f32 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 40) as f32) / ((1u64 << 24) as f32)
        }
    }

    #[test]
    fn overlap_is_strict() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        assert!(a.overlaps(&Rect::new(9.0, 9.0, 20.0, 20.0)));
        assert!(!a.overlaps(&Rect::new(10.0, 0.0, 20.0, 10.0)));
        assert!(!a.overlaps(&Rect::new(0.0, 11.0, 10.0, 20.0)));
    }

    #[test]
    fn index_finds_overlaps_across_cells() {
        let mut idx = CollisionIndex::new(16.0);
        idx.insert(Rect::new(0.0, 0.0, 100.0, 5.0));
        assert!(idx.collides(&Rect::new(90.0, 4.0, 95.0, 30.0)));
        assert!(!idx.collides(&Rect::new(0.0, 5.0, 100.0, 10.0)));
        assert!(!idx.collides(&Rect::new(-1e9, -1e9, -1e9 + 1.0, -1e9 + 1.0)));
    }

    #[test]
    fn the_first_free_candidate_wins() {
        let mut idx = CollisionIndex::new(32.0);
        let bounds = Rect::new(0.0, 0.0, 500.0, 500.0);
        let anchor = Rect::around(250.0, 250.0, 4.0);
        // Block the right-hand position: the label goes left.
        idx.insert(Rect::new(256.0, 240.0, 300.0, 260.0));
        let r = place(&mut idx, &bounds, &anchor, 40.0, 12.0, 3.0).expect("placed");
        assert!(r.x1 <= anchor.x0);
        // Against the left edge of the bounds only the right side is free.
        let anchor = Rect::around(5.0, 100.0, 4.0);
        let r = place(&mut idx, &bounds, &anchor, 40.0, 12.0, 3.0).expect("placed");
        assert!(r.x0 >= anchor.x1);
    }

    #[test]
    fn placed_labels_never_overlap_anything() {
        for seed in 1..=20u64 {
            let mut rng = Lcg(seed);
            let bounds = Rect::new(0.0, 0.0, 800.0, 600.0);
            let mut idx = CollisionIndex::new(48.0);
            // Markers first, as the renderer does: labels avoid them too.
            let anchors: Vec<Rect> = (0..400)
                .map(|_| {
                    Rect::around(
                        rng.next() * 800.0,
                        rng.next() * 600.0,
                        2.0 + rng.next() * 6.0,
                    )
                })
                .collect();
            let mut obstacles = anchors.clone();
            obstacles.push(Rect::new(0.0, 500.0, 200.0, 600.0)); // a legend
            for o in &obstacles {
                idx.insert(*o);
            }
            let mut placed = Vec::new();
            for a in &anchors {
                let (w, h) = (10.0 + rng.next() * 90.0, 8.0 + rng.next() * 8.0);
                if let Some(r) = place(&mut idx, &bounds, a, w, h, 2.0) {
                    assert!((r.x1 - r.x0 - w).abs() < 1e-3 && (r.height() - h).abs() < 1e-3);
                    placed.push(r);
                }
            }
            assert!(
                placed.len() > 40,
                "seed {seed}: only {} placed",
                placed.len()
            );
            assert!(
                placed.len() < anchors.len(),
                "seed {seed}: a crowded map must skip some"
            );
            for (i, a) in placed.iter().enumerate() {
                assert!(a.inside(&bounds));
                for b in &placed[i + 1..] {
                    assert!(!a.overlaps(b), "seed {seed}: {a:?} overlaps {b:?}");
                }
                for o in &obstacles {
                    assert!(!a.overlaps(o), "seed {seed}: {a:?} overlaps obstacle {o:?}");
                }
            }
        }
    }
}
