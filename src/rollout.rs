//! Restarting workloads the way `kubectl rollout restart` does: a `kubectl.kubernetes.io/restartedAt`
//! annotation on the pod template, so the controller rolls new pods.

use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Api, Patch};
use serde_json::json;

use crate::apply::patch_params;
use crate::cli::DryRun;
use crate::error::{Context as _, Result};

pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

/// The merge patch `kubectl rollout restart` sends, for any workload with a pod template.
pub fn restart_patch(at: &str) -> serde_json::Value {
    json!({"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: at}}}}})
}

/// Now, as kubectl writes it (RFC 3339, seconds).
pub fn now_rfc3339() -> String {
    let t = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

pub async fn restart_deployment(api: &Api<Deployment>, name: &str, dry_run: DryRun, what: impl FnOnce() -> String) -> Result<()> {
    if dry_run == DryRun::Client {
        return Ok(());
    }
    api.patch(name, &patch_params(dry_run), &Patch::Merge(restart_patch(&now_rfc3339())))
        .await
        .ctx(|| format!("restart {}", what()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn restart_patch_is_kubectls() {
        let p = super::restart_patch("2026-01-01T00:00:00Z");
        assert_eq!(p["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"], "2026-01-01T00:00:00Z");
        assert!(super::now_rfc3339().ends_with('Z'));
    }
}
