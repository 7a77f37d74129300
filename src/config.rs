//! Resolving the raw flags once into a checked [`Config`]: the plan folder
//! chosen and loaded, the period parsed and checked against the plan, the
//! paths of this period's inbox and outputs.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tonghop::plan::{self, Period, Plan};
use tonghop::{messages, Error};

use crate::cli::Common;

/// Everything a command needs, checked.
#[allow(dead_code)] // period_given, out, date and quiet serve run and forms.
pub struct Config {
    /// The loaded plan.
    pub plan: Plan,
    /// The period.
    pub period: Period,
    /// Whether the period was given (`--ky`) rather than chosen by default.
    pub period_given: bool,
    /// `inbox/<ky>/`.
    pub inbox: PathBuf,
    /// `out/<ky>/`.
    pub out: PathBuf,
    /// The date printed on the outputs (and "today" for the default period).
    pub date: NaiveDate,
    /// No progress or summary.
    pub quiet: bool,
}

impl Config {
    /// Resolves the common flags.
    pub fn new(c: &Common) -> Result<Config, Error> {
        let date = match &c.date {
            Some(s) => parse_date_flag(s)?,
            None => chrono::Local::now().date_naive(),
        };
        let dir = choose_plan(&c.templates, c.plan.as_deref())?;
        let plan = plan::load(&dir)?;
        let (period, period_given) = match &c.period {
            Some(s) => (s.parse::<Period>()?, true),
            None => (
                Period::latest_passed(plan.info.from_year, plan.info.to_year, date)?,
                false,
            ),
        };
        period.check_in(&plan)?;
        Ok(Config {
            inbox: c.inbox.join(period.code()),
            out: c.out.join(period.code()),
            plan,
            period,
            period_given,
            date,
            quiet: c.quiet,
        })
    }
}

fn parse_date_flag(s: &str) -> Result<NaiveDate, Error> {
    ["%Y-%m-%d", "%d/%m/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s.trim(), f).ok())
        .ok_or_else(|| Error::Usage(messages::bad_date_flag(s)))
}

/// The plan folder: `templates/<id>` when `--ke-hoach` is given, else the only
/// plan under `templates/`.
fn choose_plan(templates: &Path, id: Option<&str>) -> Result<PathBuf, Error> {
    if let Some(id) = id {
        let dir = templates.join(id);
        if dir.join("ke-hoach.csv").is_file() {
            return Ok(dir);
        }
        return Err(Error::PlanChoice(messages::plan_not_found(
            id,
            templates,
            &list_plans(templates),
        )));
    }
    let plans = list_plans(templates);
    match plans.as_slice() {
        [one] => Ok(templates.join(one)),
        [] => Err(Error::PlanChoice(messages::no_plan(templates))),
        many => Err(Error::PlanChoice(messages::several_plans(templates, many))),
    }
}

fn list_plans(templates: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(templates)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("ke-hoach.csv").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}
