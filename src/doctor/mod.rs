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
//! leave it out. `check` holds the finding type, the stages and the report; each stage's checks live
//! in a file of their own (`cacerts`, `secrets`, `exposure`, `meshconfig`, `telemetry`,
//! `injection`, `proxies`), each a function of what was read once, and `run_checks` lists them in
//! order.

use std::io::Write;
use std::time::Duration;

use crate::cluster::{self, Cluster};
use crate::error::{Error, Result};
use crate::output;
use crate::session::Session;
use crate::{expose, istiod, tracing};
pub use cli::DoctorArgs;

mod cacerts;
pub mod check;
mod cli;
mod exposure;
mod injection;
mod meshconfig;
mod networks;
mod proxies;
mod secrets;
mod spans;
mod telemetry;

use cacerts::check_ca;
pub use check::{Check, CheckId, Stage, Status};
use secrets::{check_secrets, control_planes};

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
    // istiod's own view, asked once per control plane: what it watches, the networks' gateways it
    // knows, the mesh config it serves.
    let views = istiod_views(&clusters, &ns, primary.as_deref(), g.request_timeout()).await;
    let secrets = async {
        match &primary {
            Some(p) => check_secrets(&clusters, &ns, p, &views, g.request_timeout()).await,
            None => vec![Check::error(
                CheckId::ClustersControlPlanes,
                "-",
                format!("no cluster runs an istiod Deployment in {ns}, so the control planes are unknown"),
                "name them: --primary CONTEXT[,CONTEXT] (with --istio-namespace if Istio is elsewhere)",
            )],
        }
    };
    let (ca_checks, secret_checks, nets) = futures::join!(
        check_ca(&clusters, &ns, local_root, &a.expiry, primary.as_deref()),
        secrets,
        networks::networks(&clusters, &ns)
    );
    checks.extend(ca_checks);
    checks.extend(secret_checks);
    let contexts: Vec<String> = clusters.iter().map(|c| c.context.clone()).collect();
    checks.extend(networks::checks(&contexts, &ns, &nets, &views));
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
    checks.extend(telemetry::checks(&rows, &ns));
    let revision = a.revision.revision.as_deref();
    checks.extend(check_injections(&clusters, &ns, &rows, revision).await);
    checks.extend(meshconfig::checks(&contexts, &ns, &rows, collector.as_ref()));
    checks.extend(meshconfig::served(&contexts, &ns, &rows, &views));
    checks.extend(proxies::checks(&ns, &rows, collector.is_some()));
    let at = collector.as_ref().map(|(i, _)| contexts[*i].as_str()).or(a.collector.as_deref());
    let spans = spans::checks(&clusters, &ns, at, &checks, g.request_timeout()).await;
    checks.extend(spans);
    checks
}

/// Each control plane's istiods asked for what the stages judge by (`None` for the others).
async fn istiod_views(
    clusters: &[Cluster],
    ns: &str,
    primary: Option<&[bool]>,
    timeout: Duration,
) -> Vec<Option<istiod::Views>> {
    let paths = [istiod::CLUSTERZ, istiod::NETWORKZ, istiod::MESH];
    let asked = cluster::fan_out(clusters, |i, c| async move {
        let ask = primary.is_some_and(|p| p[i]);
        Ok::<_, Error>(match ask {
            true => Some(istiod::ask(&c.client, ns, &paths, timeout).await),
            false => None,
        })
    })
    .await;
    asked.into_iter().map(|(_, r)| r.ok().flatten()).collect()
}

/// The injection stage: every remote's webhook, against its primary's root.
async fn check_injections(
    clusters: &[Cluster],
    ns: &str,
    rows: &[tracing::ShowRow],
    revision: Option<&str>,
) -> Vec<Check> {
    let remotes = rows.iter().zip(clusters).filter_map(|(row, c)| {
        let p = row.mesh_config_from.as_ref()?;
        Some((c, clusters.iter().find(|x| &x.context == p)?))
    });
    let found = futures::future::join_all(
        remotes.map(|(c, p)| injection::check_injection(c, p, ns, revision)),
    )
    .await;
    found.into_iter().flatten().collect()
}
