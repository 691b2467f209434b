//! `kubectl mesh-expose istiod|services`: istiod's ports and the cross-network passthrough on the
//! east-west gateway, and `--delete` for every exposure.

use std::io::Write;

use k8s_openapi::api::core::v1::Service;
use kube::api::{Api, DynamicObject};
use serde::Serialize;

use super::cli::CommonArgs;
use super::expose::{conflict_hint, preflight, validate_common, Preflight};
use super::manifest::{self, Plan};
use crate::apply;
use crate::cli::DryRun;
use crate::cluster::Cluster;
use crate::error::{Error, Result};
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

#[allow(clippy::too_many_arguments)]
pub(super) async fn delete(
    g: &Session,
    ns: &str,
    c: &Cluster,
    svc: &Service,
    gw_api: &Api<DynamicObject>,
    vs_api: &Api<DynamicObject>,
    plan: &Plan,
    out: &mut dyn Write,
) -> Result<()> {
    let gw_name = svc.metadata.name.clone().unwrap_or_default();
    let names: Vec<&str> = plan.ports.iter().map(|p| p.port_name.as_str()).collect();
    let ops = manifest::service_remove_ops(svc, &names, true);
    let service_action = if ops.is_empty() {
        Outcome::Unchanged.to_string()
    } else if g.dry_run == DryRun::Client {
        Outcome::Patched.say(g.dry_run)
    } else {
        let patch = apply::guarded(svc.metadata.resource_version.as_deref().unwrap_or_default(), ops);
        apply::json_patch(&Api::<Service>::namespaced(c.client.clone(), ns), &gw_name, &patch, g.dry_run, || {
            format!("Service {ns}/{gw_name} in {}", c.context)
        })
        .await
        .map_err(|e| conflict_hint(e, &gw_name))?;
        Outcome::Patched.say(g.dry_run)
    };
    let gw = apply::delete_if_ours(gw_api, &plan.gateway, g.dry_run, || format!("Gateway {ns}/{} in {}", plan.gateway, c.context)).await?;
    let vs = if plan.virtual_service.is_empty() {
        Outcome::Absent.to_string()
    } else {
        apply::delete_if_ours(vs_api, &plan.virtual_service, g.dry_run, || {
            format!("VirtualService {ns}/{} in {}", plan.virtual_service, c.context)
        })
        .await?
    };
    let row = |object: String, action: String| ObjectRow { cluster: c.context.clone(), object, action };
    let mut rows = vec![row(format!("service/{gw_name}"), service_action), row(format!("gateway/{}", plan.gateway), gw)];
    if !plan.virtual_service.is_empty() {
        rows.push(row(format!("virtualservice/{}", plan.virtual_service), vs));
    }
    rows.retain(|r| r.action != Outcome::Absent.to_string());
    output::print(out, g.output, &rows)
}

pub async fn istiod_or_services(g: &Session, ns: &str, a: &CommonArgs, istiod: bool, out: &mut dyn Write) -> Result<()> {
    validate_common(a)?;
    let c = g.one().await?;
    let gw_name = &a.gateway.gateway;
    let Preflight { svc, gw_api, gw_version, vs_api, .. } = preflight(&c, ns, gw_name).await?;
    let has = |p: u16| svc.spec.as_ref().and_then(|s| s.ports.as_ref()).is_some_and(|ps| ps.iter().any(|sp| sp.port == p as i32));
    let wanted: &[u16] = if istiod { &[15012, 15017] } else { &[15443] };
    let present: Vec<u16> = wanted.iter().copied().filter(|p| has(*p)).collect();
    let (name, vs_name) = if istiod { ("istiod", "istiod-vs") } else { ("cross-network", "") };
    let plan = Plan { gateway: format!("{name}-gateway"), virtual_service: vs_name.to_string(), ports: vec![] };
    if a.delete {
        return delete(g, ns, &c, &svc, &gw_api, &vs_api, &plan, out).await;
    }
    if present.is_empty() {
        return Err(Error::msg(format!(
            "{gw_name} in {} has none of the ports {wanted:?}: it is not an east-west gateway (gen-eastwest-gateway.sh)",
            c.context
        )));
    }
    for p in wanted.iter().filter(|p| !present.contains(p)) {
        output::warn(&format!("{gw_name} in {} has no port {p}: skipping it", c.context));
    }
    let selector = manifest::gateway_selector(&svc)?;
    let mut docs = Vec::new();
    if istiod {
        let (gw, vs) = manifest::istiod_objects(ns, &selector, &present, &gw_version);
        docs.push(gw);
        docs.push(vs);
    } else {
        docs.push(manifest::cross_network_gateway(ns, &selector, &gw_version));
    }
    let ops = match &a.external_ip {
        Some(ip) => manifest::service_add_ops(&svc, &[], Some(ip))?,
        None => vec![],
    };
    if g.dry_run == DryRun::Client {
        return output::write_manifests(out, g.output.for_manifests(), &docs);
    }
    let mut patched = svc.clone();
    if !ops.is_empty() {
        let patch = apply::guarded(svc.metadata.resource_version.as_deref().unwrap_or_default(), ops);
        if let Some(after) = apply::json_patch(&Api::<Service>::namespaced(c.client.clone(), ns), gw_name, &patch, g.dry_run, || {
            format!("Service {ns}/{gw_name} in {}", c.context)
        })
        .await
        .map_err(|e| conflict_hint(e, gw_name))?
        {
            patched = after;
        }
    }
    let node = super::read::node_address(&c).await;
    let address = manifest::published_address(&patched, present[0], node.as_deref());
    let mut rows = Vec::new();
    for d in &docs {
        let api = if d["kind"] == "Gateway" { &gw_api } else { &vs_api };
        let action = apply::apply_dynamic(api, d, g.dry_run, &c.context).await?;
        let object = format!("{}/{}", d["kind"].as_str().unwrap_or_default().to_lowercase(), d["metadata"]["name"].as_str().unwrap_or_default());
        rows.push(PublishedRow { object: ObjectRow { cluster: c.context.clone(), object, action }, address: address.clone() });
    }
    output::print(out, g.output, &rows)
}
