//! The CSS of an exported page: `mso-number-format` and `font-family`, by
//! class or inline, and the number formats they name.

use std::collections::BTreeMap;

/// What a CSS rule says about a cell.
#[derive(Debug, Clone, Default)]
pub(super) struct Style {
    pub(super) number_format: Option<String>,
    pub(super) font: Option<String>,
}

/// The declarations of a CSS block: `mso-number-format` and `font-family`.
pub(super) fn parse_style(decls: &str, into: &mut Style) {
    for d in decls.split(';') {
        let Some((k, v)) = d.split_once(':') else {
            continue;
        };
        let v = v
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .replace("\\0022", "")
            .replace('\\', "");
        match k.trim().to_ascii_lowercase().as_str() {
            "mso-number-format" => into.number_format = Some(v),
            "font-family" => {
                let first = v.split(',').next().unwrap_or("").trim();
                let first = first.trim_matches(|c| c == '"' || c == '\'');
                if !first.is_empty() {
                    into.font = Some(first.to_string());
                }
            }
            _ => {}
        }
    }
}

/// The class rules (`.xl65 {…}`, `td.xl65 {…}`) of a style sheet.
pub(super) fn parse_css(css: &str, classes: &mut BTreeMap<String, Style>) {
    // Comments out first (Excel wraps the sheet in `<!-- -->`).
    let css = css.replace("<!--", " ").replace("-->", " ");
    for block in css.split('}') {
        let Some((sel, decls)) = block.split_once('{') else {
            continue;
        };
        for s in sel.split(',') {
            let s = s.trim();
            if let Some((_, class)) = s.rsplit_once('.') {
                let class = class.trim().to_ascii_lowercase();
                if !class.is_empty() {
                    parse_style(decls, classes.entry(class).or_default());
                }
            }
        }
    }
}

/// A number as an export writes it in `x:num` or in a cell.
pub(super) fn number(s: &str) -> Option<f64> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches('%');
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

pub(super) fn is_date_format(f: &str) -> bool {
    let l = f.to_ascii_lowercase();
    l.contains("date") || (l.contains('d') && l.contains('m') && l.contains('y'))
}
