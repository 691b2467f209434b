//! What `set`, `unset` and `restart` report: a row per cluster and a row per workload touched.

use serde::Serialize;

use super::meshconfig::{MeshTracing, Tracing};
use super::stale::{Kind, Verdict};
use crate::outcome::{Action, Outcome};
use crate::output::Row;

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Restart {
    pub cluster: String,
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    pub verdict: Verdict,
    pub result: Action,
}

/// What one cluster's workload rows add up to.
#[derive(Serialize, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Really restarted (a dry run restarts nothing).
    pub restarted: usize,
    /// Not restarted on purpose: not restartable as they run (paused, rolling out, needing
    /// re-injection), or stale under --no-restart.
    pub skipped: usize,
    pub failed: usize,
}

impl Tally {
    pub fn of(rows: &[Restart]) -> Tally {
        Tally {
            restarted: rows.iter().filter(|x| x.result.did(Outcome::Restarted)).count(),
            skipped: rows
                .iter()
                .filter(|x| {
                    x.verdict != Verdict::UpToDate && matches!(x.result, Action::NotDone(_))
                })
                .count(),
            failed: rows.iter().filter(|x| x.result.failure().is_some()).count(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub cluster: String,
    pub config: Action,
    pub old: MeshTracing,
    pub new: Tracing,
    #[serde(flatten)]
    pub tally: Tally,
    /// With --wait: "done", or what did not finish in time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollout: Option<String>,
}

impl Row for Summary {
    fn headers(rows: &[Self], _: bool) -> Vec<&'static str> {
        let mut h =
            vec!["cluster", "mesh config", "address", "sampling", "restarted", "skipped", "failed"];
        if rows.iter().any(|s| s.rollout.is_some()) {
            h.push("rolled out");
        }
        h
    }

    fn cells(&self, headers: &[&'static str]) -> Vec<String> {
        let mut row = vec![
            self.cluster.clone(),
            self.config.to_string(),
            arrow(&self.old.tracing.address_text(), &self.new.address_text()),
            arrow(&self.old.tracing.sampling_text(), &self.new.sampling_text()),
            self.tally.restarted.to_string(),
            self.tally.skipped.to_string(),
            self.tally.failed.to_string(),
        ];
        if headers.len() > row.len() {
            row.push(self.rollout.clone().unwrap_or_default());
        }
        row
    }
}

impl Row for Restart {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["cluster", "namespace", "workload", "result"]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        vec![
            self.cluster.clone(),
            self.namespace.clone(),
            format!("{:?}/{}", self.kind, self.name).to_lowercase(),
            self.result.to_string(),
        ]
    }
}

#[derive(Serialize)]
pub struct Report {
    pub clusters: Vec<Summary>,
    pub workloads: Vec<Restart>,
}

fn arrow(old: &str, new: &str) -> String {
    if old == new {
        old.to_string()
    } else {
        format!("{old} -> {new}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::DryRun;

    fn row(verdict: Verdict, result: Action) -> Restart {
        let (cluster, namespace, name) = ("c1".into(), "ns".into(), "w".into());
        Restart { cluster, kind: Kind::Deployment, namespace, name, verdict, result }
    }

    #[test]
    fn the_tally_counts_real_restarts_skips_on_purpose_and_failures() {
        let rows = [
            row(Verdict::Stale, Action::new(Outcome::Restarted, DryRun::None)),
            row(Verdict::Stale, Action::new(Outcome::Restarted, DryRun::Client)),
            row(Verdict::Stale, Action::NotDone("not restarted (--no-restart)".into())),
            row(Verdict::Paused, Action::NotDone(Verdict::Paused.text().into())),
            row(Verdict::UpToDate, Action::NotDone(Verdict::UpToDate.text().into())),
            row(Verdict::Stale, Action::Failed("timed out".into())),
        ];
        assert_eq!(Tally::of(&rows), Tally { restarted: 1, skipped: 2, failed: 1 });
        assert_eq!(Tally::of(&[]), Tally::default());
    }
}
