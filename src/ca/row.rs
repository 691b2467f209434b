//! One row of `verify`, `status`, `init` and `issue`: a certificate, checked, and what the command
//! did with it; `fail_on_problems` turns its problems into the exit code.

use std::io::Write;

use serde::Serialize;
use time::OffsetDateTime;

use super::pki::{self, CertInfo};
use crate::error::{Error, Result};
use crate::expiry::ExpiryArgs;
use crate::outcome::Action;
use crate::output::{self, Row};
use crate::session::Session;

/// One line of `verify` / `status` / `issue` output.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    pub cluster: String,
    pub subject: String,
    pub algorithm: String,
    pub not_after: String,
    pub days_left: i64,
    pub root_fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// In a cluster: the phase of a root rotation its `cacerts` is in ("phase 1 of 3", "-": none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation: Option<String>,
    pub status: String,
    pub problems: Vec<String>,
    /// Expiring within --warn-within (RFC 3339 times in the text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl CaRow {
    /// Add warnings; the status says them when there is no problem.
    pub fn warn(mut self, warnings: impl IntoIterator<Item = String>) -> CaRow {
        self.warnings.extend(warnings);
        if self.problems.is_empty() && !self.warnings.is_empty() {
            self.status = format!("warning: {}", self.warnings.join("; "));
        }
        self
    }

    pub fn new(
        cluster: &str,
        info: &CertInfo,
        root_fp: &str,
        problems: Vec<String>,
        now: OffsetDateTime,
    ) -> CaRow {
        CaRow {
            context: None,
            cluster: cluster.to_string(),
            subject: info.subject.clone(),
            algorithm: info.algorithm.clone(),
            not_after: info.not_after.clone(),
            days_left: info.days_left(now),
            root_fingerprint: root_fp.to_string(),
            action: None,
            rotation: None,
            status: if problems.is_empty() { "ok".into() } else { problems.join("; ") },
            problems,
            warnings: vec![],
        }
    }

    /// A row for a cluster where nothing could be read.
    pub fn failed(cluster: &str, problem: String) -> CaRow {
        CaRow {
            context: None,
            cluster: cluster.to_string(),
            subject: "-".into(),
            algorithm: "-".into(),
            not_after: "-".into(),
            days_left: 0,
            root_fingerprint: "-".into(),
            action: None,
            rotation: None,
            status: problem.clone(),
            problems: vec![problem],
            warnings: vec![],
        }
    }

    fn not_after_day(&self) -> &str {
        self.not_after.get(..10).unwrap_or(&self.not_after)
    }
}
/// Problems fail the command; warnings too with `--fail-on warn`.
pub fn fail_on_problems(rows: &[CaRow], expiry: &ExpiryArgs) -> Result<()> {
    let bad: Vec<&CaRow> = rows.iter().filter(|r| !r.problems.is_empty()).collect();
    if bad.is_empty() {
        let named = |r: &CaRow| r.context.clone().unwrap_or_else(|| r.cluster.clone());
        let warnings: Vec<String> = rows
            .iter()
            .flat_map(|r| r.warnings.iter().map(move |w| format!("{}: {w}", named(r))))
            .collect();
        return expiry.gate(&warnings);
    }
    let names: Vec<String> =
        bad.iter().map(|r| r.context.clone().unwrap_or_else(|| r.cluster.clone())).collect();
    Err(Error::msg(format!(
        "{} of {} checked have problems: {}",
        bad.len(),
        rows.len(),
        names.join(", ")
    )))
}

/// Table or YAML/JSON of CA rows. Rows of clusters (`status`) add the CONTEXT and ROOT columns.
pub fn render_rows(out: &mut dyn Write, g: &Session, rows: &[CaRow]) -> Result<()> {
    output::print(out, g.output(), rows)
}

impl Row for CaRow {
    fn headers(rows: &[Self], _: bool) -> Vec<&'static str> {
        let with_context = rows.iter().any(|r| r.context.is_some());
        let mut h = vec![];
        if with_context {
            h.push("context");
        }
        h.extend(["cluster", "subject", "algorithm", "not after", "days left"]);
        if with_context {
            h.push("root");
        }
        if rows.iter().any(|r| r.rotation.as_deref().is_some_and(|p| p != "-")) {
            h.push("rotation");
        }
        h.push(if rows.iter().any(|r| r.action.is_some()) { "action" } else { "status" });
        h
    }

    fn cells(&self, headers: &[&'static str]) -> Vec<String> {
        headers
            .iter()
            .map(|h| match *h {
                "context" => self.context.clone().unwrap_or_default(),
                "cluster" => self.cluster.clone(),
                "subject" => self.subject.clone(),
                "algorithm" => self.algorithm.clone(),
                "not after" => self.not_after_day().to_string(),
                "days left" if self.subject == "-" => "-".into(),
                "days left" => self.days_left.to_string(),
                "root" => pki::short_fingerprint(&self.root_fingerprint),
                "action" => self.action.as_ref().map(Action::to_string).unwrap_or_default(),
                "rotation" => self.rotation.clone().unwrap_or_else(|| "-".into()),
                _ => self.status.clone(),
            })
            .collect()
    }
}
