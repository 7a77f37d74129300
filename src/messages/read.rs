//! Messages of the read stage.
