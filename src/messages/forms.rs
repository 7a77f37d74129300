//! Messages of the forms stage.
