//! Writing the outputs of a run: the consolidated workbook, the feedback
//! workbooks, the CSV exports and the manifest, each written to a temporary
//! name and renamed into place.
