//! What frames the map: the title band, the attribution band and the
//! legend box. Sizes are measured here so that label placement can keep
//! clear of them before they are drawn.

use tiny_skia::{Color, Mask, Paint, PathBuilder, Pixmap, Stroke, Transform};

use super::labels::Rect;
use super::markers::{self, Marker, Shape};
use super::style::{self, Scale};
use super::text::{self, Fonts, TextStyle};

pub const ATTRIBUTION: &str =
    "Contains data from GeoNames (geonames.org), CC BY 4.0; filtered and extended · Made with Natural Earth · frontline";

pub fn title_band_height(k: Scale) -> f32 {
    k.px(44.0)
}

pub fn attribution_band_height(k: Scale) -> f32 {
    k.px(22.0)
}

fn fill_rect(pm: &mut Pixmap, r: Rect, color: Color) {
    let Some(rect) = tiny_skia::Rect::from_ltrb(r.x0, r.y0, r.x1, r.y1) else {
        return;
    };
    let paint = Paint {
        anti_alias: true,
        ..paint(color)
    };
    pm.fill_rect(rect, &paint, Transform::identity(), None);
}

fn paint(color: Color) -> Paint<'static> {
    let mut p = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    p.set_color(color);
    p
}

fn hline(pm: &mut Pixmap, x0: f32, x1: f32, y: f32, color: Color, width: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(x0, y);
    pb.line_to(x1, y);
    if let Some(path) = pb.finish() {
        let stroke = Stroke {
            width,
            ..Stroke::default()
        };
        pm.stroke_path(&path, &paint(color), &stroke, Transform::identity(), None);
    }
}

/// The title band: `title · as of DATE` (or `· undated`), cut to fit.
pub fn draw_title(pm: &mut Pixmap, fonts: &Fonts, k: Scale, title: &str, date: &str) {
    let w = pm.width() as f32;
    let band = Rect::new(0.0, 0.0, w, title_band_height(k));
    fill_rect(pm, band, style::rgb(0xfa, 0xfa, 0xf8).color());
    hline(
        pm,
        0.0,
        w,
        band.y1 - k.px(0.5),
        style::PANEL_BORDER.color(),
        k.px(1.0),
    );
    let pad = k.px(14.0);
    let title_style = TextStyle {
        size: k.px(22.0),
        bold: true,
        color: style::TEXT.color(),
        halo: None,
    };
    let date_style = TextStyle {
        size: k.px(16.0),
        bold: false,
        color: style::MUTED_TEXT.color(),
        halo: None,
    };
    let date_text = format!("  ·  {date}");
    let date_w = text::measure(fonts, &date_text, &date_style).width;
    let m = text::measure(fonts, "Hg", &title_style);
    let baseline = (band.y1 + m.ascent - m.descent) / 2.0;
    let title = text::fit_width(
        fonts,
        title,
        &title_style,
        (w - 2.0 * pad - date_w).max(k.px(20.0)),
    );
    let tw = text::measure(fonts, &title, &title_style).width;
    text::draw(pm, fonts, &title, &title_style, pad, baseline);
    text::draw(pm, fonts, &date_text, &date_style, pad + tw, baseline);
}

/// The attribution band at the bottom, shrunk (then cut) to fit.
pub fn draw_attribution(pm: &mut Pixmap, fonts: &Fonts, k: Scale) {
    let (w, h) = (pm.width() as f32, pm.height() as f32);
    let band = Rect::new(0.0, h - attribution_band_height(k), w, h);
    fill_rect(pm, band, style::rgb(0xfa, 0xfa, 0xf8).color());
    hline(
        pm,
        0.0,
        w,
        band.y0 + k.px(0.5),
        style::PANEL_BORDER.color(),
        k.px(1.0),
    );
    let pad = k.px(10.0);
    let mut st = TextStyle {
        size: k.px(11.5),
        bold: false,
        color: style::MUTED_TEXT.color(),
        halo: None,
    };
    let full = text::measure(fonts, ATTRIBUTION, &st).width;
    let room = w - 2.0 * pad;
    if full > room {
        st.size = (st.size * room / full).max(st.size * 0.6);
    }
    let line = text::fit_width(fonts, ATTRIBUTION, &st, room);
    let m = text::measure(fonts, &line, &st);
    let baseline = (band.y0 + band.y1 + m.ascent - m.descent) / 2.0;
    text::draw(pm, fonts, &line, &st, w - pad - m.width, baseline);
}

/// A legend entry's sample.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    Marker(Marker),
    Area(Color),
    Line(Color),
    Hatch,
}

pub struct Legend {
    entries: Vec<(Swatch, String)>,
    entry_style: TextStyle,
    heading_style: TextStyle,
    pad: f32,
    row: f32,
    swatch_w: f32,
    pub width: f32,
    pub height: f32,
}

pub const LEGEND_HEADING: &str = "Claims: colour = side acting, shape = status";

impl Legend {
    pub fn new(fonts: &Fonts, k: Scale, entries: Vec<(Swatch, String)>) -> Legend {
        let entry_style = TextStyle {
            size: k.px(13.0),
            bold: false,
            color: style::TEXT.color(),
            halo: None,
        };
        let heading_style = TextStyle {
            size: k.px(13.0),
            bold: true,
            ..entry_style
        };
        let pad = k.px(10.0);
        let row = k.px(20.0);
        let swatch_w = k.px(30.0);
        let text_w = entries
            .iter()
            .map(|(_, t)| text::measure(fonts, t, &entry_style).width)
            .fold(0.0, f32::max);
        let heading_w = text::measure(fonts, LEGEND_HEADING, &heading_style).width;
        let width = (swatch_w + k.px(8.0) + text_w).max(heading_w) + 2.0 * pad;
        let height = 2.0 * pad + row * (entries.len() as f32 + 1.0);
        Legend {
            entries,
            entry_style,
            heading_style,
            pad,
            row,
            swatch_w,
            width,
            height,
        }
    }

    pub fn draw(&self, pm: &mut Pixmap, fonts: &Fonts, k: Scale, at: Rect) {
        fill_rect(pm, at, style::PANEL.color());
        if let Some(rect) = tiny_skia::Rect::from_ltrb(at.x0, at.y0, at.x1, at.y1) {
            let stroke = Stroke {
                width: k.px(1.0),
                ..Stroke::default()
            };
            pm.stroke_path(
                &PathBuilder::from_rect(rect),
                &paint(style::PANEL_BORDER.color()),
                &stroke,
                Transform::identity(),
                None,
            );
        }
        let m = text::measure(fonts, "Hg", &self.entry_style);
        let x = at.x0 + self.pad;
        let mut y = at.y0 + self.pad;
        let baseline = |y: f32| y + (self.row + m.ascent - m.descent) / 2.0;
        text::draw(
            pm,
            fonts,
            LEGEND_HEADING,
            &self.heading_style,
            x,
            baseline(y),
        );
        y += self.row;
        for (swatch, label) in &self.entries {
            let cy = y + self.row / 2.0;
            let sample = Rect::new(x, cy - k.px(6.0), x + self.swatch_w, cy + k.px(6.0));
            draw_swatch(pm, *swatch, sample, k);
            text::draw(
                pm,
                fonts,
                label,
                &self.entry_style,
                x + self.swatch_w + k.px(8.0),
                baseline(y),
            );
            y += self.row;
        }
    }
}

fn draw_swatch(pm: &mut Pixmap, swatch: Swatch, r: Rect, k: Scale) {
    let cx = (r.x0 + r.x1) / 2.0;
    let cy = (r.y0 + r.y1) / 2.0;
    match swatch {
        Swatch::Marker(m) => markers::draw(pm, m, cx, cy, k.px(6.0)),
        Swatch::Area(c) => {
            fill_rect(pm, r, style::UKRAINE.color());
            fill_rect(pm, r, c);
        }
        Swatch::Line(c) => {
            hline(pm, r.x0, r.x1, cy, Color::WHITE, k.px(5.5));
            hline(pm, r.x0, r.x1, cy, c, k.px(3.0));
        }
        Swatch::Hatch => {
            fill_rect(pm, r, style::UKRAINE.color());
            fill_rect(pm, r, style::OCCUPIED_FILL.color());
            // 45-degree lines clipped to the sample by hand: a mask the
            // size of the image would be wasted on a small box.
            let step = k.px(6.0);
            let mut pb = PathBuilder::new();
            let mut x = r.x0 - r.height();
            while x < r.x1 {
                // The line (x + t, y1 - t), t in 0..height, kept where x0..x1.
                let t0 = (r.x0 - x).max(0.0);
                let t1 = (r.x1 - x).min(r.height());
                if t0 < t1 {
                    pb.move_to(x + t0, r.y1 - t0);
                    pb.line_to(x + t1, r.y1 - t1);
                }
                x += step;
            }
            if let Some(path) = pb.finish() {
                let stroke = Stroke {
                    width: k.px(1.3),
                    ..Stroke::default()
                };
                pm.stroke_path(
                    &path,
                    &paint(style::OCCUPIED_HATCH.color()),
                    &stroke,
                    Transform::identity(),
                    None,
                );
            }
        }
    }
}

/// Diagonal hatching over `r`, drawn only where `mask` allows.
pub fn hatch(pm: &mut Pixmap, r: Rect, mask: &Mask, k: Scale) {
    let step = k.px(6.0);
    let h = r.height();
    let mut pb = PathBuilder::new();
    let mut x = r.x0 - h;
    while x < r.x1 {
        pb.move_to(x, r.y1);
        pb.line_to(x + h, r.y0);
        x += step;
    }
    let Some(path) = pb.finish() else { return };
    let stroke = Stroke {
        width: k.px(1.3),
        ..Stroke::default()
    };
    pm.stroke_path(
        &path,
        &paint(style::OCCUPIED_HATCH.color()),
        &stroke,
        Transform::identity(),
        Some(mask),
    );
}

/// Legend entries for what this map shows.
pub fn legend_entries(
    states: &[crate::model::Controller],
    zones: &[crate::model::Side],
    front_line: bool,
) -> Vec<(Swatch, String)> {
    use crate::model::{Controller, Side};
    let dark = style::rgb(0x44, 0x44, 0x44).color();
    let m = |shape, color| Swatch::Marker(Marker { shape, color });
    let mut e = vec![
        (
            m(Shape::Confirmed, style::RU.color()),
            "Russian forces".to_string(),
        ),
        (
            m(Shape::Confirmed, style::UA.color()),
            "Ukrainian forces".to_string(),
        ),
        (m(Shape::Confirmed, dark), "confirmed".to_string()),
        (m(Shape::Claimed, dark), "claimed, unverified".to_string()),
        (
            m(Shape::Denied, dark),
            "denied by the other side".to_string(),
        ),
    ];
    for (c, label) in [
        (Controller::Ru, "place held by Russia (as of date)"),
        (Controller::Ua, "place held by Ukraine (as of date)"),
        (Controller::Contested, "place contested"),
        (Controller::Unknown, "place, holder unknown"),
    ] {
        if states.contains(&c) {
            e.push((m(Shape::Held, style::controller(c)), label.to_string()));
        }
    }
    if zones.contains(&Side::Ru) {
        e.push((
            Swatch::Area(style::RU_ZONE.color()),
            "area held by Russia (inferred)".to_string(),
        ));
    }
    if zones.contains(&Side::Ua) {
        e.push((
            Swatch::Area(style::UA_ZONE.color()),
            "area held by Ukraine (inferred)".to_string(),
        ));
    }
    if front_line {
        e.push((
            Swatch::Line(style::FRONT_LINE.color()),
            "front line (inferred)".to_string(),
        ));
    }
    e.push((
        Swatch::Hatch,
        "Crimea: occupied by Russia since 2014".to_string(),
    ));
    e
}
