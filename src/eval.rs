//! Scoring a run against gold labels (FORMATS.md §3), in agreement with
//! `../shared/tools/score.py`.
