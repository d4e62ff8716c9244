//! Map projection and the fit of the map to the image.
//!
//! Lambert conformal conic with standard parallels 45.5° and 51.5° N and
//! central meridian 31.5° E: conformal (town shapes and angles are right)
//! and with under 1 % scale error across Ukraine. Spherical formulas are
//! enough at the scale of a 1600-pixel map. Projected units are kilometres,
//! x east, y north. This module knows nothing about what is drawn.

use std::f64::consts::FRAC_PI_4;

/// Mean Earth radius in km.
const EARTH_RADIUS_KM: f64 = 6371.0;

/// A Lambert conformal conic projection on the sphere.
#[derive(Debug, Clone, Copy)]
pub struct Lcc {
    lon0: f64,
    n: f64,
    rf: f64,
    rho0: f64,
}

impl Lcc {
    /// Build one from standard parallels, the central meridian and the
    /// latitude of origin, in degrees.
    pub fn new(lat1: f64, lat2: f64, lon0: f64, lat0: f64) -> Lcc {
        let (p1, p2, p0) = (lat1.to_radians(), lat2.to_radians(), lat0.to_radians());
        let t = |p: f64| (FRAC_PI_4 + p / 2.0).tan();
        let n = if (lat1 - lat2).abs() < 1e-9 {
            p1.sin()
        } else {
            (p1.cos() / p2.cos()).ln() / (t(p2) / t(p1)).ln()
        };
        let f = p1.cos() * t(p1).powf(n) / n;
        let rf = EARTH_RADIUS_KM * f;
        Lcc {
            lon0: lon0.to_radians(),
            n,
            rf,
            rho0: rf / t(p0).powf(n),
        }
    }

    /// The projection used for every map of the war.
    pub fn ukraine() -> Lcc {
        Lcc::new(45.5, 51.5, 31.5, 48.5)
    }

    /// Project longitude/latitude in degrees to (x, y) in km.
    pub fn project(&self, lon: f64, lat: f64) -> [f64; 2] {
        // Clamp away from the poles, where rho is infinite or zero.
        let lat = lat.clamp(-89.0, 89.0).to_radians();
        let rho = self.rf / (FRAC_PI_4 + lat / 2.0).tan().powf(self.n);
        let theta = self.n * (lon.to_radians() - self.lon0);
        [rho * theta.sin(), self.rho0 - rho * theta.cos()]
    }
}

/// An axis-aligned rectangle in projected km.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl Bounds {
    pub fn empty() -> Bounds {
        Bounds {
            min_x: f64::INFINITY,
            min_y: f64::INFINITY,
            max_x: f64::NEG_INFINITY,
            max_y: f64::NEG_INFINITY,
        }
    }

    pub fn extend(&mut self, p: [f64; 2]) {
        self.min_x = self.min_x.min(p[0]);
        self.min_y = self.min_y.min(p[1]);
        self.max_x = self.max_x.max(p[0]);
        self.max_y = self.max_y.max(p[1]);
    }

    pub fn intersects(&self, o: &Bounds) -> bool {
        self.min_x <= o.max_x
            && o.min_x <= self.max_x
            && self.min_y <= o.max_y
            && o.min_y <= self.max_y
    }
}

/// A longitude/latitude box in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl GeoBox {
    /// Ukraine's bounding box, Crimea included.
    pub const UKRAINE: GeoBox = GeoBox {
        west: 22.0,
        south: 44.3,
        east: 40.3,
        north: 52.4,
    };

    /// The area the basemap covers; points outside it never widen the map.
    pub const BASEMAP: GeoBox = GeoBox {
        west: 20.0,
        south: 43.0,
        east: 50.0,
        north: 57.0,
    };

    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.west..=self.east).contains(&lon) && (self.south..=self.north).contains(&lat)
    }

    pub fn extend(&mut self, lon: f64, lat: f64) {
        self.west = self.west.min(lon);
        self.east = self.east.max(lon);
        self.south = self.south.min(lat);
        self.north = self.north.max(lat);
    }

    /// The box's outline, projected, with `steps` points per edge
    /// (parallels are arcs in a conic projection).
    pub fn ring(&self, lcc: &Lcc, steps: usize) -> Vec<[f64; 2]> {
        let steps = steps.max(1);
        let mut ring = Vec::with_capacity(4 * steps + 1);
        let lerp = |a: f64, b: f64, i: usize| a + (b - a) * i as f64 / steps as f64;
        for i in 0..steps {
            ring.push(lcc.project(lerp(self.west, self.east, i), self.south));
        }
        for i in 0..steps {
            ring.push(lcc.project(self.east, lerp(self.south, self.north, i)));
        }
        for i in 0..steps {
            ring.push(lcc.project(lerp(self.east, self.west, i), self.north));
        }
        for i in 0..steps {
            ring.push(lcc.project(self.west, lerp(self.north, self.south, i)));
        }
        ring
    }

    /// The projected bounds of the box.
    pub fn projected(&self, lcc: &Lcc) -> Bounds {
        let mut b = Bounds::empty();
        for p in self.ring(lcc, 32) {
            b.extend(p);
        }
        b
    }
}

/// Maps projected km to image pixels: uniform scale (the aspect ratio is
/// kept), north up.
#[derive(Debug, Clone, Copy)]
pub struct View {
    pub lcc: Lcc,
    /// Pixels per km.
    pub scale: f64,
    /// The projected point drawn at pixel (0, 0).
    origin_x: f64,
    origin_y: f64,
    /// What part of the image shows the map, as (x, y, width, height).
    pub frame: (f64, f64, f64, f64),
}

impl View {
    /// Fit `area` (plus a margin of `pad` of its larger side on every side)
    /// into `frame`, centred; the shorter dimension gets extra room.
    pub fn fit(lcc: Lcc, area: Bounds, frame: (f64, f64, f64, f64), pad: f64) -> View {
        let (fx, fy, fw, fh) = frame;
        let w = (area.max_x - area.min_x).max(1.0);
        let h = (area.max_y - area.min_y).max(1.0);
        let margin = w.max(h) * pad;
        let (w, h) = (w + 2.0 * margin, h + 2.0 * margin);
        let scale = (fw / w).min(fh / h);
        let cx = (area.min_x + area.max_x) / 2.0;
        let cy = (area.min_y + area.max_y) / 2.0;
        View {
            lcc,
            scale,
            origin_x: cx - (fx + fw / 2.0) / scale,
            origin_y: cy + (fy + fh / 2.0) / scale,
            frame,
        }
    }

    /// Projected km to pixels.
    pub fn pixel(&self, p: [f64; 2]) -> (f32, f32) {
        (
            ((p[0] - self.origin_x) * self.scale) as f32,
            ((self.origin_y - p[1]) * self.scale) as f32,
        )
    }

    /// Longitude/latitude to pixels.
    pub fn lonlat_to_px(&self, lon: f64, lat: f64) -> (f32, f32) {
        self.pixel(self.lcc.project(lon, lat))
    }

    /// The projected area the frame shows.
    pub fn visible(&self) -> Bounds {
        let (fx, fy, fw, fh) = self.frame;
        Bounds {
            min_x: self.origin_x + fx / self.scale,
            max_x: self.origin_x + (fx + fw) / self.scale,
            min_y: self.origin_y - (fy + fh) / self.scale,
            max_y: self.origin_y - fy / self.scale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcc_is_true_to_scale_on_the_standard_parallels() {
        let lcc = Lcc::ukraine();
        for lat in [45.5, 51.5] {
            // One degree of longitude along a standard parallel.
            let a = lcc.project(31.0, lat);
            let b = lcc.project(32.0, lat);
            let d = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
            let expected = EARTH_RADIUS_KM * 1f64.to_radians() * lat.to_radians().cos();
            assert!(
                (d - expected).abs() / expected < 1e-3,
                "{lat}: {d} vs {expected}"
            );
        }
    }

    #[test]
    fn central_meridian_is_vertical_and_north_is_up() {
        let lcc = Lcc::ukraine();
        let s = lcc.project(31.5, 45.0);
        let n = lcc.project(31.5, 52.0);
        assert!(s[0].abs() < 1e-9 && n[0].abs() < 1e-9);
        assert!(n[1] > s[1]);
        assert!(lcc.project(36.0, 48.0)[0] > lcc.project(30.0, 48.0)[0]);
    }

    #[test]
    fn fit_keeps_the_area_inside_the_frame() {
        let lcc = Lcc::ukraine();
        let area = GeoBox::UKRAINE.projected(&lcc);
        let view = View::fit(lcc, area, (0.0, 40.0, 1600.0, 1120.0), 0.03);
        for (lon, lat) in [(22.0, 44.3), (40.3, 52.4), (22.0, 52.4), (40.3, 44.3)] {
            let (x, y) = view.lonlat_to_px(lon, lat);
            assert!(
                (0.0..=1600.0).contains(&x) && (40.0..=1160.0).contains(&y),
                "{lon},{lat} -> {x},{y}"
            );
        }
        let v = view.visible();
        assert!(v.min_x < area.min_x && v.max_x > area.max_x);
    }
}
