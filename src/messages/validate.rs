//! Messages of the validate stage.
