//! Places with recent claims, as evidence for choosing among same-named
//! places: a Katerynivka named without a region or a neighbour is more likely
//! the one fought over last week than the largest one. The store supplies
//! them; the resolver only asks whether a candidate lies near one.

use std::collections::HashMap;

/// Points of places with recent claims, bucketed by a 0.25° grid.
#[derive(Debug, Clone, Default)]
pub struct RecentClaims {
    cells: HashMap<(i32, i32), Vec<(f64, f64)>>,
    len: usize,
}

/// Grid cell size in degrees: about 28 km north-south, so a 25 km radius
/// touches the cell and its eight neighbours only.
const CELL: f64 = 0.25;

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    ((lat / CELL).floor() as i32, (lon / CELL).floor() as i32)
}

impl RecentClaims {
    /// From the (lat, lon) points of places with recent claims.
    pub fn new(points: impl IntoIterator<Item = (f64, f64)>) -> RecentClaims {
        let mut r = RecentClaims::default();
        for (lat, lon) in points {
            if lat.is_finite() && lon.is_finite() {
                r.cells.entry(cell(lat, lon)).or_default().push((lat, lon));
                r.len += 1;
            }
        }
        r
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether a point lies within `km` (at most 25) of a place with recent claims.
    pub fn near(&self, lat: f64, lon: f64, km: f64) -> bool {
        if self.len == 0 {
            return false;
        }
        let (r, c) = cell(lat, lon);
        (-1..=1).any(|dr| {
            (-1..=1).any(|dc| {
                self.cells.get(&(r + dr, c + dc)).is_some_and(|pts| {
                    pts.iter()
                        .any(|&(a, b)| super::resolve::km(lat, lon, a, b) <= km)
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_finds_points_across_cell_borders_only_within_the_radius() {
        let r = RecentClaims::new([(47.99, 37.49), (50.0, 36.23)]);
        assert!(r.near(48.01, 37.51, 25.0)); // next cell, 3 km away
        assert!(r.near(47.9, 37.4, 25.0));
        assert!(!r.near(48.5, 37.5, 25.0)); // 56 km
        assert!(!RecentClaims::default().near(47.99, 37.49, 25.0));
        assert_eq!(r.len(), 2);
    }
}
