//! What `set`, `unset` and `restart` report: a row per cluster and a row per workload touched.

use serde::Serialize;

use super::meshconfig::{MeshTracing, Tracing};
use super::stale::{Kind, Verdict};
use crate::outcome::Action;
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub cluster: String,
    pub config: Action,
    pub old: MeshTracing,
    pub new: Tracing,
    pub restarted: usize,
    pub skipped: usize,
    pub failed: usize,
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
            self.restarted.to_string(),
            self.skipped.to_string(),
            self.failed.to_string(),
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
