//! `mesh-tracing doctor`: the whole chain across clusters, each finding with its fix. It sits above
//! the four plugins and uses only their read sides (`ca::check_cluster`, `secret::remote_secrets` and
//! `secret::inspect`, `expose::collector_address`, `tracing::show_rows`).
//!
//! 1. CA: every cluster has `cacerts`, all chain to one root, no intermediate expires within 30 days.
//! 2. Remote secrets: every control plane holds a working secret for every other cluster.
//! 3. Exposure: the collector is published on its cluster's east-west gateway, which has an address.
//! 4. Mesh config: every cluster points at the collector (its own cluster may use the local address).
//! 5. Telemetry API: the provider resolves, a mesh-wide Telemetry names it, nothing shadows it,
//!    sampling is not 0, and the control planes agree (`telemetry`).
//! 6. Proxies: no injected workload runs with other tracing settings than its mesh config's.
//!
//! Before them, every cluster must answer: one that does not is one failure, and the stages after
//! leave it out. `check` holds the finding type and the report; the stages' checks live in
//! `cacerts`, `secrets`, `exposure`, `telemetry` and `injection`, the tracing stage here.

use std::io::Write;
use std::time::Duration;

use crate::cluster::{self, Cluster};
use crate::error::{Error, Result};
use crate::output;
use crate::session::Session;
use crate::{expose, tracing};
pub use cli::DoctorArgs;

mod cacerts;
pub mod check;
mod cli;
mod exposure;
mod injection;
mod secrets;
mod telemetry;

use cacerts::check_ca;
pub use check::{Check, CheckId, Stage, Status};
use secrets::{check_secrets, control_planes};

async fn check_injection(
    remote: &Cluster,
    primary: &Cluster,
    ns: &str,
    revision: Option<&str>,
) -> Option<Check> {
    let ctx = &remote.context;
    let name = injection::webhook_name(revision, ns);
    Some(match injection::check(remote, primary, ns, revision).await {
        Err(e) => Check::error(CheckId::InjectionCaBundle, ctx, e.to_string(), "check the context's access"),
        Ok(injection::Verdict::NoWebhook | injection::Verdict::NoRoot) => return None,
        Ok(injection::Verdict::Trusted) => Check::ok(CheckId::InjectionCaBundle, ctx, format!("{name} trusts the root of {}'s istiod", primary.context)),
        Ok(injection::Verdict::Stale(hooks)) => Check::error(
            CheckId::InjectionCaBundle,
            ctx,
            format!("{name} ({}) does not trust the root {}'s istiod serves under: new pods in {ctx} are refused", hooks.join(", "), primary.context),
            format!(
                "re-install Istio's remote profile in {ctx} with values.istiodRemote.injectionCABundle=$(kubectl --context {} -n {ns} get cm istio-ca-root-cert -o jsonpath='{{.data.root-cert\\.pem}}' | base64 -w0)",
                primary.context
            ),
        ),
    })
}

pub async fn doctor(
    g: &Session,
    namespaces: &[String],
    a: &DoctorArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let clusters = g.clusters().await?;
    for (flag, given) in [
        ("--primary", a.primary.iter().collect::<Vec<_>>()),
        ("--collector", a.collector.iter().collect()),
    ] {
        if let Some(p) = given.iter().find(|p| !clusters.iter().any(|c| &c.context == **p)) {
            return Err(Error::usage(format!("{flag} {p}: not one of the checked contexts")));
        }
    }
    // `--wait`: check again until green (no error, no roll-out in progress) or the time is up.
    let deadline = a.wait.map(|w| tokio::time::Instant::now() + w);
    let checks = loop {
        let checks = run_checks(g, &clusters, namespaces, a).await;
        match deadline {
            Some(d) if !check::settled(&checks) && tokio::time::Instant::now() < d => {
                tokio::time::sleep(Duration::from_secs(2).min(d - tokio::time::Instant::now()))
                    .await
            }
            _ => break checks,
        }
    };
    match g.output() {
        crate::cli::Output::Table | crate::cli::Output::Wide => {
            check::render(out, &checks, std::io::IsTerminal::is_terminal(&std::io::stdout()))?
        }
        fmt => output::render(out, fmt, || unreachable!(), &checks)?,
    }
    let failed = checks.iter().filter(|c| c.status == Status::Error).count();
    let warnings: Vec<String> = checks
        .iter()
        .filter(|c| c.status == Status::Warn)
        .map(|c| format!("{}: {}", c.cluster, c.detail))
        .collect();
    if failed == 0 {
        return a.expiry.gate(&warnings);
    }
    let waited = a
        .wait
        .map(|w| format!(" after waiting {}", humantime::format_duration(w)))
        .unwrap_or_default();
    Err(Error::msg(format!("{failed} check(s) failed{waited}: each says its fix")))
}

/// Every stage once, on the clusters that answer.
async fn run_checks(
    g: &Session,
    all: &[Cluster],
    namespaces: &[String],
    a: &DoctorArgs,
) -> Vec<Check> {
    let ns = g.istio_namespace().to_string();
    // One unreachable cluster is one finding; the stages after leave it out.
    let mut checks = Vec::new();
    let mut clusters = Vec::new();
    for (c, r) in cluster::fan_out(all, |_, c| c.check_reachable()).await {
        match r {
            Ok(()) => {
                checks.push(Check::ok(CheckId::ClustersReachable, &c.context, format!("reachable at {}", c.server)));
                clusters.push(c.clone());
            }
            Err(e) => checks.push(Check::error(
                CheckId::ClustersReachable,
                &c.context,
                e.to_string(),
                format!("check that `kubectl --context {} get ns` works; the other clusters are checked without it", c.context),
            )),
        }
    }
    let local_root = crate::ca::CaDir::new(&a.dir).read_root_cert().ok().flatten();
    let primary = control_planes(&clusters, &ns, &a.primary).await;
    let secrets = async {
        match &primary {
            Some(p) => check_secrets(&clusters, &ns, p, g.request_timeout()).await,
            None => vec![Check::error(
                CheckId::ClustersControlPlanes,
                "-",
                format!("no cluster runs an istiod Deployment in {ns}, so the control planes are unknown"),
                "name them: --primary CONTEXT[,CONTEXT] (with --istio-namespace if Istio is elsewhere)",
            )],
        }
    };
    let (ca_checks, secret_checks) = futures::join!(
        check_ca(&clusters, &ns, local_root, &a.expiry, primary.as_deref()),
        secrets
    );
    checks.extend(ca_checks);
    checks.extend(secret_checks);
    // The mesh's tracing settings first: an OpenTelemetry provider is published by `mesh-expose otel`.
    let rows = tracing::show_rows(&clusters, &ns, &a.revision.mesh_configmap(), namespaces).await;
    let otlp = rows.iter().any(|r| {
        r.mesh.telemetry_provider.as_deref().is_some_and(|p| p.starts_with("opentelemetry"))
    });
    let which = if otlp { expose::Exposed::OtlpGrpc } else { expose::Exposed::Zipkin };
    let collector = match &a.collector {
        Some(c) if !clusters.iter().any(|x| &x.context == c) => return checks, // unreachable: said above
        _ => {
            exposure::check_exposure(&clusters, &ns, (a.collector.as_deref(), which), &mut checks)
                .await
        }
    };
    check_tracing(&clusters, &ns, rows, a, collector.as_ref(), &mut checks).await;
    checks
}

/// Mesh config and proxies, per cluster (a remote's from its primary's mesh config, see `source`),
/// and a remote's injection webhook.
async fn check_tracing(
    clusters: &[Cluster],
    ns: &str,
    rows: Vec<tracing::ShowRow>,
    a: &DoctorArgs,
    collector: Option<&(usize, expose::Collector)>,
    checks: &mut Vec<Check>,
) {
    checks.extend(telemetry::checks(&rows, ns));
    for (i, (row, c)) in rows.into_iter().zip(clusters).enumerate() {
        let ctx = &c.context;
        // A remote: its injection webhook must trust the root its primary's istiod serves under.
        if let Some(p) =
            row.mesh_config_from.as_ref().and_then(|p| clusters.iter().find(|x| &x.context == p))
        {
            checks.extend(check_injection(c, p, ns, a.revision.revision.as_deref()).await);
        }
        if let Some(e) = row.error {
            checks.push(Check::error(
                CheckId::MeshConfigAddress,
                ctx,
                e,
                "install Istio there, or check --istio-namespace",
            ));
            continue;
        }
        let mesh = &row.mesh;
        let from = row
            .mesh_config_from
            .as_ref()
            .map(|p| format!(" (from {p}'s mesh config)"))
            .unwrap_or_default();
        if let Some((ci, found)) = collector {
            let ok_addrs: Vec<&str> = if *ci == i {
                vec![&found.published, &found.local]
            } else {
                vec![&found.published]
            };
            let via = &clusters[*ci].context;
            let targets = row
                .mesh_config_from
                .as_ref()
                .map(|p| format!("{p},{ctx}"))
                .unwrap_or_else(|| ctx.clone());
            let fix = format!("kubectl mesh-tracing set --via-gateway {via} --context {targets} --istio-namespace {ns}");
            let id = CheckId::MeshConfigAddress;
            if let Some(provider) = &mesh.telemetry_provider {
                // Telemetry mode: the provider names the collector's host (a ServiceEntry for an IP)
                // and its port; the port must be the collector's.
                let port = provider.rsplit(':').next().unwrap_or_default();
                let fix = format!("kubectl mesh-tracing set --mode telemetry --via-gateway {via} --context {targets} --istio-namespace {ns}");
                checks.push(if ok_addrs.iter().any(|a| a.rsplit(':').next() == Some(port)) {
                    Check::ok(id, ctx, format!("Telemetry API provider {provider}{from}"))
                } else {
                    Check::error(
                        id,
                        ctx,
                        format!(
                            "Telemetry API provider {provider}{from} is not the collector at {}",
                            ok_addrs.join(" or ")
                        ),
                        fix,
                    )
                });
                if let Some(a) = mesh.tracing.address.as_deref() {
                    checks.push(Check::warn(
                        CheckId::MeshConfigMode,
                        ctx,
                        format!("both paths are configured: the Telemetry API provider wins over defaultConfig.tracing ({a}){from}"),
                        format!("kubectl mesh-tracing unset --mode proxy-config --context {targets} --istio-namespace {ns}"),
                    ));
                }
                checks.push(Check::ok(
                    CheckId::ProxiesCurrent,
                    ctx,
                    "telemetry mode: istiod pushes tracing to running proxies".to_string(),
                ));
                continue;
            }
            checks.push(match mesh.tracing.address.as_deref() {
                None => Check::error(
                    id,
                    ctx,
                    format!("no zipkin address{from}: traces go nowhere"),
                    fix,
                ),
                Some(a) if !ok_addrs.contains(&a) => Check::error(
                    id,
                    ctx,
                    format!("points at {a}{from}, not {}", ok_addrs.join(" or ")),
                    fix,
                ),
                Some(a) if mesh.enable_tracing == Some(false) => {
                    Check::error(id, ctx, format!("{a}{from}, but enableTracing is false"), fix)
                }
                Some(a) => Check::ok(id, ctx, format!("{a}{from}")),
            });
        }
        let id = CheckId::ProxiesCurrent;
        let e_g = |names: &[String]| {
            names.iter().take(3).map(String::as_str).collect::<Vec<_>>().join(", ")
        };
        checks.push(if row.stale > 0 {
            Check::error(
                id,
                ctx,
                format!("{} workload(s) run other tracing settings (e.g. {})", row.stale, e_g(&row.stale_workloads)),
                format!("kubectl mesh-tracing restart --context {ctx} --istio-namespace {ns}"),
            )
        } else if !row.rolling_out.is_empty() {
            Check::warn(
                id,
                ctx,
                format!("{} workload(s) rolling out to the new settings (e.g. {})", row.rolling_out.len(), e_g(&row.rolling_out)),
                format!("nothing to restart; wait for the roll-outs: kubectl mesh-tracing doctor --wait 5m --context {ctx}"),
            )
            .settling()
        } else {
            Check::ok(id, ctx, format!("{} injected workloads up to date", row.workloads))
        });
    }
}
