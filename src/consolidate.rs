//! Consolidation: the counted reports merged into one model of the plan's
//! tasks and indicators for the period (OUTPUTS.md, "The consolidated
//! workbook").
