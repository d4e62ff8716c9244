//! frontline: turns bundles of war news into maps.
//!
//! Data flows one way: [`corpus`] → [`text`] → [`gazetteer`] → [`linker`] →
//! [`geometry`] → [`export`]. See ARCHITECTURE.md.

pub mod corpus;
pub mod eval;
pub mod export;
pub mod gazetteer;
pub mod geometry;
pub mod linker;
pub mod model;
pub mod text;
