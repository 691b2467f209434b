//! `kubectl mesh-expose istiod|services`: istiod's ports and the cross-network passthrough on the
//! east-west gateway, and `--delete` for every exposure.

use std::io::Write;

use kube::api::ListParams;
use serde::Serialize;

use super::changes::{self, Published};
use super::cli::CommonArgs;
use super::expose::{preflight, validate_common, Preflight};
use super::manifest::{self, Plan};
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::execute::{self, Change};
use crate::outcome::Outcome;
use crate::output::{self, ObjectRow, Row};
use crate::session::Session;

/// An Istio object on the gateway and the address it is published at.
#[derive(Serialize)]
struct PublishedRow {
    #[serde(flatten)]
    object: ObjectRow,
    address: Option<String>,
}

impl Row for PublishedRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["cluster", "object", "action", "address"]
    }

    fn cells(&self, h: &[&'static str]) -> Vec<String> {
        let mut v = self.object.cells(h);
        v.push(self.address.clone().unwrap_or_else(|| "<pending>".into()));
        v
    }
}

/// `--delete` of `plan` in cluster `i`, decided from what it holds: the Gateways in the
/// namespace (another one may still use an external IP) and the plan's VirtualService.
pub(super) async fn unpublish(
    i: usize,
    c: &Cluster,
    ns: &str,
    pre: &Preflight,
    plan: &Plan,
) -> Result<Vec<Change>> {
    let gateways = pre
        .gw_api
        .list(&ListParams::default())
        .await
        .ctx(|| format!("list Gateways in {ns} in {}", c.context))?
        .items;
    let vs = if plan.virtual_service.is_empty() {
        None
    } else {
        let what = || format!("get VirtualService {ns}/{} in {}", plan.virtual_service, c.context);
        pre.vs_api.get_metadata_opt(&plan.virtual_service).await.ctx(what)?.map(|o| o.metadata)
    };
    let read = Published {
        ns,
        svc: &pre.svc,
        gateways: &gateways,
        virtual_service: vs.as_ref(),
        gw: &pre.gw,
        vs: &pre.vs,
    };
    Ok(changes::unpublish(i, &read, plan))
}

/// Carry out `plan` (a dry run prints its rows too) and print the rows; absent objects make none.
pub(super) async fn carry_out(
    g: &Session,
    clusters: &[Cluster],
    plan: &execute::Plan,
    out: &mut dyn Write,
) -> Result<()> {
    let (mut rows, failed) = execute::execute_each(g.dry_run(), clusters, plan).await?;
    rows.retain(|r| !r.action.is(Outcome::Absent));
    if !rows.is_empty() || failed.is_ok() {
        output::print(out, g.output(), &rows)?;
    }
    failed
}

/// What `istiod` or `services` writes in one cluster, worked out from its preflight read.
struct Publish {
    docs: Vec<serde_json::Value>,
    ops: Vec<json_patch::PatchOperation>,
    port: u16,
}

fn publish_plan(
    c: &Cluster,
    ns: &str,
    pre: &Preflight,
    a: &CommonArgs,
    istiod: bool,
) -> Result<Publish> {
    let gw_name = &a.gateway.gateway;
    let svc = &pre.svc;
    let has = |p: u16| {
        svc.spec
            .as_ref()
            .and_then(|s| s.ports.as_ref())
            .is_some_and(|ps| ps.iter().any(|sp| sp.port == p as i32))
    };
    let wanted: &[u16] = if istiod { &[15012, 15017] } else { &[15443] };
    let present: Vec<u16> = wanted.iter().copied().filter(|p| has(*p)).collect();
    if present.is_empty() {
        return Err(Error::msg(format!(
            "{gw_name} in {} has none of the ports {wanted:?}: it is not an east-west gateway (gen-eastwest-gateway.sh)",
            c.context
        )));
    }
    for p in wanted.iter().filter(|p| !present.contains(p)) {
        output::warn(&format!("{gw_name} in {} has no port {p}: skipping it", c.context));
    }
    let selector = manifest::gateway_selector(svc)?;
    let docs = if istiod {
        let (gw, vs) = manifest::istiod_objects(ns, &selector, &present, &pre.gw.api_version);
        vec![gw, vs]
    } else {
        vec![manifest::cross_network_gateway(ns, &selector, &pre.gw.api_version)]
    };
    let ops = match &a.external_ip {
        Some(ip) => manifest::service_add_ops(svc, &[], Some(ip))?,
        None => vec![],
    };
    Ok(Publish { docs, ops, port: present[0] })
}

/// One cluster's `Publish` as changes: the Service patch (an external IP), then the Istio objects.
fn publish_changes(i: usize, ns: &str, pre: &Preflight, p: &Publish) -> Vec<Change> {
    let mut v = vec![changes::service_patch(i, ns, &pre.svc, p.ops.clone())];
    v.extend(changes::istio_objects(i, ns, &p.docs, &pre.gw, &pre.vs));
    v
}

/// `istiod` and `services`: every selected cluster read and planned before the first write, then
/// written concurrently (each cluster of a multi-network mesh needs its own).
pub async fn istiod_or_services(
    g: &Session,
    ns: &str,
    a: &CommonArgs,
    istiod: bool,
    out: &mut dyn Write,
) -> Result<()> {
    validate_common(a)?;
    let clusters = g.clusters().await?;
    if clusters.len() > 1 && a.external_ip.is_some() {
        return Err(Error::usage(
            "--external-ip pins one cluster's gateway address: pass a single --context with it",
        ));
    }
    let gw_name = &a.gateway.gateway;
    let pre = cluster::fan_out_all(&clusters, |_, c| preflight(c, ns, gw_name)).await?;
    let (name, vs_name) = if istiod { ("istiod", "istiod-vs") } else { ("cross-network", "") };
    let plan = Plan {
        gateway: format!("{name}-gateway"),
        virtual_service: vs_name.to_string(),
        ports: vec![],
    };
    if a.delete {
        let reads = cluster::fan_out_all(&clusters, |i, c| unpublish(i, c, ns, &pre[i].1, &plan));
        let changes = reads.await?.into_iter().flat_map(|(_, v)| v).collect();
        return carry_out(g, &clusters, &execute::Plan::of(changes), out).await;
    }
    let plans: Vec<Publish> =
        pre.iter().map(|(c, p)| publish_plan(c, ns, p, a, istiod)).collect::<Result<_>>()?;
    let changes = (0..clusters.len()).flat_map(|i| publish_changes(i, ns, &pre[i].1, &plans[i]));
    let changes = execute::Plan::of(changes.collect());
    if g.dry_run() == DryRun::Client {
        return output::write_manifests(out, g.output().for_manifests(), &changes.manifests());
    }
    let (rows, failed) = execute::execute_each(g.dry_run(), &clusters, &changes).await?;
    // The Service's row is not printed: its address is each row's last column.
    let (pre, plans) = (&pre, &plans);
    let published =
        futures::future::join_all(clusters.iter().enumerate().map(|(i, c)| async move {
            let node = super::read::node_address(c).await;
            let svc = changes::patched(&pre[i].1.svc, &plans[i].ops);
            manifest::published_address(&svc, plans[i].port, node.as_deref())
        }))
        .await;
    let rows: Vec<PublishedRow> = rows
        .into_iter()
        .filter(|r| !r.object.starts_with("service/"))
        .map(|object| {
            let i = clusters.iter().position(|c| c.context == object.cluster).unwrap_or_default();
            PublishedRow { object, address: published[i].clone() }
        })
        .collect();
    if !rows.is_empty() || failed.is_ok() {
        output::print(out, g.output(), &rows)?;
    }
    failed
}
