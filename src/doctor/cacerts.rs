//! Stage 1, the CA: every cluster that runs a control plane has `cacerts`, all chain to one root, and
//! no intermediate expires soon.

use std::collections::BTreeSet;

use time::OffsetDateTime;

use super::check::{Check, CheckId, Stage};
use crate::ca::{self, CaCheck};
use crate::cluster::{self, Cluster};
use crate::expiry::ExpiryArgs;

/// `primary`: which clusters run a control plane, when known. A remote cluster (Istio's remote
/// profile) runs no istiod, and its proxies get their certificates from the primary's istiod
/// (`CA_ADDR` points there), so nothing reads a `cacerts` of its own: one it lacks is no finding.
pub(super) async fn check_ca(
    clusters: &[Cluster],
    ns: &str,
    local_root: Option<String>,
    expiry: &ExpiryArgs,
    primary: Option<&[bool]>,
) -> Vec<Check> {
    let now = OffsetDateTime::now_utc();
    let (read, served) = futures::join!(
        cluster::fan_out(clusters, |_, c| ca::check_cluster(c, ns, None, now)),
        cluster::fan_out(clusters, |_, c| served_root(c, ns))
    );
    let mut out = Vec::new();
    let mut roots: Vec<(String, String)> = Vec::new();
    let mut rotating = false;
    let all = clusters.iter().map(|c| c.context.as_str()).collect::<Vec<_>>().join(",");
    for (i, ((c, r), (_, served))) in read.into_iter().zip(served).enumerate() {
        let ctx = &c.context;
        let install = format!("kubectl mesh-ca install --context {ctx} --istio-namespace {ns}");
        let remote = primary.is_some_and(|p| !p[i]);
        match r {
            Err(e) => out.push(Check::error(CheckId::CaCacerts, ctx, e.to_string(), "check the context's access")),
            Ok(CaCheck::Missing) if remote => out.push(Check::ok(
                CheckId::CaCacerts,
                ctx,
                "a remote cluster: no cacerts needed, its workloads are signed by the primary's istiod".to_string(),
            )),
            Ok(CaCheck::Incomplete(_)) if remote => out.push(Check::warn(
                CheckId::CaCacerts,
                ctx,
                format!("an incomplete cacerts in {ns}: unused (a remote's workloads are signed by the primary's istiod), but it would break an istiod started here"),
                install.clone(),
            )),
            Ok(CaCheck::Missing | CaCheck::Incomplete(_)) => {
                out.push(Check::error(CheckId::CaCacerts, ctx, format!("no complete cacerts in {ns}"), install))
            }
            Ok(CaCheck::Invalid(e)) => out.push(Check::error(CheckId::CaCacerts, ctx, e, install)),
            Ok(CaCheck::Checked { problems, .. }) if !problems.is_empty() => {
                out.push(Check::error(CheckId::CaCacerts, ctx, problems.join("; "), install))
            }
            Ok(CaCheck::Checked { info, root_fingerprint: fp, root_not_after, rotation, .. }) => {
                if let Some(phase) = rotation {
                    rotating = true;
                    let fix = format!("finish it, one phase per run: kubectl mesh-ca rotate root --istio-namespace {ns} --context {all}");
                    out.push(Check::warn(CheckId::CaRotation, ctx, format!("in {phase} of a root rotation"), fix));
                }
                roots.push((ctx.clone(), fp.clone()));
                out.push(Check::ok(CheckId::CaCacerts, ctx, format!("{} days left, root {}", info.days_left(now), ca::short_fingerprint(&fp))));
                if !remote {
                    out.push(served_check(ctx, ns, &fp, served.ok().flatten()));
                }
                if let Some(w) = expiry.warning("the intermediate", info.not_after_time, now) {
                    let rotate = format!("kubectl mesh-ca rotate intermediate --context {ctx} --istio-namespace {ns} --restart-istiod");
                    out.push(Check::warn(CheckId::CaExpiry, ctx, w, rotate));
                }
                if let Some(w) = root_not_after.and_then(|t| expiry.warning("the root", t, now)) {
                    let fix = format!("move the mesh to a new root, one phase per run: kubectl mesh-ca rotate root --istio-namespace {ns} --context {all} --restart-istiod");
                    out.push(Check::warn(CheckId::CaExpiry, ctx, w, fix));
                }
            }
        }
    }
    let distinct: BTreeSet<&str> = roots.iter().map(|(_, f)| f.as_str()).collect();
    let reference = local_root
        .and_then(|r| ca::fingerprint_of(&r).ok())
        .or_else(|| roots.first().map(|(_, f)| f.clone()));
    // In the middle of a root rotation the roots differ by design (ca.rotation says so).
    if distinct.len() > 1 && !rotating {
        let reference = reference.unwrap_or_default();
        for (ctx, fp) in roots.iter().filter(|(_, f)| *f != reference) {
            if let Some(c) = out.iter_mut().find(|c| &c.cluster == ctx && c.stage == Stage::Ca) {
                *c = Check::error(
                    CheckId::CaRoot,
                    ctx,
                    format!("chains to root {} while the mesh uses {}", ca::short_fingerprint(fp), ca::short_fingerprint(&reference)),
                    format!("rotate it to the mesh's root: kubectl mesh-ca install --context {ctx} (after removing its cacerts), then restart istiod and workloads"),
                );
            }
        }
    }
    out
}

/// The roots istiod distributes in its own namespace (`istio-ca-root-cert`, which istiod writes):
/// their fingerprints, `None` when the ConfigMap is not there (yet).
async fn served_root(c: &Cluster, ns: &str) -> crate::error::Result<Option<Vec<String>>> {
    use crate::error::Context as _;
    let cms: kube::Api<k8s_openapi::api::core::v1::ConfigMap> =
        kube::Api::namespaced(c.client.clone(), ns);
    let cm = cms
        .get_opt("istio-ca-root-cert")
        .await
        .ctx(|| format!("get ConfigMap {ns}/istio-ca-root-cert"))?;
    let pem = cm.and_then(|cm| cm.data).and_then(|d| d.get("root-cert.pem").cloned());
    Ok(pem.and_then(|p| ca::fingerprints(&p).ok()))
}

/// Judged by istiod: the root it hands every namespace is the root `cacerts` chains to (else it runs
/// with another CA: its own, or cacerts from before, until it restarts).
fn served_check(ctx: &str, ns: &str, root: &str, served: Option<Vec<String>>) -> Check {
    let id = CheckId::CaServed;
    match served {
        None => Check::warn(
            id,
            ctx,
            format!("istiod has not written istio-ca-root-cert in {ns} yet"),
            format!("kubectl get pods -n {ns} -l app=istiod --context {ctx}"),
        )
        .settling(),
        Some(fps) if fps.iter().any(|f| f == root) => {
            Check::ok(id, ctx, format!("istiod distributes root {}", ca::short_fingerprint(root)))
        }
        Some(fps) => Check::error(
            id,
            ctx,
            format!(
                "istiod distributes root {} where cacerts chains to {}: it has not loaded cacerts",
                fps.first().map(|f| ca::short_fingerprint(f)).unwrap_or_default(),
                ca::short_fingerprint(root)
            ),
            format!("restart istiod: kubectl mesh-ca install --context {ctx} --istio-namespace {ns} --restart-istiod"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::check::Status;

    #[test]
    fn istiod_must_hand_out_the_root_cacerts_chains_to() {
        let ok =
            served_check("c1", "istio-system", "AA:BB", Some(vec!["CC:DD".into(), "AA:BB".into()]));
        assert_eq!(ok.status, Status::Ok, "a rotation's bundle holds it");
        let other = served_check("c1", "istio-system", "AA:BB", Some(vec!["CC:DD".into()]));
        assert_eq!(other.status, Status::Error);
        assert!(other.fix.contains("--restart-istiod"), "{}", other.fix);
        let none = served_check("c1", "istio-system", "AA:BB", None);
        assert!(none.status == Status::Warn && none.settles);
    }
}
