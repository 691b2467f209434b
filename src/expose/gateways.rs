//! `kubectl mesh-expose istiod|services`: istiod's ports and the cross-network passthrough on the
//! east-west gateway, and `--delete` for every exposure.

use std::io::Write;

use k8s_openapi::api::core::v1::Service;
use kube::api::{Api, ListParams};
use serde::Serialize;

use super::cli::CommonArgs;
use super::expose::{conflict_hint, preflight, validate_common, Preflight};
use super::manifest::{self, Plan};
use crate::apply;
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::outcome::{Action, Outcome};
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

/// `--delete` of `plan` in one cluster: the rows it prints.
pub(super) async fn delete(
    g: &Session,
    ns: &str,
    c: &Cluster,
    pre: &Preflight,
    plan: &Plan,
) -> Result<Vec<ObjectRow>> {
    let Preflight { svc, gw_api, vs_api, .. } = pre;
    let gw_name = svc.metadata.name.clone().unwrap_or_default();
    let names: Vec<&str> = plan.ports.iter().map(|p| p.port_name.as_str()).collect();
    // An external IP the suite added stays while another Gateway is published on this Service.
    let gateways: Vec<(String, serde_json::Value)> = gw_api
        .list(&ListParams::default())
        .await
        .ctx(|| format!("list Gateways in {ns} in {}", c.context))?
        .items
        .into_iter()
        .map(|g| (g.metadata.name.clone().unwrap_or_default(), g.data))
        .collect();
    let users = manifest::still_published(svc, &gateways, &plan.gateway);
    let added = manifest::added_ips(svc);
    let ops = manifest::service_remove_ops(svc, &names, users.is_empty());
    let service_action = if ops.is_empty() {
        Outcome::Unchanged.into()
    } else if g.dry_run() == DryRun::Client {
        Action::new(Outcome::Patched, g.dry_run())
    } else {
        let patch =
            apply::guarded(svc.metadata.resource_version.as_deref().unwrap_or_default(), ops);
        apply::json_patch(
            &Api::<Service>::namespaced(c.client.clone(), ns),
            &gw_name,
            &patch,
            g.dry_run(),
            || format!("Service {ns}/{gw_name} in {}", c.context),
        )
        .await
        .map_err(|e| conflict_hint(e, &gw_name))?;
        Action::new(Outcome::Patched, g.dry_run())
    };
    let gw = apply::delete_if_ours(gw_api, &plan.gateway, g.dry_run(), || {
        format!("Gateway {ns}/{} in {}", plan.gateway, c.context)
    })
    .await?;
    let vs = if plan.virtual_service.is_empty() {
        Outcome::Absent.into()
    } else {
        apply::delete_if_ours(vs_api, &plan.virtual_service, g.dry_run(), || {
            format!("VirtualService {ns}/{} in {}", plan.virtual_service, c.context)
        })
        .await?
    };
    let row =
        |object: String, action: Action| ObjectRow { cluster: c.context.clone(), object, action };
    let mut rows = vec![
        row(format!("service/{gw_name}"), service_action),
        row(format!("gateway/{}", plan.gateway), gw),
    ];
    if !plan.virtual_service.is_empty() {
        rows.push(row(format!("virtualservice/{}", plan.virtual_service), vs));
    }
    if !users.is_empty() {
        let why = format!("(still used by {})", users.join(", "));
        rows.extend(added.iter().map(|ip| {
            row(format!("externalip/{ip}"), Action::with(Outcome::Kept, g.dry_run(), why.clone()))
        }));
    }
    rows.retain(|r| !r.action.is(Outcome::Absent));
    Ok(rows)
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
        let (gw, vs) = manifest::istiod_objects(ns, &selector, &present, &pre.gw_version);
        vec![gw, vs]
    } else {
        vec![manifest::cross_network_gateway(ns, &selector, &pre.gw_version)]
    };
    let ops = match &a.external_ip {
        Some(ip) => manifest::service_add_ops(svc, &[], Some(ip))?,
        None => vec![],
    };
    Ok(Publish { docs, ops, port: present[0] })
}

/// Write one cluster's `Publish`: the Service patch (an external IP), then the Istio objects.
async fn publish(
    g: &Session,
    c: &Cluster,
    ns: &str,
    pre: &Preflight,
    a: &CommonArgs,
    p: &Publish,
) -> Result<Vec<PublishedRow>> {
    let gw_name = &a.gateway.gateway;
    let mut patched = pre.svc.clone();
    if !p.ops.is_empty() {
        let patch = apply::guarded(
            pre.svc.metadata.resource_version.as_deref().unwrap_or_default(),
            p.ops.clone(),
        );
        if let Some(after) = apply::json_patch(
            &Api::<Service>::namespaced(c.client.clone(), ns),
            gw_name,
            &patch,
            g.dry_run(),
            || format!("Service {ns}/{gw_name} in {}", c.context),
        )
        .await
        .map_err(|e| conflict_hint(e, gw_name))?
        {
            patched = after;
        }
    }
    let node = super::read::node_address(c).await;
    let address = manifest::published_address(&patched, p.port, node.as_deref());
    let mut rows = Vec::new();
    for d in &p.docs {
        let api = if d["kind"] == "Gateway" { &pre.gw_api } else { &pre.vs_api };
        let action = apply::apply_dynamic(api, d, g.dry_run(), &c.context).await?;
        let object = format!(
            "{}/{}",
            d["kind"].as_str().unwrap_or_default().to_lowercase(),
            d["metadata"]["name"].as_str().unwrap_or_default()
        );
        rows.push(PublishedRow {
            object: ObjectRow { cluster: c.context.clone(), object, action },
            address: address.clone(),
        });
    }
    Ok(rows)
}

/// Print the rows of every cluster that succeeded; then fail naming every cluster that did not.
fn report<R: Row>(
    g: &Session,
    results: Vec<(&Cluster, Result<Vec<R>>)>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    for (c, r) in results {
        match r {
            Ok(mut v) => rows.append(&mut v),
            Err(e) => failed.push((c, Err::<(), _>(e))),
        }
    }
    if !rows.is_empty() || failed.is_empty() {
        output::print(out, g.output(), &rows)?;
    }
    cluster::all_ok(failed).map(|_| ())
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
        let results = cluster::fan_out(&clusters, |i, c| delete(g, ns, c, &pre[i].1, &plan)).await;
        return report(g, results, out);
    }
    let plans: Vec<Publish> =
        pre.iter().map(|(c, p)| publish_plan(c, ns, p, a, istiod)).collect::<Result<_>>()?;
    if g.dry_run() == DryRun::Client {
        let docs: Vec<&serde_json::Value> = plans.iter().flat_map(|p| &p.docs).collect();
        return output::write_manifests(out, g.output().for_manifests(), &docs);
    }
    let results =
        cluster::fan_out(&clusters, |i, c| publish(g, c, ns, &pre[i].1, a, &plans[i])).await;
    report(g, results, out)
}
