use super::*;
use crate::consolidate::{consolidate, tests as fx};

fn build() -> Vec<u8> {
    let (_d, plan) = fx::plan();
    let c = consolidate(&plan, fx::period(), &fx::outcome(), None);
    bao_cao_docx(&plan, &c, NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()).unwrap()
}

#[test]
fn two_builds_in_one_process_give_the_same_bytes() {
    let a = build();
    let b = build();
    assert_eq!(a, b);
    if let Some(p) = std::env::var_os("TONGHOP_DUMP_DOCX") {
        std::fs::write(p, &a).unwrap();
    }
}
