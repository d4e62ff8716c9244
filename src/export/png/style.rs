//! Colours and sizes of the map, in one place. Sizes are for a 1600x1200
//! image and scale with the shorter side (`Scale`).

use tiny_skia::Color;

use crate::model::{Controller, Side};

/// A colour that can be a constant (tiny-skia's `Color` cannot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

impl Rgba {
    pub fn color(self) -> Color {
        Color::from_rgba8(self.0, self.1, self.2, self.3)
    }
}

pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
    Rgba(r, g, b, 255)
}

pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Rgba {
    Rgba(r, g, b, a)
}

pub const SEA: Rgba = rgb(0xb7, 0xc9, 0xd6);
pub const LAND: Rgba = rgb(0xe9, 0xe6, 0xdd);
pub const UKRAINE: Rgba = rgb(0xfb, 0xf9, 0xf2);
pub const COAST: Rgba = rgb(0x7d, 0x96, 0xa8);
pub const ADMIN1_BORDER: Rgba = rgb(0xa9, 0xa9, 0xa4);
pub const ADMIN1_BORDER_ABROAD: Rgba = rgb(0xc8, 0xc5, 0xbc);
pub const NO_DATA: Rgba = rgb(0xd8, 0xd8, 0xd8);
pub const COUNTRY_BORDER: Rgba = rgb(0x4a, 0x4a, 0x4a);
pub const OCCUPIED_FILL: Rgba = rgba(0x8a, 0x6a, 0x6a, 0x30);
pub const OCCUPIED_HATCH: Rgba = rgba(0x7a, 0x3a, 0x3a, 0x8c);

pub const RU: Rgba = rgb(0xc0, 0x39, 0x2b);
pub const UA: Rgba = rgb(0x1f, 0x5f, 0xbf);
pub const CONTESTED: Rgba = rgb(0x7d, 0x3c, 0x98);
pub const UNKNOWN: Rgba = rgb(0x80, 0x80, 0x80);
pub const RU_ZONE: Rgba = rgba(0xc0, 0x39, 0x2b, 0x48);
pub const UA_ZONE: Rgba = rgba(0x1f, 0x5f, 0xbf, 0x38);
pub const FRONT_LINE: Rgba = rgb(0x3b, 0x12, 0x12);

pub const TEXT: Rgba = rgb(0x1c, 0x1c, 0x1c);
pub const CITY_TEXT: Rgba = rgb(0x4a, 0x4a, 0x4a);
pub const CITY_DOT: Rgba = rgb(0x3a, 0x3a, 0x3a);
pub const SEA_TEXT: Rgba = rgb(0x5b, 0x78, 0x8f);
pub const COUNTRY_TEXT: Rgba = rgba(0x5a, 0x5a, 0x5a, 0xb0);
pub const HALO: Rgba = rgba(0xff, 0xff, 0xff, 0xe0);
pub const PANEL: Rgba = rgba(0xff, 0xff, 0xff, 0xeb);
pub const PANEL_BORDER: Rgba = rgb(0x9a, 0x9a, 0x9a);
pub const MUTED_TEXT: Rgba = rgb(0x55, 0x55, 0x55);

pub fn side(s: Side) -> Color {
    match s {
        Side::Ru => RU.color(),
        Side::Ua => UA.color(),
    }
}

pub fn controller(c: Controller) -> Color {
    match c {
        Controller::Ru => RU.color(),
        Controller::Ua => UA.color(),
        Controller::Contested => CONTESTED.color(),
        Controller::Unknown => UNKNOWN.color(),
    }
}

/// Pixel sizes, scaled to the image.
#[derive(Debug, Clone, Copy)]
pub struct Scale(pub f32);

impl Scale {
    /// 1.0 for the default 1600x1200; a 200-pixel map still gets legible
    /// (if crowded) text.
    pub fn for_image(width: u32, height: u32) -> Scale {
        Scale((width.min(height) as f32 / 1200.0).clamp(0.5, 8.0))
    }

    pub fn px(&self, v: f32) -> f32 {
        v * self.0
    }
}
