//! Restarting workloads the way `kubectl rollout restart` does (a `kubectl.kubernetes.io/restartedAt`
//! annotation on the pod template, so the controller rolls new pods), with the throttling retry, and
//! following the roll-outs until they finish. The one place any command restarts anything.

use std::time::Duration;

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use kube::api::{Api, Patch};
use serde_json::json;

use crate::apply::patch_params;
use crate::cli::DryRun;
use crate::cluster::Cluster;
use crate::error::{Context as _, Error, Result};

pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

/// A workload with a pod template that `kubectl rollout restart` can restart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Deployment,
    StatefulSet,
    DaemonSet,
}

impl Kind {
    /// The API resource (plural), for RBAC checks.
    pub fn resource(self) -> &'static str {
        match self {
            Kind::Deployment => "deployments",
            Kind::StatefulSet => "statefulsets",
            Kind::DaemonSet => "daemonsets",
        }
    }
}

/// One workload in a cluster.
#[derive(Clone, Debug)]
pub struct Target<'a> {
    pub kind: Kind,
    pub namespace: &'a str,
    pub name: &'a str,
}

/// The merge patch `kubectl rollout restart` sends, for any workload with a pod template.
pub fn restart_patch(at: &str) -> serde_json::Value {
    stamped_restart_patch(at, None)
}

/// The same, with one more annotation on the pod template (the new pods carry it).
pub fn stamped_restart_patch(at: &str, stamp: Option<(&str, &str)>) -> serde_json::Value {
    let mut annotations = serde_json::Map::new();
    annotations.insert(RESTARTED_AT.into(), at.into());
    if let Some((k, v)) = stamp {
        annotations.insert(k.into(), v.into());
    }
    json!({"spec": {"template": {"metadata": {"annotations": annotations}}}})
}

/// Now, in RFC 3339 with milliseconds. kubectl writes whole seconds, so its second restart within
/// the same second changes nothing while saying "restarted" (`migrate` restarts twice in a row
/// when it moves a mesh there and back); milliseconds keep every restart a change.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let t = now.replace_millisecond(now.millisecond()).unwrap_or(now);
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Restart one workload (nothing is sent for `--dry-run=client`). A 429 is retried after the time
/// the server asks for (bounded: 5 retries, 30 s each at most).
pub async fn restart(c: &Cluster, t: &Target<'_>, dry: DryRun) -> Result<()> {
    restart_stamped(c, t, None, dry).await
}

/// [`restart`], stamping the new pods' template with one annotation.
pub async fn restart_stamped(
    c: &Cluster,
    t: &Target<'_>,
    stamp: Option<(&str, &str)>,
    dry: DryRun,
) -> Result<()> {
    if dry == DryRun::Client {
        return Ok(());
    }
    let patch = Patch::Merge(stamped_restart_patch(&now_rfc3339(), stamp));
    let pp = patch_params(dry);
    let what = || format!("restart {:?} {}/{} in {}", t.kind, t.namespace, t.name, c.context);
    for attempt in 0..6u32 {
        let client = c.client.clone();
        let r = match t.kind {
            Kind::Deployment => Api::<Deployment>::namespaced(client, t.namespace)
                .patch(t.name, &pp, &patch)
                .await
                .map(|_| ()),
            Kind::StatefulSet => Api::<StatefulSet>::namespaced(client, t.namespace)
                .patch(t.name, &pp, &patch)
                .await
                .map(|_| ()),
            Kind::DaemonSet => Api::<DaemonSet>::namespaced(client, t.namespace)
                .patch(t.name, &pp, &patch)
                .await
                .map(|_| ()),
        };
        match r.ctx(what) {
            Err(e) if e.is_throttled() && attempt < 5 => {
                let wait = e.retry_after().unwrap_or(Duration::from_secs(1 << attempt));
                tokio::time::sleep(wait.min(Duration::from_secs(30))).await;
            }
            r => return r,
        }
    }
    Err(Error::msg(format!("{}: still throttled after retries", what())))
}

/// Whether a workload's roll-out has finished, as `kubectl rollout status` judges it.
async fn finished(c: &Cluster, t: &Target<'_>) -> Result<bool> {
    let what = || format!("get {:?} {}/{} in {}", t.kind, t.namespace, t.name, c.context);
    let client = c.client.clone();
    Ok(match t.kind {
        Kind::Deployment => {
            let d =
                Api::<Deployment>::namespaced(client, t.namespace).get(t.name).await.ctx(what)?;
            let want = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
            let st = d.status.unwrap_or_default();
            st.observed_generation >= d.metadata.generation
                && st.updated_replicas.unwrap_or(0) >= want
                && st.replicas.unwrap_or(0) == want
                && st.available_replicas.unwrap_or(0) >= want
        }
        Kind::StatefulSet => {
            let st = Api::<StatefulSet>::namespaced(client, t.namespace)
                .get(t.name)
                .await
                .ctx(what)?
                .status
                .unwrap_or_default();
            st.update_revision.is_some() && st.update_revision == st.current_revision
        }
        Kind::DaemonSet => {
            let st = Api::<DaemonSet>::namespaced(client, t.namespace)
                .get(t.name)
                .await
                .ctx(what)?
                .status
                .unwrap_or_default();
            st.updated_number_scheduled.unwrap_or(0) >= st.desired_number_scheduled
                && st.number_available.unwrap_or(0) >= st.desired_number_scheduled
        }
    })
}

/// Follow restarted workloads until their roll-outs finish or `timeout` passes, with a progress
/// line on stderr (rewritten in place on a terminal).
pub async fn wait(c: &Cluster, targets: &[Target<'_>], timeout: Duration) -> Result<()> {
    let deadline = tokio::time::Instant::now() + timeout;
    let total = targets.len();
    // On a terminal, one bar per cluster (stacked when several wait at once); otherwise a line per change.
    let bar = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
        let b = progress().add(indicatif::ProgressBar::new(total as u64));
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{prefix} [{bar:30}] {pos}/{len} roll-outs done ({elapsed})",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        b.set_prefix(c.context.clone());
        b
    });
    let mut last = usize::MAX;
    loop {
        let mut pending = 0usize;
        for t in targets {
            if !finished(c, t).await? {
                pending += 1;
            }
        }
        if pending != last {
            match &bar {
                Some(b) => b.set_position((total - pending) as u64),
                None => eprintln!("{}: {}/{total} roll-outs done", c.context, total - pending),
            }
            last = pending;
        }
        let done = pending == 0;
        if done || tokio::time::Instant::now() >= deadline {
            if let Some(b) = &bar {
                b.abandon();
            }
            if done {
                return Ok(());
            }
            return Err(Error::msg(format!(
                "{pending} roll-out(s) in {} not finished within {}: see `kubectl rollout status` there",
                c.context,
                humantime::format_duration(timeout)
            )));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The bars of every cluster waiting at once, drawn together on stderr.
fn progress() -> &'static indicatif::MultiProgress {
    static BARS: std::sync::OnceLock<indicatif::MultiProgress> = std::sync::OnceLock::new();
    BARS.get_or_init(indicatif::MultiProgress::new)
}

#[cfg(test)]
mod tests {
    #[test]
    fn restart_patch_is_kubectls() {
        let p = super::restart_patch("2026-01-01T00:00:00Z");
        assert_eq!(
            p["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"],
            "2026-01-01T00:00:00Z"
        );
        assert!(super::now_rfc3339().ends_with('Z'));
    }
}
