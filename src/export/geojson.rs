//! GeoJSON writers (RFC 7946).
