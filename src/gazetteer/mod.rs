//! Place mentions to coordinates.
