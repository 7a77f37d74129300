//! Integration tests: read.
