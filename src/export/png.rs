//! The PNG snapshot map: basemap, zones, front line, claims, labels, legend.

use chrono::NaiveDate;

use crate::geometry::Frontline;
use crate::model::{Claim, PlaceState};

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
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

/// Render the map and return the encoded PNG bytes.
pub fn render(spec: &MapSpec) -> Result<Vec<u8>, RenderError> {
    Err(RenderError::Size {
        width: spec.width,
        height: spec.height,
    })
}
