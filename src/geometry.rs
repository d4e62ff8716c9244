//! Frontline geometry: control zones and the front line derived from the
//! as-of state of places. Pure computation on `PlaceState`s; reads no file,
//! knows nothing of articles or rendering.

use chrono::NaiveDate;
use geo::{MultiLineString, MultiPolygon};

use crate::model::{PlaceState, Side};

/// The area one side is inferred to hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub controller: Side,
    pub area: MultiPolygon<f64>,
}

/// Everything `frontline.geojson` holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontline {
    pub zones: Vec<Zone>,
    pub front_line: MultiLineString<f64>,
    pub as_of: Option<NaiveDate>,
}

/// Derive zones and the front line from place states.
pub fn derive(_states: &[PlaceState], as_of: Option<NaiveDate>) -> Frontline {
    Frontline {
        zones: Vec::new(),
        front_line: MultiLineString(Vec::new()),
        as_of,
    }
}
