//! `mesh-expose status`: per cluster, the gateway, its address, and each port its Gateways publish
//! with the route target and whether that Service exists.

use std::io::Write;

use k8s_openapi::api::core::v1::Service;
use kube::api::{Api, DynamicObject, ListParams};
use serde::Serialize;

use super::manifest;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Result};
use crate::istio::{self, IstioKind};
use crate::output::{self, Row};
use crate::session::Session;

#[derive(Serialize, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct StatusRow {
    pub cluster: String,
    pub gateway_service: String,
    pub address: Option<String>,
    pub port: Option<u16>,
    pub gateway: String,
    pub route_to: String,
    pub target: String,
}

/// Route destinations of `vs` for traffic on `port` through `gateway`.
fn routes(vs: &[DynamicObject], gateway: &str, port: u16) -> Vec<String> {
    let mut out = Vec::new();
    for v in vs {
        let spec = &v.data["spec"];
        let gws = spec["gateways"].as_array().cloned().unwrap_or_default();
        if !gws.iter().any(|g| g.as_str() == Some(gateway)) {
            continue;
        }
        for kind in ["http", "tcp", "tls"] {
            for r in spec[kind].as_array().cloned().unwrap_or_default() {
                let matches = r["match"].as_array().cloned().unwrap_or_default();
                let port_ok = matches.is_empty()
                    || matches.iter().any(|m| m["port"].as_u64().is_none_or(|p| p == port as u64));
                if !port_ok {
                    continue;
                }
                for d in r["route"].as_array().cloned().unwrap_or_default() {
                    let host = d["destination"]["host"].as_str().unwrap_or_default();
                    match d["destination"]["port"]["number"].as_u64() {
                        Some(p) => out.push(format!("{host}:{p}")),
                        None => out.push(host.to_string()),
                    }
                }
            }
        }
    }
    out
}

/// Whether a route host names a Service that exists here (`name.ns.svc.cluster.local`).
async fn target_state(c: &Cluster, host_port: &str) -> String {
    let host = host_port.split(':').next().unwrap_or_default();
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() < 2
        || !(host.ends_with(".svc.cluster.local") || parts.len() == 2 || host.ends_with(".svc"))
    {
        return "external".into();
    }
    let api: Api<Service> = Api::namespaced(c.client.clone(), parts[1]);
    match api.get_opt(parts[0]).await {
        Ok(Some(_)) => "exists".into(),
        Ok(None) => "missing".into(),
        Err(e) => format!("unknown: {e}"),
    }
}

async fn cluster_rows(c: &Cluster, ns: &str, gw_name: &str) -> Result<Vec<StatusRow>> {
    let base = StatusRow {
        cluster: c.context.clone(),
        gateway_service: gw_name.to_string(),
        ..Default::default()
    };
    let svcs: Api<Service> = Api::namespaced(c.client.clone(), ns);
    let Some(svc) = svcs
        .get_opt(gw_name)
        .await
        .ctx(|| format!("get Service {ns}/{gw_name} in {}", c.context))?
    else {
        return Ok(vec![StatusRow { target: "no gateway Service".into(), ..base }]);
    };
    let pods = manifest::pod_selector(&svc);
    let (gw_api, _) = istio::api(c, IstioKind::Gateway, ns).await?;
    let (vs_api, _) = istio::api(c, IstioKind::VirtualService, ns).await?;
    let gws = gw_api
        .list(&ListParams::default())
        .await
        .ctx(|| format!("list Gateways in {ns} in {}", c.context))?
        .items;
    let vss = vs_api
        .list(&ListParams::default())
        .await
        .ctx(|| format!("list VirtualServices in {ns} in {}", c.context))?
        .items;
    let node = super::read::node_address(c).await;
    let mut rows = Vec::new();
    for gw in gws.iter().filter(|g| manifest::selects(&g.data, &pods)) {
        let gname = gw.metadata.name.clone().unwrap_or_default();
        for server in gw.data["spec"]["servers"].as_array().cloned().unwrap_or_default() {
            let port = server["port"]["number"].as_u64().unwrap_or(0) as u16;
            let targets = routes(&vss, &gname, port);
            let mode = server["tls"]["mode"].as_str().unwrap_or_default();
            let (route_to, target) = match targets.first() {
                Some(t) => (targets.join(","), target_state(c, t).await),
                None if mode == "AUTO_PASSTHROUGH" => {
                    ("(SNI: *.local)".to_string(), "-".to_string())
                }
                None => ("-".to_string(), "no route".to_string()),
            };
            rows.push(StatusRow {
                address: manifest::published_address(&svc, port, node.as_deref()),
                port: Some(port),
                gateway: gname.clone(),
                route_to,
                target,
                ..base.clone()
            });
        }
    }
    if rows.is_empty() {
        rows.push(StatusRow {
            address: manifest::published_address(&svc, 15443, node.as_deref()),
            target: "nothing exposed".into(),
            ..base
        });
    }
    Ok(rows)
}

pub async fn status(g: &Session, ns: &str, gw_name: &str, out: &mut dyn Write) -> Result<()> {
    let clusters = g.clusters().await?;
    let results = cluster::fan_out(&clusters, |_, c| cluster_rows(c, ns, gw_name)).await;
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    for (c, r) in results {
        match r {
            Ok(mut v) => rows.append(&mut v),
            Err(e) => {
                unreadable.push(c.context.clone());
                rows.push(StatusRow {
                    cluster: c.context.clone(),
                    gateway_service: gw_name.into(),
                    target: e.to_string(),
                    ..Default::default()
                })
            }
        }
    }
    output::print(out, g.output(), &rows)?;
    // The table is printed for every cluster; one that could not be read still fails the command.
    if unreadable.is_empty() {
        return Ok(());
    }
    Err(crate::error::Error::msg(format!(
        "could not read {}: see the TARGET column",
        unreadable.join(", ")
    )))
}

impl Row for StatusRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["cluster", "gateway svc", "address", "port", "gateway", "route to", "target"]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        let dash = |s: &str| if s.is_empty() { "-".to_string() } else { s.to_string() };
        vec![
            self.cluster.clone(),
            self.gateway_service.clone(),
            self.address.clone().unwrap_or_else(|| "<pending>".into()),
            self.port.map(|p| p.to_string()).unwrap_or_else(|| "-".into()),
            dash(&self.gateway),
            dash(&self.route_to),
            self.target.clone(),
        ]
    }
}
