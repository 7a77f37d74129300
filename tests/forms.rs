//! Integration tests: forms.
