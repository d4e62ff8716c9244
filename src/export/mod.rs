//! Writers: GeoJSON files and the PNG map. Writers format what earlier
//! stages decided; they decide nothing themselves.

pub mod geojson;
pub mod png;
