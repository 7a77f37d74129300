//! Who owes what in a period, computed once: the effective leads and
//! coordinators of every task and the reporters of every indicator (mergers
//! applied), with an index by unit. Looking these up per report row would
//! cost the whole unit list each time; a plan of a thousand units would make
//! a run quadratic.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::{Period, Plan, Role};

/// The assignments of a plan in one period. Units, tasks and indicators
/// are kept by their position in the plan.
#[derive(Debug)]
pub struct Duties {
    /// Per task: its lead units, by position.
    leads: Vec<Vec<usize>>,
    /// Per task: its coordinating units that are not leads.
    coordinators: Vec<Vec<usize>>,
    /// Per indicator: its reporting units.
    reporters: Vec<Vec<usize>>,
    /// (unit, task) → role.
    roles: HashMap<(usize, usize), Role>,
    /// (unit, indicator).
    owes: HashSet<(usize, usize)>,
    /// Per unit: (task, role), in plan order.
    tasks_by_unit: Vec<Vec<(usize, Role)>>,
    /// Per unit: indicators, in plan order.
    indicators_by_unit: Vec<Vec<usize>>,
}

impl Duties {
    fn new(plan: &Plan, period: Period) -> Duties {
        let day = period.cutoff_end();
        // Per unit: the unit answering for it in the period (None: nobody).
        let effective: Vec<Option<usize>> = plan
            .units
            .iter()
            .map(|u| {
                plan.successor_in_force(&u.code, day)
                    .and_then(|s| plan.unit_index.get(&s.code).copied())
            })
            .collect();
        let list = |codes: &[String]| {
            let mut out: Vec<usize> = Vec::with_capacity(codes.len());
            for c in codes {
                if let Some(e) = plan.unit_index.get(c).and_then(|&i| effective[i]) {
                    if !out.contains(&e) {
                        out.push(e);
                    }
                }
            }
            out
        };
        let n = plan.units.len();
        let mut roles = HashMap::new();
        let mut tasks_by_unit: Vec<Vec<(usize, Role)>> = vec![Vec::new(); n];
        let mut indicators_by_unit: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut leads = Vec::with_capacity(plan.tasks.len());
        let mut coordinators = Vec::with_capacity(plan.tasks.len());
        for (ti, t) in plan.tasks.iter().enumerate() {
            let l = list(&t.leads);
            let c: Vec<usize> = list(&t.coordinators)
                .into_iter()
                .filter(|c| !l.contains(c))
                .collect();
            for (u, role) in l
                .iter()
                .map(|&u| (u, Role::Lead))
                .chain(c.iter().map(|&u| (u, Role::Coordinator)))
            {
                roles.insert((u, ti), role);
                tasks_by_unit[u].push((ti, role));
            }
            leads.push(l);
            coordinators.push(c);
        }
        let mut owes = HashSet::new();
        let reporters = plan
            .indicators
            .iter()
            .enumerate()
            .map(|(ii, i)| {
                let r = list(&i.reporters);
                for &u in &r {
                    owes.insert((u, ii));
                    indicators_by_unit[u].push(ii);
                }
                r
            })
            .collect();
        Duties {
            leads,
            coordinators,
            reporters,
            roles,
            owes,
            tasks_by_unit,
            indicators_by_unit,
        }
    }
}

/// A per-period cache of [`Duties`], shared by every thread of a run.
#[derive(Default)]
pub(crate) struct DutiesCache(Mutex<BTreeMap<Period, Arc<Duties>>>);

impl Clone for DutiesCache {
    fn clone(&self) -> DutiesCache {
        DutiesCache::default()
    }
}

impl std::fmt::Debug for DutiesCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DutiesCache")
    }
}

impl Plan {
    /// The assignments of the plan in `period`, computed on first use.
    pub fn duties(&self, period: Period) -> Arc<Duties> {
        // A poisoned lock only means another thread panicked while holding
        // it; the map itself is always in a consistent state.
        let mut map = self
            .duties
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(period)
            .or_insert_with(|| Arc::new(Duties::new(self, period)))
            .clone()
    }

    /// The role of unit `unit` on task `task` in `period`, taking mergers
    /// into account: a successor owes the tasks of the units it replaced
    /// (RULES.md, clarifications). Lead wins over coordinator.
    pub fn role_of(&self, unit: &str, task: &str, period: Period) -> Option<Role> {
        let key = (
            self.unit_position(unit)?,
            self.task_position(&crate::text::code_of(task))?,
        );
        self.duties(period).roles.get(&key).copied()
    }

    /// Whether `unit` must report indicator `indicator` in `period`.
    pub fn owes_indicator(&self, unit: &str, indicator: &str, period: Period) -> bool {
        let key = (
            self.unit_position(unit),
            self.indicator_index
                .get(crate::text::code_of(indicator).as_ref()),
        );
        match key {
            (Some(u), Some(&i)) => self.duties(period).owes.contains(&(u, i)),
            _ => false,
        }
    }

    /// The effective lead codes of a task in `period` (mergers applied,
    /// duplicates removed, plan order kept).
    pub fn leads_in(&self, task: &super::Task, period: Period) -> Vec<&str> {
        let duties = self.duties(period);
        let at = self.task_position(&task.code);
        self.codes_of(at.and_then(|i| duties.leads.get(i)))
    }

    /// The codes of the units at `positions`.
    fn codes_of(&self, positions: Option<&Vec<usize>>) -> Vec<&str> {
        positions
            .into_iter()
            .flatten()
            .filter_map(|&u| self.units.get(u).map(|x| x.code.as_str()))
            .collect()
    }

    /// The effective coordinator codes of a task in `period`, without units
    /// that are also leads.
    pub fn coordinators_in(&self, task: &super::Task, period: Period) -> Vec<&str> {
        let duties = self.duties(period);
        let at = self.task_position(&task.code);
        self.codes_of(at.and_then(|i| duties.coordinators.get(i)))
    }

    /// The effective reporting units of an indicator in `period`, in order.
    pub fn reporters_in(&self, indicator: &super::Indicator, period: Period) -> Vec<String> {
        let duties = self.duties(period);
        let at = self.indicator_index.get(&indicator.code);
        self.codes_of(at.and_then(|&i| duties.reporters.get(i)))
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The tasks `unit` leads or coordinates in `period`, in plan order,
    /// with its role.
    pub fn tasks_owed(&self, unit: &str, period: Period) -> Vec<(&super::Task, Role)> {
        let duties = self.duties(period);
        self.unit_position(unit)
            .and_then(|u| duties.tasks_by_unit.get(u))
            .into_iter()
            .flatten()
            .filter_map(|&(i, role)| self.tasks.get(i).map(|t| (t, role)))
            .collect()
    }

    /// The indicators `unit` reports in `period`, in plan order.
    pub fn indicators_owed(&self, unit: &str, period: Period) -> Vec<&super::Indicator> {
        let duties = self.duties(period);
        self.unit_position(unit)
            .and_then(|u| duties.indicators_by_unit.get(u))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.indicators.get(i))
            .collect()
    }

    fn task_position(&self, code: &str) -> Option<usize> {
        self.task_index.get(code).copied()
    }

    /// The position of unit `code` (any case and spacing).
    fn unit_position(&self, code: &str) -> Option<usize> {
        self.unit_index
            .get(crate::text::code_of(code).as_ref())
            .copied()
    }
}
