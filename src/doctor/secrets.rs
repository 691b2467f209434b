//! Stage 2, remote secrets: which clusters run a control plane, and whether each holds a working
//! secret for every other cluster it must watch.

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Api, ListParams};

use super::check::{Check, CheckId};
use crate::cluster::{self, Cluster};
use crate::error::Error;
use crate::istiod::{self, Asked, Unasked, Verdict, Views};
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
    views: &[Option<Views>],
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
        let others: Vec<&str> =
            clusters.iter().map(|o| o.context.as_str()).filter(|o| *o != c.context).collect();
        // The laptop's check first, then istiod's verdict on the same secrets.
        let judged = views[i]
            .as_ref()
            .map(|v| istiod_check(&c.context, ns, &others, &istiod::clusterz_of(v)));
        let secrets = match r {
            Ok(s) => s,
            Err(e) => {
                out.push(Check::error(
                    CheckId::RemoteSecretsHeld,
                    &c.context,
                    e.to_string(),
                    "check the context's access",
                ));
                out.extend(judged);
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
        out.extend(judged);
    }
    out
}

/// istiod's own verdict on the secrets a control plane must hold (its `/debug/clusterz`): every other
/// cluster's secret synced. When istiod cannot be asked the laptop's check above stands alone, and
/// this says so; when no istiod runs, nothing watches the other clusters at all.
fn istiod_check(ctx: &str, ns: &str, others: &[&str], asked: &Asked) -> Check {
    let id = CheckId::RemoteSecretsIstiod;
    let logs = format!("kubectl logs -n {ns} -l app=istiod --context {ctx}");
    match asked {
        Err(Unasked::NotRunning(_)) => {
            return Check::error(
                id,
                ctx,
                format!("no Running istiod pod in {ns}: nothing watches the other clusters"),
                format!("kubectl get pods -n {ns} -l app=istiod --context {ctx}"),
            )
        }
        Err(Unasked::Failed(why)) => {
            return Check::warn(
                id,
                ctx,
                format!("istiod could not be asked ({why}): the secrets were judged from here only"),
                format!("check that `kubectl port-forward -n {ns} deploy/istiod 15014 --context {ctx}` works"),
            )
        }
        Ok(_) => {}
    }
    let mut problems = Vec::new();
    let mut unasked = Vec::new();
    let mut syncing = Vec::new();
    for other in others {
        let name = format!("{ns}/{}", secret::remote_secret_name(other));
        match istiod::verdict_from(asked, &name) {
            (Verdict::Synced, _) => {}
            (Verdict::NotAsked(why), rev) => unasked.push(format!("{}{why}", of_rev(&rev))),
            (Verdict::Syncing, rev) => syncing.push(format!("{other}{}", in_rev(&rev))),
            (v, rev) => problems.push(format!("{other}: {v}{}", in_rev(&rev))),
        }
    }
    if !problems.is_empty() {
        return Check::error(
            id,
            ctx,
            format!("istiod has not synced {}", problems.join(", ")),
            format!(
                "absent: istiod has not loaded the secret; timeout or closed: istiod cannot reach or                  read that cluster from where it runs (see {logs})"
            ),
        );
    }
    if !syncing.is_empty() {
        return Check::warn(
            id,
            ctx,
            format!("istiod is still syncing {}", syncing.join(", ")),
            logs,
        )
        .settling();
    }
    if !unasked.is_empty() {
        return Check::warn(
            id,
            ctx,
            format!("istiod could not be asked ({}): judged from here only", unasked.join("; ")),
            logs,
        );
    }
    Check::ok(id, ctx, format!("istiod has synced {}", others.len()))
}

fn in_rev(rev: &Option<String>) -> String {
    rev.as_ref().map(|r| format!(" (revision {r})")).unwrap_or_default()
}

fn of_rev(rev: &Option<String>) -> String {
    rev.as_ref().map(|r| format!("revision {r}: ")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::check::Status;
    use crate::istiod::WatchedCluster;

    fn entry(id: &str, secret: &str, status: &str) -> WatchedCluster {
        WatchedCluster { id: id.into(), secret_name: secret.into(), sync_status: status.into() }
    }

    #[test]
    fn istiod_judges_each_secret_a_control_plane_needs() {
        let ns = "istio-system";
        let own = entry("cluster1", "", "synced");
        let two = entry("cluster2", "istio-system/istio-remote-secret-cluster2", "synced");
        let all = Ok(vec![("default".into(), Ok(vec![own.clone(), two.clone()]))]);
        let c = istiod_check("cluster1", ns, &["cluster2"], &all);
        assert_eq!((c.status, c.detail.as_str()), (Status::Ok, "istiod has synced 1"));

        let late = entry("cluster3", "istio-system/istio-remote-secret-cluster3", "timeout");
        let some = Ok(vec![("default".into(), Ok(vec![own, two, late]))]);
        let c = istiod_check("cluster1", ns, &["cluster2", "cluster3", "cluster4"], &some);
        assert_eq!(c.status, Status::Error);
        assert_eq!(c.detail, "istiod has not synced cluster3: timeout, cluster4: absent");

        let down = Err(Unasked::NotRunning(ns.into()));
        assert_eq!(istiod_check("cluster1", ns, &["cluster2"], &down).status, Status::Error);
        let unreachable = Err(Unasked::Failed("port-forward: refused".into()));
        let c = istiod_check("cluster1", ns, &["cluster2"], &unreachable);
        assert_eq!(c.status, Status::Warn);
        assert!(c.detail.contains("judged from here only"), "{}", c.detail);
    }
}
