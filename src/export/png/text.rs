//! Text: the embedded Noto Sans fonts, measuring, and drawing strings as
//! anti-aliased outlines with an optional halo.
//!
//! Strings reach here from articles and the command line, so nothing in
//! this module may panic on them: control and invisible formatting
//! characters are dropped, length is capped, and a character the font
//! lacks is drawn as an empty box. Fonts come from the binary (crate
//! `ttf-noto-sans`, licence in `data/fonts/`), never from the system.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, OutlineCurve, PxScale, ScaleFont};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform,
};
use unicode_normalization::UnicodeNormalization;

pub struct Fonts {
    pub regular: FontRef<'static>,
    pub bold: FontRef<'static>,
}

/// The embedded fonts, parsed on first use.
pub fn fonts() -> Result<&'static Fonts, String> {
    static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Ok(Fonts {
                regular: FontRef::try_from_slice(ttf_noto_sans::REGULAR)
                    .map_err(|e| format!("Noto Sans Regular: {e}"))?,
                bold: FontRef::try_from_slice(ttf_noto_sans::BOLD)
                    .map_err(|e| format!("Noto Sans Bold: {e}"))?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    /// Pixel size (ascent + descent).
    pub size: f32,
    pub bold: bool,
    pub color: Color,
    /// Halo colour and width in pixels.
    pub halo: Option<(Color, f32)>,
}

/// Extent of a laid-out string; `descent` is positive below the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
}

impl Metrics {
    pub fn height(&self) -> f32 {
        self.ascent + self.descent
    }
}

/// Make an untrusted string safe to lay out: NFC, no control or invisible
/// formatting characters, whitespace collapsed, at most `max_chars`
/// characters (an ellipsis marks a cut).
pub fn clean(s: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut pending_space = false;
    for c in s.nfc() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_invisible(c) {
            continue;
        }
        if count + usize::from(pending_space) + 1 > max_chars {
            out.push('…');
            return out;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// Zero-width and bidirectional formatting characters.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

fn font<'a>(fonts: &'a Fonts, style: &TextStyle) -> &'a FontRef<'static> {
    if style.bold {
        &fonts.bold
    } else {
        &fonts.regular
    }
}

/// Lay out `text` on one line: calls `each(glyph, x)` with the pen position
/// of every glyph (`None` for a character the font lacks) and returns the
/// advance width.
fn layout(
    font: &FontRef<'static>,
    size: f32,
    text: &str,
    mut each: impl FnMut(Option<GlyphId>, f32),
) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut x = 0.0;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if id.0 == 0 {
            each(None, x);
            x += size * 0.6;
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        each(Some(id), x);
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    x
}

pub fn measure(fonts: &Fonts, text: &str, style: &TextStyle) -> Metrics {
    let f = font(fonts, style);
    let scaled = f.as_scaled(PxScale::from(style.size));
    let width = layout(f, style.size, text, |_, _| {});
    Metrics {
        width,
        ascent: scaled.ascent(),
        descent: -scaled.descent(),
    }
}

/// The longest prefix of `text` (with an ellipsis if cut) that fits in
/// `max_width` pixels.
pub fn fit_width(fonts: &Fonts, text: &str, style: &TextStyle, max_width: f32) -> String {
    if measure(fonts, text, style).width <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    // Binary search on the number of characters kept.
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().chain(['…'].iter()).collect();
        if measure(fonts, &candidate, style).width <= max_width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let kept: String = chars[..lo].iter().collect();
    format!("{}…", kept.trim_end())
}

/// The outline of `text` with its baseline starting at (x, baseline).
pub fn text_path(
    fonts: &Fonts,
    text: &str,
    style: &TextStyle,
    x: f32,
    baseline: f32,
) -> Option<tiny_skia::Path> {
    let f = font(fonts, style);
    let scaled = f.as_scaled(PxScale::from(style.size));
    let (sx, sy) = (scaled.h_scale_factor(), scaled.v_scale_factor());
    let mut pb = PathBuilder::new();
    layout(f, style.size, text, |glyph, gx| {
        let ox = x + gx;
        let Some(id) = glyph else {
            missing_box(&mut pb, ox, baseline, style.size);
            return;
        };
        let Some(outline) = f.outline(id) else { return };
        let pt = |p: ab_glyph::Point| (ox + p.x * sx, baseline - p.y * sy);
        let mut last: Option<(f32, f32)> = None;
        for curve in &outline.curves {
            let start = match curve {
                OutlineCurve::Line(a, _)
                | OutlineCurve::Quad(a, _, _)
                | OutlineCurve::Cubic(a, _, _, _) => pt(*a),
            };
            let continues =
                last.is_some_and(|l| (l.0 - start.0).abs() < 1e-3 && (l.1 - start.1).abs() < 1e-3);
            if !continues {
                if last.is_some() {
                    pb.close();
                }
                pb.move_to(start.0, start.1);
            }
            let end = match curve {
                OutlineCurve::Line(_, b) => {
                    let b = pt(*b);
                    pb.line_to(b.0, b.1);
                    b
                }
                OutlineCurve::Quad(_, c, b) => {
                    let (c, b) = (pt(*c), pt(*b));
                    pb.quad_to(c.0, c.1, b.0, b.1);
                    b
                }
                OutlineCurve::Cubic(_, c1, c2, b) => {
                    let (c1, c2, b) = (pt(*c1), pt(*c2), pt(*b));
                    pb.cubic_to(c1.0, c1.1, c2.0, c2.1, b.0, b.1);
                    b
                }
            };
            last = Some(end);
        }
        if last.is_some() {
            pb.close();
        }
    });
    pb.finish()
}

/// An empty box in place of a glyph the font lacks (outer ring clockwise,
/// inner anticlockwise, so non-zero filling leaves it hollow).
fn missing_box(pb: &mut PathBuilder, x: f32, baseline: f32, size: f32) {
    let (x0, x1) = (x + size * 0.08, x + size * 0.52);
    let (y0, y1) = (baseline - size * 0.7, baseline);
    let t = (size * 0.07).max(0.8);
    pb.move_to(x0, y0);
    pb.line_to(x1, y0);
    pb.line_to(x1, y1);
    pb.line_to(x0, y1);
    pb.close();
    pb.move_to(x0 + t, y0 + t);
    pb.line_to(x0 + t, y1 - t);
    pb.line_to(x1 - t, y1 - t);
    pb.line_to(x1 - t, y0 + t);
    pb.close();
}

/// Draw `text` with its baseline starting at (x, baseline).
pub fn draw(
    pixmap: &mut Pixmap,
    fonts: &Fonts,
    text: &str,
    style: &TextStyle,
    x: f32,
    baseline: f32,
) {
    let Some(path) = text_path(fonts, text, style, x, baseline) else {
        return;
    };
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    if let Some((halo, width)) = style.halo {
        paint.set_color(halo);
        let stroke = Stroke {
            width: width * 2.0,
            line_join: LineJoin::Round,
            line_cap: LineCap::Round,
            ..Stroke::default()
        };
        pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
    }
    paint.set_color(style.color);
    pixmap.fill_path(
        &path,
        &paint,
        FillRule::Winding,
        Transform::identity(),
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const UKRAINIAN: &str = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя’";
    const RUSSIAN_EXTRA: &str = "ЁЪЫЭёъыэ";
    const LATIN: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'-.,()·…";

    #[test]
    fn fonts_cover_latin_and_all_of_ukrainian_and_russian_cyrillic() {
        let f = fonts().expect("fonts");
        for font in [&f.regular, &f.bold] {
            for c in UKRAINIAN
                .chars()
                .chain(RUSSIAN_EXTRA.chars())
                .chain(LATIN.chars())
            {
                assert_ne!(font.glyph_id(c).0, 0, "no glyph for {c:?}");
            }
        }
    }

    #[test]
    fn clean_drops_controls_and_caps_length() {
        assert_eq!(clean("  Kyiv\u{202E}\n\t Oblast\u{0}  ", 40), "Kyiv Oblast");
        assert_eq!(clean("abcdefgh", 5), "abcde…");
        assert_eq!(clean("", 5), "");
        // Decomposed й becomes one character.
        assert_eq!(clean("Бори\u{0306}", 10), "Борй");
        assert_eq!(clean("и\u{0306}", 10).chars().count(), 1);
    }

    #[test]
    fn measuring_grows_with_text_and_fit_width_cuts() {
        let f = fonts().expect("fonts");
        let style = TextStyle {
            size: 14.0,
            bold: false,
            color: Color::BLACK,
            halo: None,
        };
        let a = measure(f, "Pokrovsk", &style);
        let b = measure(f, "Pokrovsk Pokrovsk", &style);
        assert!(a.width > 30.0 && b.width > a.width * 1.8);
        assert!(a.height() > 10.0 && a.height() < 25.0);
        let cut = fit_width(f, "Zaporizhzhia Nuclear Power Plant", &style, 80.0);
        assert!(cut.ends_with('…'));
        assert!(measure(f, &cut, &style).width <= 80.0);
    }

    #[test]
    fn any_string_draws_without_panicking() {
        let f = fonts().expect("fonts");
        let style = TextStyle {
            size: 13.0,
            bold: true,
            color: Color::BLACK,
            halo: Some((Color::WHITE, 2.0)),
        };
        let mut pm = Pixmap::new(200, 40).expect("pixmap");
        for s in [
            "",
            " ",
            "漢字🙂\u{10FFFF}",
            "Kramatorsk",
            "Краматорськ",
            "\u{301}\u{301}",
            "x",
        ] {
            draw(&mut pm, f, s, &style, 2.0, 30.0);
        }
        // Something was drawn.
        assert!(pm.pixels().iter().any(|p| p.alpha() > 0));
    }
}
