//! `mesh-tracing doctor`: the whole chain across clusters, each finding with its fix. It sits above
//! the four plugins and uses only their read sides (`ca::check_cluster`, `secret::remote_secrets` and
//! `secret::inspect`, `expose::collector_address`, `tracing::show_rows`).
//!
//! 1. CA: every cluster has `cacerts`, all chain to one root, no intermediate expires within 30 days.
//! 2. Remote secrets: every control plane holds a working secret for every other cluster.
//! 3. Exposure: the collector is published on its cluster's east-west gateway, which has an address.
//! 4. Mesh config: every cluster points at the collector (its own cluster may use the local address).
//! 5. Proxies: no injected workload runs with other tracing settings than its mesh config's.

use std::collections::BTreeSet;
use std::io::Write;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Api, ListParams};
use serde::Serialize;
use time::OffsetDateTime;

use crate::ca::{self, pki, CaCheck};
use crate::session::Session;
use crate::cluster::{self, Cluster};
use crate::error::{Error, Result};
use crate::output;
use crate::tracing::cli::DoctorArgs;
use crate::{expose, secret, tracing};

mod injection;

#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub check: String,
    pub cluster: String,
    pub ok: bool,
    pub detail: String,
    pub fix: String,
}

fn good(check: &str, cluster: &str, detail: impl Into<String>) -> Check {
    Check { check: check.into(), cluster: cluster.into(), ok: true, detail: detail.into(), fix: String::new() }
}

fn bad(check: &str, cluster: &str, detail: impl Into<String>, fix: impl Into<String>) -> Check {
    Check { check: check.into(), cluster: cluster.into(), ok: false, detail: detail.into(), fix: fix.into() }
}

const EXPIRY_WARNING_DAYS: i64 = 30;

async fn check_ca(clusters: &[Cluster], ns: &str, local_root: Option<String>) -> Vec<Check> {
    let now = OffsetDateTime::now_utc();
    let read = cluster::fan_out(clusters, |c| ca::check_cluster(c, ns, None, now)).await;
    let mut out = Vec::new();
    let mut roots: Vec<(String, String)> = Vec::new();
    for (c, r) in read {
        let ctx = &c.context;
        let install = format!("kubectl mesh-ca install --context {ctx} --istio-namespace {ns}");
        match r {
            Err(e) => out.push(bad("ca", ctx, e.to_string(), "check the context's access")),
            Ok(CaCheck::Missing | CaCheck::Incomplete(_)) => out.push(bad("ca", ctx, format!("no complete cacerts in {ns}"), install)),
            Ok(CaCheck::Invalid(e)) => out.push(bad("ca", ctx, e, install)),
            Ok(CaCheck::Checked { problems, .. }) if !problems.is_empty() => out.push(bad("ca", ctx, problems.join("; "), install)),
            Ok(CaCheck::Checked { info, .. }) if info.days_left(now) < EXPIRY_WARNING_DAYS => out.push(bad(
                "ca",
                ctx,
                format!("the intermediate expires in {} days", info.days_left(now)),
                format!("{install} --renew-before {EXPIRY_WARNING_DAYS}d --restart-istiod"),
            )),
            Ok(CaCheck::Checked { info, root_fingerprint: fp, .. }) => {
                roots.push((ctx.clone(), fp.clone()));
                out.push(good("ca", ctx, format!("{} days left, root {}", info.days_left(now), pki::short_fingerprint(&fp))));
            }
        }
    }
    let distinct: BTreeSet<&str> = roots.iter().map(|(_, f)| f.as_str()).collect();
    let reference = local_root.and_then(|r| pki::fingerprint_of(&r).ok()).or_else(|| roots.first().map(|(_, f)| f.clone()));
    if distinct.len() > 1 {
        let reference = reference.unwrap_or_default();
        for (ctx, fp) in roots.iter().filter(|(_, f)| *f != reference) {
            if let Some(c) = out.iter_mut().find(|c| &c.cluster == ctx && c.check == "ca") {
                *c = bad(
                    "ca",
                    ctx,
                    format!("chains to root {} while the mesh uses {}", pki::short_fingerprint(fp), pki::short_fingerprint(&reference)),
                    format!("rotate it to the mesh's root: kubectl mesh-ca install --context {ctx} (after removing its cacerts), then restart istiod and workloads"),
                );
            }
        }
    }
    out
}

/// Control planes: `--primary`, else clusters running istiod, else all.
async fn control_planes(clusters: &[Cluster], ns: &str, given: &[String]) -> Vec<bool> {
    if !given.is_empty() {
        return clusters.iter().map(|c| given.contains(&c.context)).collect();
    }
    let with_istiod = cluster::fan_out(clusters, |c| async move {
        let deps: Api<Deployment> = Api::namespaced(c.client.clone(), ns);
        Ok::<_, Error>(deps.list(&ListParams::default().labels("app=istiod")).await.map(|l| !l.items.is_empty()).unwrap_or(false))
    })
    .await;
    let flags: Vec<bool> = with_istiod.into_iter().map(|(_, r)| r.unwrap_or(false)).collect();
    if flags.iter().any(|f| *f) { flags } else { vec![true; clusters.len()] }
}

async fn check_secrets(clusters: &[Cluster], ns: &str, primary: &[bool], timeout: Duration) -> Vec<Check> {
    let mut out = Vec::new();
    let held = cluster::fan_out(clusters, |c| secret::remote_secrets(c, ns)).await;
    let primaries: Vec<&str> = clusters.iter().zip(primary).filter(|(_, p)| **p).map(|(c, _)| c.context.as_str()).collect();
    let remotes: Vec<&str> = clusters.iter().zip(primary).filter(|(_, p)| !**p).map(|(c, _)| c.context.as_str()).collect();
    let link_cmd = if remotes.is_empty() {
        format!("kubectl mesh-secret link --context {} --istio-namespace {ns}", primaries.join(","))
    } else {
        format!("kubectl mesh-secret link --primary {} --remote {} --istio-namespace {ns}", primaries.join(","), remotes.join(","))
    };
    for (i, (c, r)) in held.into_iter().enumerate() {
        if !primary[i] {
            continue;
        }
        let secrets = match r {
            Ok(s) => s,
            Err(e) => {
                out.push(bad("remote secrets", &c.context, e.to_string(), "check the context's access"));
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
                        problems.push(format!("the secret for {} does not work: {}", other.context, row.status));
                    }
                }
            }
        }
        if problems.is_empty() {
            out.push(good("remote secrets", &c.context, format!("{} working", clusters.len() - 1)));
        } else {
            out.push(bad("remote secrets", &c.context, problems.join("; "), link_cmd.clone()));
        }
    }
    out
}

async fn check_injection(remote: &Cluster, primary: &Cluster, ns: &str, revision: Option<&str>) -> Option<Check> {
    let ctx = &remote.context;
    let name = injection::webhook_name(revision, ns);
    Some(match injection::check(remote, primary, ns, revision).await {
        Err(e) => bad("injection", ctx, e.to_string(), "check the context's access"),
        Ok(injection::Verdict::NoWebhook | injection::Verdict::NoRoot) => return None,
        Ok(injection::Verdict::Trusted) => good("injection", ctx, format!("{name} trusts the root of {}'s istiod", primary.context)),
        Ok(injection::Verdict::Stale(hooks)) => bad(
            "injection",
            ctx,
            format!("{name} ({}) does not trust the root {}'s istiod serves under: new pods in {ctx} are refused", hooks.join(", "), primary.context),
            format!(
                "re-install Istio's remote profile in {ctx} with values.istiodRemote.injectionCABundle=$(kubectl --context {} -n {ns} get cm istio-ca-root-cert -o jsonpath='{{.data.root-cert\\.pem}}' | base64 -w0)",
                primary.context
            ),
        ),
    })
}

pub async fn doctor(g: &Session, namespaces: &[String], a: &DoctorArgs, out: &mut dyn Write) -> Result<()> {
    let ns = g.istio_namespace.clone();
    let clusters = g.clusters().await?;
    for p in &a.primary {
        if !clusters.iter().any(|c| &c.context == p) {
            return Err(Error::usage(format!("--primary {p}: not one of the checked contexts")));
        }
    }
    let local_root = crate::ca::files::CaDir::new(&a.dir).read_root_cert().ok().flatten();
    let primary = control_planes(&clusters, &ns, &a.primary).await;
    let (mut checks, secrets) = futures::join!(check_ca(&clusters, &ns, local_root), check_secrets(&clusters, &ns, &primary, g.request_timeout));
    checks.extend(secrets);

    // Exposure: the collector's cluster is --collector, or the first one where zipkin is exposed.
    let mut collector: Option<(usize, expose::Collector)> = None;
    let mut expose_error = None;
    let candidates: Vec<usize> = match &a.collector {
        Some(c) => match clusters.iter().position(|x| &x.context == c) {
            Some(i) => vec![i],
            None => return Err(Error::usage(format!("--collector {c}: not one of the checked contexts"))),
        },
        None => (0..clusters.len()).collect(),
    };
    for i in candidates {
        match expose::collector_address(&clusters[i], &ns).await {
            Ok(found) => {
                collector = Some((i, found));
                break;
            }
            Err(e) => {
                if expose_error.is_none() || a.collector.is_some() {
                    expose_error = Some((clusters[i].context.clone(), e.to_string()));
                }
            }
        }
    }
    match &collector {
        Some((i, found)) => {
            let c = &clusters[*i];
            let fix = format!("kubectl mesh-expose zipkin --context {} --istio-namespace {ns}", c.context);
            if found.routed {
                checks.push(good("exposure", &c.context, format!("zipkin published at {}", found.published)));
            } else {
                checks.push(bad("exposure", &c.context, "zipkin-gateway or zipkin-vs is missing", fix));
            }
        }
        None => {
            let (ctx, e) = expose_error.unwrap_or_default();
            let target = a.collector.clone().unwrap_or_else(|| "<collector cluster>".into());
            checks.push(bad("exposure", &ctx, e, format!("kubectl mesh-expose zipkin --context {target} --external-ip IP --istio-namespace {ns}")));
        }
    }

    // A remote cluster's proxies get its primary's mesh config (see `source`).
    let rows = tracing::show_rows(&clusters, &ns, &a.revision.mesh_configmap(), namespaces).await;
    for (i, (row, c)) in rows.into_iter().zip(&clusters).enumerate() {
        let ctx = &c.context;
        // A remote: its injection webhook must trust the root its primary's istiod serves under.
        if let Some(p) = row.mesh_config_from.as_ref().and_then(|p| clusters.iter().find(|x| &x.context == p)) {
            checks.extend(check_injection(c, p, &ns, a.revision.revision.as_deref()).await);
        }
        if let Some(e) = row.error {
            checks.push(bad("mesh config", ctx, e, "install Istio there, or check --istio-namespace"));
            continue;
        }
        let mesh = &row.mesh;
        let from = row.mesh_config_from.as_ref().map(|p| format!(" (from {p}'s mesh config)")).unwrap_or_default();
        if let Some((ci, found)) = &collector {
            let ok_addrs: Vec<&str> = if *ci == i { vec![&found.published, &found.local] } else { vec![&found.published] };
            let via = &clusters[*ci].context;
            let targets = row.mesh_config_from.as_ref().map(|p| format!("{p},{ctx}")).unwrap_or_else(|| ctx.clone());
            let fix = format!("kubectl mesh-tracing set --via-gateway {via} --context {targets} --istio-namespace {ns}");
            match mesh.tracing.address.as_deref() {
                None => checks.push(bad("mesh config", ctx, format!("no zipkin address{from}: traces go nowhere"), fix)),
                Some(a) if !ok_addrs.contains(&a) => checks.push(bad("mesh config", ctx, format!("points at {a}{from}, not {}", ok_addrs.join(" or ")), fix)),
                Some(a) if mesh.enable_tracing == Some(false) => checks.push(bad("mesh config", ctx, format!("{a}{from}, but enableTracing is false"), fix)),
                Some(a) => checks.push(good("mesh config", ctx, format!("{a}{from}"))),
            }
        }
        if row.stale == 0 {
            checks.push(good("proxies", ctx, format!("{} injected workloads up to date", row.workloads)));
        } else {
            let names: Vec<&str> = row.stale_workloads.iter().take(3).map(String::as_str).collect();
            checks.push(bad(
                "proxies",
                ctx,
                format!("{} workload(s) run other tracing settings (e.g. {})", row.stale, names.join(", ")),
                format!("kubectl mesh-tracing restart --context {ctx} --istio-namespace {ns}"),
            ));
        }
    }

    let failed = checks.iter().filter(|c| !c.ok).count();
    let table = || {
        output::table(
            &["check", "cluster", "status", "detail", "fix"],
            checks.iter().map(|c| {
                vec![c.check.clone(), c.cluster.clone(), if c.ok { "ok".into() } else { "FAIL".into() }, c.detail.clone(), if c.fix.is_empty() { "-".into() } else { c.fix.clone() }]
            }),
        )
    };
    output::render(out, g.output, table, &checks)?;
    if failed > 0 {
        return Err(Error::msg(format!("{failed} check(s) failed: see the FIX column")));
    }
    Ok(())
}
