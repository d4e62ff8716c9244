//! Sentences, tokens, folding.
