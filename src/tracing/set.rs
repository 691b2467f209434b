//! `set`, `unset`, `restart`, `show`: read every cluster first, then edit the mesh configs, then
//! restart exactly the stale workloads.

use std::io::Write;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use k8s_openapi::api::apps::v1::{ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use kube::api::{Api, ListParams};
use kube::Resource;
use serde::Serialize;
use serde_json::json;

use super::cli::{ApplyArgs, RestartArgs, RestartOpts, RevisionArg, SetArgs};
use super::meshconfig::{self, MeshTracing, Tracing};
use super::source::{self, Source};
use super::stale::{self, Finding, Inventory, Kind, Verdict};
use crate::apply;
use crate::cli::{DryRun, Output};
use crate::session::Session;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::net;
use crate::output;
use crate::rollout;

/// The mesh ConfigMap and its parsed mesh config; an error if the cluster has none.
pub async fn read_mesh(c: &Cluster, ns: &str, cm_name: &str) -> Result<(ConfigMap, serde_yaml::Value)> {
    source::read_mesh_opt(c, ns, cm_name).await?.ok_or_else(|| {
        Error::msg(format!("ConfigMap {ns}/{cm_name} not found in {}: is Istio installed there? (see --istio-namespace and --revision)", c.context))
    })
}

/// Pods and their controllers, in every namespace or only the given ones.
pub async fn inventory(c: &Cluster, namespaces: &[String]) -> Result<Inventory> {
    async fn list<K>(c: &Cluster, ns: Option<&str>) -> Result<Vec<K>>
    where
        K: Resource<Scope = k8s_openapi::NamespaceResourceScope> + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
        K::DynamicType: Default,
    {
        let api: Api<K> = match ns {
            Some(n) => Api::namespaced(c.client.clone(), n),
            None => Api::all(c.client.clone()),
        };
        let kind = K::kind(&K::DynamicType::default()).to_string();
        Ok(api
            .list(&ListParams::default())
            .await
            .ctx(|| format!("list {kind}s{} in {}", ns.map(|n| format!(" in {n}")).unwrap_or_default(), c.context))?
            .items)
    }
    let scopes: Vec<Option<&str>> = if namespaces.is_empty() { vec![None] } else { namespaces.iter().map(|n| Some(n.as_str())).collect() };
    let mut inv = Inventory::default();
    for ns in scopes {
        let (p, rs, d, s, ds, cr) = futures::try_join!(
            list::<Pod>(c, ns),
            list::<ReplicaSet>(c, ns),
            list::<Deployment>(c, ns),
            list::<StatefulSet>(c, ns),
            list::<DaemonSet>(c, ns),
            list::<ControllerRevision>(c, ns),
        )?;
        inv.pods.extend(p);
        inv.replica_sets.extend(rs);
        inv.deployments.extend(d);
        inv.stateful_sets.extend(s);
        inv.daemon_sets.extend(ds);
        inv.controller_revisions.extend(cr);
    }
    Ok(inv)
}

/// What one cluster looks like and what we will do there.
struct Planned<'a> {
    cluster: &'a Cluster,
    cm_name: String,
    /// A remote cluster: the control plane whose mesh config its proxies get.
    via: Option<String>,
    edit: Edit,
    old: MeshTracing,
    old_text: String,
    /// `None`: the mesh config already says this (or the cluster has none of its own).
    new_text: Option<String>,
    desired: Tracing,
    findings: Vec<Finding>,
}

/// What the user asked for, before it is known which mesh config serves which cluster.
enum Wanted {
    /// The address each cluster's proxies should use, the one that works from every cluster, and
    /// the sampling asked for (or keep/100).
    Set { addresses: Vec<String>, shared: String, sampling: Option<f64> },
    Unset,
    /// restart/show: no edit.
    Keep,
}

/// The edit of one cluster's own mesh config.
#[derive(Clone)]
enum Edit {
    Set { address: String, sampling: Option<f64> },
    Unset,
    Keep,
}

fn edited(edit: &Edit, mesh: &serde_yaml::Value) -> Result<serde_yaml::Value> {
    match edit {
        Edit::Set { address, sampling } => {
            let s = sampling.or(meshconfig::read(mesh).tracing.sampling).unwrap_or(100.0);
            meshconfig::set(mesh, address, s)
        }
        Edit::Unset => Ok(meshconfig::unset(mesh)),
        Edit::Keep => Ok(mesh.clone()),
    }
}

fn edits(wanted: &Wanted, sources: &[Source]) -> Vec<Edit> {
    match wanted {
        Wanted::Set { addresses, shared, sampling } => source::effective_addresses(addresses, shared, sources)
            .into_iter()
            .map(|address| Edit::Set { address, sampling: *sampling })
            .collect(),
        Wanted::Unset => vec![Edit::Unset; sources.len()],
        Wanted::Keep => vec![Edit::Keep; sources.len()],
    }
}

async fn plan_all<'a>(
    clusters: &'a [Cluster],
    ns: &str,
    cm_name: &str,
    namespaces: &[String],
    wanted: &Wanted,
    all: bool,
) -> Result<Vec<Planned<'a>>> {
    let (sources, inventories) = futures::join!(
        source::read_all(clusters, ns, cm_name),
        cluster::fan_out(clusters, |c| inventory(c, namespaces))
    );
    let sources: Vec<Source> = cluster::all_ok(clusters.iter().zip(sources).collect())?.into_iter().map(|(_, s)| s).collect();
    let inventories = cluster::all_ok(inventories)?;
    let edits = edits(wanted, &sources);
    // Each own mesh config: old and new. A remote's proxies follow its primary's new one.
    type OwnConfig = (MeshTracing, String, Option<String>, Tracing);
    let mut own: Vec<Option<OwnConfig>> = Vec::new();
    for (src, edit) in sources.iter().zip(&edits) {
        own.push(match src {
            Source::Own(cm, mesh) => {
                let new = edited(edit, mesh)?;
                let old_text = cm.data.as_ref().and_then(|d| d.get(source::MESH_KEY)).cloned().unwrap_or_default();
                let new_text = (new != *mesh).then(|| meshconfig::to_text(&new));
                Some((meshconfig::read(mesh), old_text, new_text, meshconfig::read(&new).tracing))
            }
            Source::Remote(_) => None,
        });
    }
    Ok(inventories
        .into_iter()
        .enumerate()
        .map(|(i, (c, inv))| {
            let via = sources[i].primary();
            let (old, old_text, new_text, desired) = match (&own[i], via) {
                (Some(o), _) => o.clone(),
                (None, Some(p)) => {
                    let (old, _, _, desired) = own[p].clone().expect("a primary has its own mesh config");
                    (old, String::new(), None, desired)
                }
                (None, None) => unreachable!("a cluster is either a control plane or a remote"),
            };
            let findings = stale::analyse(&inv, &desired, all);
            Planned {
                cluster: c,
                cm_name: cm_name.to_string(),
                via: via.map(|p| clusters[p].context.clone()),
                edit: edits[i].clone(),
                old,
                old_text,
                new_text,
                desired,
                findings,
            }
        })
        .collect())
}

/// Write the new mesh text with the resourceVersion it was read at; on a conflict, read again,
/// redo the edit and retry (a bounded number of times).
async fn write_mesh(c: &Cluster, ns: &str, cm_name: &str, edit: &Edit, dry: DryRun) -> Result<()> {
    let api: Api<ConfigMap> = Api::namespaced(c.client.clone(), ns);
    let mut last = None;
    for _ in 0..5 {
        let (cm, mesh) = read_mesh(c, ns, cm_name).await?;
        let new = edited(edit, &mesh)?;
        if new == mesh {
            return Ok(());
        }
        let op = serde_json::from_value(json!({"op": "add", "path": "/data/mesh", "value": meshconfig::to_text(&new)}))
            .expect("valid op");
        let patch = apply::guarded(cm.metadata.resource_version.as_deref().unwrap_or_default(), vec![op]);
        match apply::json_patch(&api, cm_name, &patch, dry, || format!("ConfigMap {ns}/{cm_name} in {}", c.context)).await {
            Ok(_) => return Ok(()),
            Err(e) if e.is_conflict() => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| Error::msg("the mesh config kept changing under us")))
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct Outcome {
    cluster: String,
    kind: Kind,
    namespace: String,
    name: String,
    verdict: Verdict,
    result: String,
}

async fn restart_findings(c: &Cluster, findings: &[Finding], opts: &RestartOpts, dry: DryRun) -> Vec<Outcome> {
    stream::iter(findings.iter())
        .map(|f| async move {
            let result = if !f.restartable() {
                f.verdict.text().to_string()
            } else if dry == DryRun::Client {
                dry.outcome("", "restart")
            } else {
                let r = match f.kind.rollout() {
                    Some(kind) => rollout::restart(c, &rollout::Target { kind, namespace: &f.namespace, name: &f.name }, dry).await,
                    None => Ok(()),
                };
                match r {
                    Ok(()) => dry.outcome("restarted", "restart"),
                    Err(e) => format!("failed: {e}"),
                }
            };
            Outcome { cluster: c.context.clone(), kind: f.kind, namespace: f.namespace.clone(), name: f.name.clone(), verdict: f.verdict, result }
        })
        .buffer_unordered(opts.concurrency as usize)
        .collect()
        .await
}

/// Follow the workloads this run restarted until their roll-outs finish.
async fn wait_rollouts(c: &Cluster, outcomes: &[Outcome], timeout: Duration) -> Result<()> {
    let targets: Vec<rollout::Target> = outcomes
        .iter()
        .filter(|o| o.result == "restarted")
        .filter_map(|o| o.kind.rollout().map(|kind| rollout::Target { kind, namespace: &o.namespace, name: &o.name }))
        .collect();
    rollout::wait(c, &targets, timeout).await
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    cluster: String,
    config: String,
    old: MeshTracing,
    new: Tracing,
    restarted: usize,
    skipped: usize,
    failed: usize,
}

#[derive(Serialize)]
struct Report {
    clusters: Vec<Summary>,
    workloads: Vec<Outcome>,
}

fn validate_sampling(s: Option<f64>) -> Result<()> {
    match s {
        Some(v) if !(0.0..=100.0).contains(&v) || v.is_nan() => {
            Err(Error::usage(format!("--sampling {v} is outside 0..100 (a percentage)")))
        }
        _ => Ok(()),
    }
}

fn validate_addr(a: &str) -> Result<()> {
    net::parse_host_port(a, "--addr").map(|_| ())
}

pub async fn set(g: &Session, namespaces: &[String], a: &SetArgs, out: &mut dyn Write) -> Result<()> {
    validate_sampling(a.sampling)?;
    if a.same_address && a.via_gateway.is_none() {
        return Err(Error::usage("--same-address goes with --via-gateway"));
    }
    if let Some(addr) = &a.addr {
        validate_addr(addr)?;
    }
    let ns = g.istio_namespace.clone();
    let clusters = g.clusters().await?;
    let (addresses, shared): (Vec<String>, String) = match (&a.addr, &a.via_gateway) {
        (Some(addr), _) => (vec![addr.clone(); clusters.len()], addr.clone()),
        (None, Some(via)) => {
            let src = match clusters.iter().find(|c| &c.context == via) {
                Some(c) => c.clone(),
                None => g.for_contexts(std::slice::from_ref(via)).await?.remove(0),
            };
            let crate::expose::Collector { published, local, .. } = crate::expose::collector_address(&src, &ns).await?;
            let addresses = clusters.iter().map(|c| if &c.context == via && !a.same_address { local.clone() } else { published.clone() }).collect();
            (addresses, published)
        }
        (None, None) if a.apply.print_config => {
            return Err(Error::usage("--print-config needs --addr (or --via-gateway) to know the address"));
        }
        _ => return Err(Error::usage("pass --addr HOST:PORT or --via-gateway CONTEXT")),
    };
    if a.apply.print_config {
        let text = meshconfig::durable_config(&addresses[0], a.sampling.unwrap_or(100.0));
        return out.write_all(text.as_bytes()).ctx(|| "write output");
    }
    let wanted = Wanted::Set { addresses, shared, sampling: a.sampling };
    run_plan(g, &ns, namespaces, &clusters, &a.apply, &wanted, false, out).await
}

pub async fn unset(g: &Session, namespaces: &[String], a: &ApplyArgs, out: &mut dyn Write) -> Result<()> {
    if a.print_config {
        return Err(Error::usage("--print-config applies to `set`"));
    }
    let clusters = g.clusters().await?;
    run_plan(g, &g.istio_namespace, namespaces, &clusters, a, &Wanted::Unset, false, out).await
}

pub async fn restart(g: &Session, namespaces: &[String], a: &RestartArgs, out: &mut dyn Write) -> Result<()> {
    let clusters = g.clusters().await?;
    let args = ApplyArgs { revision: a.revision.clone(), no_restart: false, restart: a.restart.clone(), print_config: false };
    run_plan(g, &g.istio_namespace, namespaces, &clusters, &args, &Wanted::Keep, a.all, out).await
}

#[allow(clippy::too_many_arguments)]
async fn run_plan(
    g: &Session,
    ns: &str,
    namespaces: &[String],
    clusters: &[Cluster],
    a: &ApplyArgs,
    wanted: &Wanted,
    all: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let cm_name = a.revision.mesh_configmap();
    // Read and validate everything first.
    let t0 = std::time::Instant::now();
    let plans = plan_all(clusters, ns, &cm_name, namespaces, wanted, all).await?;
    tracing::debug!(ms = t0.elapsed().as_millis() as u64, "read phase done");
    if g.dry_run == DryRun::Client {
        return print_dry_run(out, g.output, ns, &plans, a.no_restart);
    }
    // Then write the mesh configs (concurrently).
    futures::future::try_join_all(
        plans.iter().filter(|p| p.new_text.is_some()).map(|p| write_mesh(p.cluster, ns, &p.cm_name, &p.edit, g.dry_run)),
    )
    .await?;
    tracing::debug!(ms = t0.elapsed().as_millis() as u64, "mesh config phase done");
    if plans.iter().any(|p| p.new_text.is_some()) {
        output::warn(&format!(
            "istioctl and helm upgrades re-render the {cm_name} ConfigMap; run `kubectl mesh-tracing set … --print-config` \
             for the meshConfig that keeps this"
        ));
    }
    // Then restart, concurrently across clusters and bounded within each.
    let t_restart = std::time::Instant::now();
    let outcomes: Vec<Vec<Outcome>> = futures::future::join_all(plans.iter().map(|p| async move {
        if a.no_restart {
            return p
                .findings
                .iter()
                .filter(|f| f.verdict != Verdict::UpToDate)
                .map(|f| Outcome { cluster: p.cluster.context.clone(), kind: f.kind, namespace: f.namespace.clone(), name: f.name.clone(), verdict: f.verdict, result: "not restarted (--no-restart)".into() })
                .collect();
        }
        let mut v = restart_findings(p.cluster, &p.findings, &a.restart, g.dry_run).await;
        v.sort_by(|x, y| (x.namespace.as_str(), x.name.as_str()).cmp(&(y.namespace.as_str(), y.name.as_str())));
        v
    }))
    .await;
    tracing::debug!(restart_ms = t_restart.elapsed().as_millis() as u64, "restart phase done");
    if a.restart.wait && !a.no_restart && g.dry_run == DryRun::None {
        futures::future::try_join_all(plans.iter().zip(&outcomes).map(|(p, o)| wait_rollouts(p.cluster, o, a.restart.timeout))).await?;
    }
    let summaries: Vec<Summary> = plans
        .iter()
        .zip(&outcomes)
        .map(|(p, o)| Summary {
            cluster: p.cluster.context.clone(),
            config: match (&p.via, &p.new_text) {
                (Some(primary), _) => format!("from {primary}"),
                (None, Some(_)) => g.dry_run.outcome("updated", "update"),
                (None, None) => "unchanged".into(),
            },
            old: p.old.clone(),
            new: p.desired.clone(),
            restarted: o.iter().filter(|x| x.result == "restarted").count(),
            skipped: o.iter().filter(|x| x.verdict != Verdict::UpToDate && x.verdict != Verdict::Stale || x.result.starts_with("not restarted")).count(),
            failed: o.iter().filter(|x| x.result.starts_with("failed")).count(),
        })
        .collect();
    let workloads: Vec<Outcome> = outcomes.into_iter().flatten().filter(|o| o.verdict != Verdict::UpToDate).collect();
    let failed: usize = summaries.iter().map(|s| s.failed).sum();
    let report = Report { clusters: summaries, workloads };
    match g.output {
        Output::Table => {
            let t = output::table(
                &["cluster", "mesh config", "address", "sampling", "restarted", "skipped", "failed"],
                report.clusters.iter().map(|s| {
                    vec![
                        s.cluster.clone(),
                        s.config.clone(),
                        arrow(&s.old.tracing.address_text(), &s.new.address_text()),
                        arrow(&s.old.tracing.sampling_text(), &s.new.sampling_text()),
                        s.restarted.to_string(),
                        s.skipped.to_string(),
                        s.failed.to_string(),
                    ]
                }),
            );
            output::render(out, Output::Table, || t, &())?;
            if !report.workloads.is_empty() {
                writeln!(out).ctx(|| "write output")?;
                let t = output::table(
                    &["cluster", "namespace", "workload", "result"],
                    report.workloads.iter().map(|w| vec![w.cluster.clone(), w.namespace.clone(), format!("{:?}/{}", w.kind, w.name).to_lowercase(), w.result.clone()]),
                );
                output::render(out, Output::Table, || t, &())?;
            }
        }
        fmt => output::render(out, fmt, || unreachable!(), &report)?,
    }
    if failed > 0 {
        return Err(Error::msg(format!("{failed} workload(s) failed to restart")));
    }
    Ok(())
}

fn arrow(old: &str, new: &str) -> String {
    if old == new { old.to_string() } else { format!("{old} -> {new}") }
}

fn print_dry_run(out: &mut dyn Write, fmt: Output, ns: &str, plans: &[Planned<'_>], no_restart: bool) -> Result<()> {
    if fmt != Output::Table {
        let v: Vec<serde_json::Value> = plans
            .iter()
            .map(|p| {
                json!({"cluster": p.cluster.context, "meshConfigChanged": p.new_text.is_some(), "meshConfigFrom": p.via,
                       "diff": p.new_text.as_ref().map(|n| meshconfig::unified_diff(&p.old_text, n, "mesh")),
                       "restart": if no_restart { vec![] } else { p.findings.iter().filter(|f| f.restartable()).map(|f| format!("{:?}/{}/{}", f.kind, f.namespace, f.name)).collect::<Vec<_>>() }})
            })
            .collect();
        return output::render(out, fmt, || unreachable!(), &v);
    }
    for p in plans {
        let label = format!("{} {ns}/{} mesh", p.cluster.context, p.cm_name);
        match (&p.via, &p.new_text) {
            (Some(primary), _) => writeln!(out, "# {}: a remote cluster; its proxies follow {primary}'s mesh config", p.cluster.context).ctx(|| "write output")?,
            (None, Some(n)) => write!(out, "{}", meshconfig::unified_diff(&p.old_text, n, &label)).ctx(|| "write output")?,
            (None, None) => writeln!(out, "# {label}: unchanged").ctx(|| "write output")?,
        }
        if !no_restart {
            for f in p.findings.iter().filter(|f| f.verdict != Verdict::UpToDate) {
                let what = if f.restartable() { "would restart".to_string() } else { f.verdict.text().to_string() };
                writeln!(out, "# {} {:?} {}/{}: {what}", p.cluster.context, f.kind, f.namespace, f.name).ctx(|| "write output")?;
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShowRow {
    pub cluster: String,
    /// A remote cluster: the control plane whose mesh config its proxies get.
    pub mesh_config_from: Option<String>,
    #[serde(flatten)]
    pub mesh: MeshTracing,
    pub workloads: usize,
    pub stale: usize,
    /// `namespace/name` of the workloads counted in `stale`.
    pub stale_workloads: Vec<String>,
    pub error: Option<String>,
}

/// Per cluster: the tracing settings its proxies get (its own mesh config, or its primary's) and
/// how many injected workloads run with others.
pub async fn show_rows(clusters: &[Cluster], ns: &str, cm_name: &str, namespaces: &[String]) -> Vec<ShowRow> {
    let (sources, inventories) = futures::join!(
        source::read_all(clusters, ns, cm_name),
        cluster::fan_out(clusters, |c| inventory(c, namespaces))
    );
    let meshes: Vec<Option<MeshTracing>> =
        sources.iter().map(|s| match s { Ok(Source::Own(_, m)) => Some(meshconfig::read(m)), _ => None }).collect();
    sources
        .into_iter()
        .zip(inventories)
        .enumerate()
        .map(|(i, (src, (c, inv)))| {
            let row = |from, mesh, workloads, stale: Vec<String>, error| ShowRow {
                cluster: c.context.clone(),
                mesh_config_from: from,
                mesh,
                workloads,
                stale: stale.len(),
                stale_workloads: stale,
                error,
            };
            match src.and_then(|s| Ok((s.primary(), inv?))) {
                Ok((primary, inv)) => {
                    let mesh = meshes[primary.unwrap_or(i)].clone().unwrap_or_default();
                    let f = stale::analyse(&inv, &mesh.tracing, false);
                    let workloads = f.iter().filter(|x| matches!(x.kind, Kind::Deployment | Kind::StatefulSet | Kind::DaemonSet)).count();
                    let stale = f.iter().filter(|x| x.stale_pods > 0).map(|x| format!("{}/{}", x.namespace, x.name)).collect();
                    row(primary.map(|p| clusters[p].context.clone()), mesh, workloads, stale, None)
                }
                Err(e) => row(None, MeshTracing::default(), 0, vec![], Some(e.to_string())),
            }
        })
        .collect()
}

pub async fn show(g: &Session, namespaces: &[String], a: &RevisionArg, out: &mut dyn Write) -> Result<()> {
    let clusters = g.clusters().await?;
    let rows = show_rows(&clusters, &g.istio_namespace, &a.mesh_configmap(), namespaces).await;
    let table = || {
        output::table(
            &["cluster", "enabled", "address", "sampling", "workloads", "stale"],
            rows.iter().map(|r| match &r.error {
                Some(e) => vec![r.cluster.clone(), "-".into(), format!("error: {e}"), "-".into(), "-".into(), "-".into()],
                None => vec![
                    r.cluster.clone(),
                    r.mesh.enable_tracing.map(|b| b.to_string()).unwrap_or_else(|| "(unset)".into()),
                    match &r.mesh_config_from {
                        Some(p) => format!("{} (from {p})", r.mesh.tracing.address_text()),
                        None => r.mesh.tracing.address_text(),
                    },
                    r.mesh.tracing.sampling_text(),
                    r.workloads.to_string(),
                    r.stale.to_string(),
                ],
            }),
        )
    };
    output::render(out, g.output, table, &rows)?;
    if rows.iter().any(|r| r.error.is_some()) {
        return Err(Error::msg("some clusters could not be read"));
    }
    Ok(())
}
