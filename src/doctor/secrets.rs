//! Stage 2, remote secrets: which clusters run a control plane, and whether each holds a working
//! secret for every other cluster it must watch.

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Api, ListParams};

use super::check::{Check, CheckId};
use crate::cluster::{self, Cluster};
use crate::error::Error;
use crate::secret;

/// Control planes: `--primary`, else the clusters running an istiod Deployment; `None` when no
/// cluster runs one (a guess would make every remote a "primary without secrets").
pub(super) async fn control_planes(
    clusters: &[Cluster],
    ns: &str,
    given: &[String],
) -> Option<Vec<bool>> {
    if !given.is_empty() {
        return Some(clusters.iter().map(|c| given.contains(&c.context)).collect());
    }
    let with_istiod = cluster::fan_out(clusters, |_, c| async move {
        let deps: Api<Deployment> = Api::namespaced(c.client.clone(), ns);
        Ok::<_, Error>(
            deps.list(&ListParams::default().labels("app=istiod"))
                .await
                .map(|l| !l.items.is_empty())
                .unwrap_or(false),
        )
    })
    .await;
    let flags: Vec<bool> = with_istiod.into_iter().map(|(_, r)| r.unwrap_or(false)).collect();
    flags.iter().any(|f| *f).then_some(flags)
}

pub(super) async fn check_secrets(
    clusters: &[Cluster],
    ns: &str,
    primary: &[bool],
    timeout: Duration,
) -> Vec<Check> {
    let mut out = Vec::new();
    let held = cluster::fan_out(clusters, |_, c| secret::remote_secrets(c, ns)).await;
    let primaries: Vec<&str> = clusters
        .iter()
        .zip(primary)
        .filter(|(_, p)| **p)
        .map(|(c, _)| c.context.as_str())
        .collect();
    let remotes: Vec<&str> = clusters
        .iter()
        .zip(primary)
        .filter(|(_, p)| !**p)
        .map(|(c, _)| c.context.as_str())
        .collect();
    let link_cmd = if remotes.is_empty() {
        format!("kubectl mesh-secret link --context {} --istio-namespace {ns}", primaries.join(","))
    } else {
        format!(
            "kubectl mesh-secret link --primary {} --remote {} --istio-namespace {ns}",
            primaries.join(","),
            remotes.join(",")
        )
    };
    for (i, (c, r)) in held.into_iter().enumerate() {
        if !primary[i] {
            continue;
        }
        let secrets = match r {
            Ok(s) => s,
            Err(e) => {
                out.push(Check::error(
                    CheckId::RemoteSecretsHeld,
                    &c.context,
                    e.to_string(),
                    "check the context's access",
                ));
                continue;
            }
        };
        let mut problems = Vec::new();
        for other in clusters.iter().filter(|o| o.context != c.context) {
            let name = secret::remote_secret_name(&other.context);
            match secrets.get(&name) {
                None => problems.push(format!("no secret for {}", other.context)),
                Some(s) => {
                    let row = secret::inspect(&c.context, s, timeout).await;
                    if !row.works {
                        problems.push(format!(
                            "the secret for {} does not work: {}",
                            other.context, row.status
                        ));
                    }
                }
            }
        }
        if problems.is_empty() {
            out.push(Check::ok(
                CheckId::RemoteSecretsHeld,
                &c.context,
                format!("{} working", clusters.len() - 1),
            ));
        } else {
            out.push(Check::error(
                CheckId::RemoteSecretsHeld,
                &c.context,
                problems.join("; "),
                link_cmd.clone(),
            ));
        }
    }
    out
}
