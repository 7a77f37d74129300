//! Who owes what in a period, computed once: the effective leads and
//! coordinators of every task and the reporters of every indicator (mergers
//! applied), with an index by unit. Looking these up per report row would
//! cost the whole unit list each time; a plan of a thousand units would make
//! a run quadratic.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use super::{Period, Plan, Role};

/// The assignments of a plan in one period.
#[derive(Debug)]
pub struct Duties {
    leads: Vec<Vec<String>>,
    coordinators: Vec<Vec<String>>,
    reporters: Vec<Vec<String>>,
    roles: BTreeMap<(String, String), Role>,
    owes: BTreeSet<(String, String)>,
    /// unit → (task position, role), in plan order.
    tasks_by_unit: BTreeMap<String, Vec<(usize, Role)>>,
    /// unit → indicator positions, in plan order.
    indicators_by_unit: BTreeMap<String, Vec<usize>>,
}

impl Duties {
    fn new(plan: &Plan, period: Period) -> Duties {
        let day = period.cutoff_end();
        // code → the unit answering for it in the period (None: nobody).
        let effective: BTreeMap<&str, Option<String>> = plan
            .units
            .iter()
            .map(|u| {
                let e = plan
                    .successor_in_force(&u.code, day)
                    .map(|s| s.code.clone());
                (u.code.as_str(), e)
            })
            .collect();
        let list = |codes: &[String]| {
            let mut seen = BTreeSet::new();
            codes
                .iter()
                .filter_map(|c| effective.get(c.as_str()).cloned().flatten())
                .filter(|c| seen.insert(c.clone()))
                .collect::<Vec<String>>()
        };
        let mut roles = BTreeMap::new();
        let mut tasks_by_unit: BTreeMap<String, Vec<(usize, Role)>> = BTreeMap::new();
        let mut indicators_by_unit: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut leads = Vec::with_capacity(plan.tasks.len());
        let mut coordinators = Vec::with_capacity(plan.tasks.len());
        for (ti, t) in plan.tasks.iter().enumerate() {
            let l = list(&t.leads);
            let c: Vec<String> = list(&t.coordinators)
                .into_iter()
                .filter(|c| !l.contains(c))
                .collect();
            for (u, role) in l
                .iter()
                .map(|u| (u, Role::Lead))
                .chain(c.iter().map(|u| (u, Role::Coordinator)))
            {
                roles.insert((u.clone(), t.code.clone()), role);
                tasks_by_unit.entry(u.clone()).or_default().push((ti, role));
            }
            leads.push(l);
            coordinators.push(c);
        }
        let mut owes = BTreeSet::new();
        let reporters = plan
            .indicators
            .iter()
            .enumerate()
            .map(|(ii, i)| {
                let r = list(&i.reporters);
                for u in &r {
                    owes.insert((u.clone(), i.code.clone()));
                    indicators_by_unit.entry(u.clone()).or_default().push(ii);
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
        let key = (crate::text::code(unit), crate::text::code(task));
        self.duties(period).roles.get(&key).copied()
    }

    /// Whether `unit` must report indicator `indicator` in `period`.
    pub fn owes_indicator(&self, unit: &str, indicator: &str, period: Period) -> bool {
        let key = (crate::text::code(unit), crate::text::code(indicator));
        self.duties(period).owes.contains(&key)
    }

    /// The effective lead codes of a task in `period` (mergers applied,
    /// duplicates removed, plan order kept).
    pub fn leads_in(&self, task: &super::Task, period: Period) -> Vec<String> {
        self.task_position(&task.code)
            .and_then(|i| self.duties(period).leads.get(i).cloned())
            .unwrap_or_default()
    }

    /// The effective coordinator codes of a task in `period`, without units
    /// that are also leads.
    pub fn coordinators_in(&self, task: &super::Task, period: Period) -> Vec<String> {
        self.task_position(&task.code)
            .and_then(|i| self.duties(period).coordinators.get(i).cloned())
            .unwrap_or_default()
    }

    /// The effective reporting units of an indicator in `period`, in order.
    pub fn reporters_in(&self, indicator: &super::Indicator, period: Period) -> Vec<String> {
        self.indicator_index
            .get(&indicator.code)
            .and_then(|&i| self.duties(period).reporters.get(i).cloned())
            .unwrap_or_default()
    }

    /// The tasks `unit` leads or coordinates in `period`, in plan order,
    /// with its role.
    pub fn tasks_owed(&self, unit: &str, period: Period) -> Vec<(&super::Task, Role)> {
        let duties = self.duties(period);
        duties
            .tasks_by_unit
            .get(&crate::text::code(unit))
            .into_iter()
            .flatten()
            .filter_map(|&(i, role)| self.tasks.get(i).map(|t| (t, role)))
            .collect()
    }

    /// The indicators `unit` reports in `period`, in plan order.
    pub fn indicators_owed(&self, unit: &str, period: Period) -> Vec<&super::Indicator> {
        let duties = self.duties(period);
        duties
            .indicators_by_unit
            .get(&crate::text::code(unit))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.indicators.get(i))
            .collect()
    }

    fn task_position(&self, code: &str) -> Option<usize> {
        self.task_index.get(code).copied()
    }
}
