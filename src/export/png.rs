//! The PNG snapshot map: basemap, zones, front line, claims, labels, legend.
//!
//! Draws what earlier stages decided and decides nothing about the war:
//! every marker is a claim or a place state handed in through `MapSpec`.
//! Reads no file (basemap and fonts are compiled in) and never panics on
//! the strings it is given.
//!
//! Drawing order: sea, land, Ukraine, occupied Crimea, zones, borders,
//! front line, markers, labels (claims first, then orientation cities and
//! area names, none overlapping), title, legend, attribution.

mod basemap;
mod chrome;
mod labels;
mod markers;
mod projection;
mod style;
mod text;

use chrono::NaiveDate;
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Mask, Paint, PathBuilder, Pixmap, Stroke, Transform,
};

use crate::geometry::Frontline;
use crate::model::{Claim, PlaceState};

use self::basemap::{Basemap, Path as GeoPath};
use self::chrome::Legend;
use self::labels::{CollisionIndex, Rect};
use self::projection::{GeoBox, Lcc, View};
use self::style::Scale;
use self::text::{Fonts, TextStyle};

/// What to draw.
pub struct MapSpec<'a> {
    pub claims: &'a [Claim],
    pub states: &'a [PlaceState],
    pub frontline: &'a Frontline,
    pub title: String,
    pub as_of: Option<NaiveDate>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("map size {width}x{height} is out of range (expected 200..=10000 on each side)")]
    Size { width: u32, height: u32 },
    #[error("embedded basemap is unreadable: {0}")]
    Basemap(String),
    #[error("embedded font is unreadable: {0}")]
    Font(String),
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

/// Smallest and largest accepted width or height, in pixels.
pub const SIZE_RANGE: std::ops::RangeInclusive<u32> = 200..=10000;

/// Longest place name or title drawn, in characters.
const MAX_NAME_CHARS: usize = 48;
const MAX_TITLE_CHARS: usize = 160;

/// Render the map and return the encoded PNG bytes.
pub fn render(spec: &MapSpec) -> Result<Vec<u8>, RenderError> {
    let pm = draw(spec)?;
    encode(&pm)
}

/// Render the map into a pixmap.
fn draw(spec: &MapSpec) -> Result<Pixmap, RenderError> {
    let (width, height) = (spec.width, spec.height);
    if !SIZE_RANGE.contains(&width) || !SIZE_RANGE.contains(&height) {
        return Err(RenderError::Size { width, height });
    }
    let basemap = basemap::get().map_err(RenderError::Basemap)?;
    let fonts = text::fonts().map_err(RenderError::Font)?;
    let k = Scale::for_image(width, height);
    let mut pm = Pixmap::new(width, height).ok_or(RenderError::Size { width, height })?;

    let top = chrome::title_band_height(k);
    let bottom = chrome::attribution_band_height(k);
    let frame = (
        0.0,
        top as f64,
        width as f64,
        (height as f32 - top - bottom) as f64,
    );
    let view = fit_view(spec, frame);
    let frame_rect = Rect::new(0.0, top, width as f32, height as f32 - bottom);

    pm.fill(style::SEA.color());
    draw_basemap(&mut pm, basemap, &view, k);
    draw_zones(&mut pm, spec.frontline, &view);
    draw_borders(&mut pm, basemap, &view, k);
    draw_front_line(&mut pm, spec.frontline, &view, k);

    let groups = markers::group(spec.claims, spec.states);
    let radius = k.px(5.5);
    let spacing = 2.0 * radius + k.px(2.0);
    let placed = markers::layout(
        &groups,
        |lon, lat| view.lonlat_to_px(lon, lat),
        &frame_rect,
        radius,
        spacing,
    );

    let legend = legend_for(spec, fonts, k);
    let legend_at = legend_position(&legend, frame_rect, placed.iter().map(|p| p.row), k);

    let mut index = CollisionIndex::new(k.px(48.0));
    index.insert(legend_at);
    for p in &placed {
        index.insert(p.rect);
    }
    // Least important first, so the most claimed places end up on top
    // where groups still touch.
    for p in placed.iter().rev() {
        markers::draw_group(&mut pm, p, radius, spacing);
    }

    let place_style = TextStyle {
        size: k.px(13.5),
        bold: true,
        color: style::TEXT.color(),
        halo: Some((style::HALO.color(), k.px(2.2))),
    };
    let bounds = frame_rect;
    for p in &placed {
        let (g, anchor) = (p.group, &p.rect);
        let name = text::clean(&g.name, MAX_NAME_CHARS);
        if name.is_empty() {
            continue;
        }
        draw_label(
            &mut pm,
            fonts,
            &mut index,
            &bounds,
            anchor,
            &name,
            &place_style,
            k,
        );
    }
    draw_cities(
        &mut pm, fonts, &mut index, &bounds, basemap, &view, &placed, k,
    );
    draw_area_names(&mut pm, fonts, &mut index, &bounds, &view, k);

    let title = text::clean(&spec.title, MAX_TITLE_CHARS);
    let title = if title.is_empty() {
        "frontline".to_string()
    } else {
        title
    };
    let date = match spec.as_of {
        Some(d) => format!("as of {}", d.format("%Y-%m-%d")),
        None => "undated".to_string(),
    };
    chrome::draw_title(&mut pm, fonts, k, &title, &date);
    legend.draw(&mut pm, fonts, k, legend_at);
    chrome::draw_attribution(&mut pm, fonts, k);
    Ok(pm)
}

/// Ukraine, widened to every claim or state inside the basemap's area,
/// with a margin, in the frame.
fn fit_view(spec: &MapSpec, frame: (f64, f64, f64, f64)) -> View {
    let lcc = Lcc::ukraine();
    let mut area = GeoBox::UKRAINE;
    let points = spec
        .claims
        .iter()
        .map(|c| &c.place)
        .chain(spec.states.iter().map(|s| &s.place));
    for p in points {
        if GeoBox::BASEMAP.contains(p.lon, p.lat) {
            area.extend(p.lon, p.lat);
        }
    }
    View::fit(lcc, area.projected(&lcc), frame, 0.03)
}

fn paint(color: Color) -> Paint<'static> {
    let mut p = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    p.set_color(color);
    p
}

/// One tiny-skia path from every visible ring or line; `close` for rings.
fn build_path<'a>(
    paths: impl IntoIterator<Item = &'a GeoPath>,
    view: &View,
    close: bool,
) -> Option<tiny_skia::Path> {
    let visible = view.visible();
    let mut pb = PathBuilder::new();
    for p in paths {
        if !p.bounds.intersects(&visible) {
            continue;
        }
        add_polyline(&mut pb, p.points.iter().map(|&q| view.pixel(q)), close);
    }
    pb.finish()
}

/// Add one polyline to a path (nothing for no points); `close` for rings.
fn add_polyline(pb: &mut PathBuilder, mut pts: impl Iterator<Item = (f32, f32)>, close: bool) {
    let Some((x, y)) = pts.next() else { return };
    pb.move_to(x, y);
    for (x, y) in pts {
        pb.line_to(x, y);
    }
    if close {
        pb.close();
    }
}

fn fill(pm: &mut Pixmap, path: Option<tiny_skia::Path>, color: Color) {
    if let Some(path) = path {
        pm.fill_path(
            &path,
            &paint(color),
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
    }
}

fn stroke(pm: &mut Pixmap, path: Option<&tiny_skia::Path>, color: Color, width: f32) {
    if let Some(path) = path {
        let stroke = Stroke {
            width,
            line_join: LineJoin::Round,
            line_cap: LineCap::Round,
            ..Stroke::default()
        };
        pm.stroke_path(path, &paint(color), &stroke, Transform::identity(), None);
    }
}

fn draw_basemap(pm: &mut Pixmap, map: &Basemap, view: &View, k: Scale) {
    // Beyond the data, neither land nor sea: a neutral grey, not a false sea.
    if let Some(data) = map.data_box {
        pm.fill(style::NO_DATA.color());
        let ring = data.ring(&view.lcc, 64);
        let outline = GeoPath::new(ring);
        fill(pm, build_path([&outline], view, true), style::SEA.color());
    }
    fill(pm, build_path(&map.land, view, true), style::LAND.color());
    if let Some(ua) = map.country("UA") {
        fill(
            pm,
            build_path(&ua.rings, view, true),
            style::UKRAINE.color(),
        );
    }
    // Crimea and Sevastopol: Ukraine's colour under a translucent tint and
    // hatching, so the de jure border and the de facto occupation both show.
    let occupied = build_path(
        map.admin1
            .iter()
            .filter(|a| a.occupied)
            .flat_map(|a| &a.rings),
        view,
        true,
    );
    if let Some(path) = occupied {
        pm.fill_path(
            &path,
            &paint(style::OCCUPIED_FILL.color()),
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
        let b = path.bounds();
        if let Some(mut mask) = Mask::new(pm.width(), pm.height()) {
            mask.fill_path(&path, FillRule::EvenOdd, true, Transform::identity());
            let r = Rect::new(b.left(), b.top(), b.right(), b.bottom());
            chrome::hatch(pm, r, &mask, k);
        }
    }
}

fn draw_borders(pm: &mut Pixmap, map: &Basemap, view: &View, k: Scale) {
    // Ukraine's oblasts clearly, its neighbours' regions faintly.
    for b in &map.admin1_borders {
        let (color, width) = if b.country == "UA" {
            (style::ADMIN1_BORDER.color(), k.px(0.8))
        } else {
            (style::ADMIN1_BORDER_ABROAD.color(), k.px(0.6))
        };
        stroke(pm, build_path(&b.lines, view, false).as_ref(), color, width);
    }
    stroke(
        pm,
        build_path(&map.coast, view, false).as_ref(),
        style::COAST.color(),
        k.px(0.9),
    );
    stroke(
        pm,
        build_path(&map.country_borders, view, false).as_ref(),
        style::COUNTRY_BORDER.color(),
        k.px(1.6),
    );
}

fn geo_path<'a>(
    lines: impl IntoIterator<Item = &'a geo::LineString<f64>>,
    view: &View,
    close: bool,
) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for line in lines {
        let pts = line
            .coords()
            .filter(|c| c.x.is_finite() && c.y.is_finite())
            .map(|c| view.lonlat_to_px(c.x, c.y));
        add_polyline(&mut pb, pts, close);
    }
    pb.finish()
}

fn draw_zones(pm: &mut Pixmap, frontline: &Frontline, view: &View) {
    for zone in &frontline.zones {
        let rings = zone
            .area
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
        let color = match zone.controller {
            crate::model::Side::Ru => style::RU_ZONE.color(),
            crate::model::Side::Ua => style::UA_ZONE.color(),
        };
        fill(pm, geo_path(rings, view, true), color);
    }
}

fn draw_front_line(pm: &mut Pixmap, frontline: &Frontline, view: &View, k: Scale) {
    let path = geo_path(&frontline.front_line.0, view, false);
    stroke(
        pm,
        path.as_ref(),
        style::rgba(255, 255, 255, 200).color(),
        k.px(6.0),
    );
    stroke(pm, path.as_ref(), style::FRONT_LINE.color(), k.px(3.2));
}

/// Place a label beside `anchor` and draw it; false when it fits nowhere.
#[allow(clippy::too_many_arguments)]
fn draw_label(
    pm: &mut Pixmap,
    fonts: &Fonts,
    index: &mut CollisionIndex,
    bounds: &Rect,
    anchor: &Rect,
    name: &str,
    st: &TextStyle,
    k: Scale,
) -> bool {
    let m = text::measure(fonts, name, st);
    // The box takes in half the halo: text never overlaps text, and two
    // halos may touch but never cover a neighbour's letters.
    let pad = st.halo.map_or(0.0, |h| h.1 / 2.0);
    let (w, h) = (m.width + 2.0 * pad, m.height() + 2.0 * pad);
    let Some(r) = labels::place(index, bounds, anchor, w, h, k.px(2.5)) else {
        return false;
    };
    text::draw(pm, fonts, name, st, r.x0 + pad, r.y0 + pad + m.ascent);
    true
}

/// Orientation cities: a dot and a name, only where both fit and no claim
/// sits on the city already.
#[allow(clippy::too_many_arguments)]
fn draw_cities(
    pm: &mut Pixmap,
    fonts: &Fonts,
    index: &mut CollisionIndex,
    bounds: &Rect,
    map: &Basemap,
    view: &View,
    placed: &[markers::Placed],
    k: Scale,
) {
    let near = k.px(10.0);
    for city in &map.cities {
        let (x, y) = view.pixel(city.at);
        let capital = city.rank == 1;
        let r = if capital { k.px(3.6) } else { k.px(2.6) };
        let dot = Rect::around(x, y, r + k.px(1.0));
        if !dot.inside(bounds) || index.collides(&dot) {
            continue;
        }
        let taken = placed.iter().any(|p| {
            let (gx, gy) = p.at;
            ((gx - x).powi(2) + (gy - y).powi(2)).sqrt() < near || p.group.name == city.name
        });
        if taken {
            continue;
        }
        let st = TextStyle {
            size: k.px(if city.rank <= 2 { 13.0 } else { 12.0 }),
            bold: capital,
            color: style::CITY_TEXT.color(),
            halo: Some((style::HALO.color(), k.px(1.8))),
        };
        if !draw_label(pm, fonts, index, bounds, &dot, &city.name, &st, k) {
            continue;
        }
        index.insert(dot);
        if let Some(circle) = PathBuilder::from_circle(x, y, r) {
            pm.fill_path(
                &circle,
                &paint(style::CITY_DOT.color()),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
            if capital {
                let ring = Stroke {
                    width: k.px(1.2),
                    ..Stroke::default()
                };
                if let Some(outer) = PathBuilder::from_circle(x, y, r + k.px(1.6)) {
                    pm.stroke_path(
                        &outer,
                        &paint(style::CITY_DOT.color()),
                        &ring,
                        Transform::identity(),
                        None,
                    );
                }
            }
        }
    }
}

/// Country and sea names at fixed points, for orientation only; each is
/// drawn centred there if it collides with nothing.
const AREA_NAMES: &[(&str, f64, f64, bool)] = &[
    ("UKRAINE", 31.4, 48.75, false),
    ("RUSSIA", 40.6, 50.3, false),
    ("BELARUS", 27.6, 52.55, false),
    ("POLAND", 22.5, 51.3, false),
    ("ROMANIA", 24.6, 46.2, false),
    ("MOLDOVA", 28.6, 47.45, false),
    ("Black Sea", 31.3, 44.1, true),
    ("Sea of Azov", 36.55, 46.2, true),
];

fn draw_area_names(
    pm: &mut Pixmap,
    fonts: &Fonts,
    index: &mut CollisionIndex,
    bounds: &Rect,
    view: &View,
    k: Scale,
) {
    for &(name, lon, lat, sea) in AREA_NAMES {
        let st = TextStyle {
            size: k.px(if sea { 15.0 } else { 17.0 }),
            bold: !sea,
            color: if sea {
                style::SEA_TEXT.color()
            } else {
                style::COUNTRY_TEXT.color()
            },
            halo: None,
        };
        let m = text::measure(fonts, name, &st);
        let (x, y) = view.lonlat_to_px(lon, lat);
        let r = Rect::new(
            x - m.width / 2.0,
            y - m.height() / 2.0,
            x + m.width / 2.0,
            y + m.height() / 2.0,
        );
        if !r.inside(bounds) || index.collides(&r) {
            continue;
        }
        index.insert(r);
        text::draw(pm, fonts, name, &st, r.x0, r.y0 + m.ascent);
    }
}

fn legend_for(spec: &MapSpec, fonts: &Fonts, k: Scale) -> Legend {
    let states: Vec<_> = spec.states.iter().map(|s| s.controller).collect();
    let zones: Vec<_> = spec
        .frontline
        .zones
        .iter()
        .filter(|z| !z.area.0.is_empty())
        .map(|z| z.controller)
        .collect();
    let front = spec.frontline.front_line.0.iter().any(|l| l.0.len() >= 2);
    Legend::new(fonts, k, chrome::legend_entries(&states, &zones, front))
}

/// The frame corner (bottom-left first) whose legend box would hide the
/// fewest markers.
fn legend_position(
    legend: &Legend,
    frame: Rect,
    points: impl Iterator<Item = (f32, f32)> + Clone,
    k: Scale,
) -> Rect {
    let m = k.px(10.0);
    let (w, h) = (legend.width, legend.height);
    let corners = [
        Rect::new(
            frame.x0 + m,
            frame.y1 - m - h,
            frame.x0 + m + w,
            frame.y1 - m,
        ),
        Rect::new(
            frame.x1 - m - w,
            frame.y1 - m - h,
            frame.x1 - m,
            frame.y1 - m,
        ),
        Rect::new(
            frame.x0 + m,
            frame.y0 + m,
            frame.x0 + m + w,
            frame.y0 + m + h,
        ),
        Rect::new(
            frame.x1 - m - w,
            frame.y0 + m,
            frame.x1 - m,
            frame.y0 + m + h,
        ),
    ];
    let hidden = |r: &Rect| {
        points
            .clone()
            .filter(|&(x, y)| x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1)
            .count()
    };
    // min_by_key keeps the first of equal counts: bottom-left wins ties.
    corners.into_iter().min_by_key(hidden).unwrap_or(corners[0])
}

/// Encode as 8-bit RGB: every pixel is opaque (the sea is painted first),
/// so premultiplied and straight colour are the same.
fn encode(pm: &Pixmap) -> Result<Vec<u8>, RenderError> {
    let mut rgb = Vec::with_capacity(pm.width() as usize * pm.height() as usize * 3);
    for p in pm.pixels() {
        let c = p.demultiply();
        rgb.extend_from_slice(&[c.red(), c.green(), c.blue()]);
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, pm.width(), pm.height());
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Fast);
    let mut writer = enc
        .write_header()
        .map_err(|e| RenderError::Encode(e.to_string()))?;
    writer
        .write_image_data(&rgb)
        .map_err(|e| RenderError::Encode(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| RenderError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests;
