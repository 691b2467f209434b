//! The read side other commands use: where `mesh-expose zipkin` (or `otel`) published the collector.

use k8s_openapi::api::core::v1::{Node, Service};
use kube::api::{Api, ListParams};

use super::manifest::{self, Plan};
use super::preset;
use crate::cluster::Cluster;
use crate::error::{Context as _, Error, Result};
use crate::istio::{self, IstioKind};

/// The east-west gateway Service that `gen-eastwest-gateway.sh` installs.
pub const EASTWEST_GATEWAY: &str = "istio-eastwestgateway";

/// The collector as published on a cluster's east-west gateway.
#[derive(Clone, Debug)]
pub struct Collector {
    /// HOST:PORT other clusters reach it at (the gateway's address and the zipkin port).
    pub published: String,
    /// HOST:PORT inside its own cluster (the VirtualService's route target; `zipkin.<ns>:9411` in the
    /// guide).
    pub local: String,
    /// Whether both the Gateway and the VirtualService `mesh-expose zipkin` writes are there.
    pub routed: bool,
}

/// An address of some node (ExternalIP first), for NodePort gateways.
pub async fn node_address(c: &Cluster) -> Option<String> {
    let nodes: Api<Node> = Api::all(c.client.clone());
    let list = nodes.list(&ListParams::default().limit(1)).await.ok()?;
    let addrs = list.items.first()?.status.as_ref()?.addresses.clone()?;
    addrs
        .iter()
        .find(|a| a.type_ == "ExternalIP")
        .or_else(|| addrs.iter().find(|a| a.type_ == "InternalIP"))
        .map(|a| a.address.clone())
}

/// Which exposure a reader asks for: zipkin's HTTP port (15018), or OTLP over gRPC (4317, the
/// first port of `mesh-expose otel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exposed {
    Zipkin,
    OtlpGrpc,
}

/// Where zipkin is published in `c` (Istio namespace `ns`); an error with the command that fixes it
/// when it is not.
pub async fn collector_address(c: &Cluster, ns: &str) -> Result<Collector> {
    exposed_address(c, ns, Exposed::Zipkin).await
}

/// Where `which` is published in `c`; an error with the command that fixes it when it is not.
pub async fn exposed_address(c: &Cluster, ns: &str, which: Exposed) -> Result<Collector> {
    let ctx = &c.context;
    let p = match which {
        Exposed::Zipkin => preset::zipkin(),
        Exposed::OtlpGrpc => preset::otel(),
    };
    let svcs: Api<Service> = Api::namespaced(c.client.clone(), ns);
    let gw = EASTWEST_GATEWAY;
    let svc = svcs.get_opt(gw).await.ctx(|| format!("get Service {ns}/{gw} in {ctx}"))?.ok_or_else(|| {
        Error::msg(format!(
            "Service {ns}/{gw} (the east-west gateway) not found in {ctx}: install the east-west gateway there \
             (Istio's samples/multicluster/gen-eastwest-gateway.sh), then run `kubectl mesh-expose {} --context {ctx}`",
            p.name
        ))
    })?;
    let wanted = &p.ports[0];
    let port = svc
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_ref())
        .and_then(|ps| ps.iter().find(|sp| sp.name.as_deref() == Some(wanted.port_name)))
        .map(|sp| sp.port as u16)
        .ok_or_else(|| {
            Error::msg(format!(
                "{} is not exposed in {ctx}: run `kubectl mesh-expose {} --context {ctx}` first",
                p.name, p.name
            ))
        })?;
    let node = node_address(c).await;
    let published = manifest::published_address(&svc, port, node.as_deref()).ok_or_else(|| {
        Error::msg(format!("the east-west gateway in {ctx} has no address yet: pin one with `kubectl mesh-expose {} --external-ip IP --context {ctx}`", p.name))
    })?;
    let plan = Plan::named(p.name, vec![]);
    let (vs_api, _) = istio::api(c, IstioKind::VirtualService, ns).await?;
    let (gw_api, _) = istio::api(c, IstioKind::Gateway, ns).await?;
    let vs_name = &plan.virtual_service;
    let vs = vs_api
        .get_opt(vs_name)
        .await
        .ctx(|| format!("get VirtualService {ns}/{vs_name} in {ctx}"))?;
    let gateway = gw_api
        .get_opt(&plan.gateway)
        .await
        .ctx(|| format!("get Gateway {ns}/{} in {ctx}", plan.gateway))?;
    // The route of this port: the only one, or the one matching the gateway port.
    let route = vs.as_ref().and_then(|vs| {
        let http = vs.data["spec"]["http"].as_array()?;
        let on_port = |r: &&serde_json::Value| {
            r["match"]
                .as_array()
                .is_some_and(|m| m.iter().any(|m| m["port"].as_u64() == Some(u64::from(port))))
        };
        http.iter().find(on_port).or_else(|| http.first().filter(|_| http.len() == 1)).cloned()
    });
    let local = match route {
        Some(r) => {
            let d = &r["route"][0]["destination"];
            let host = d["host"]
                .as_str()
                .unwrap_or(p.candidates[0])
                .trim_end_matches(".svc.cluster.local")
                .to_string();
            format!(
                "{host}:{}",
                d["port"]["number"].as_u64().unwrap_or(u64::from(wanted.target_port))
            )
        }
        None => format!("{}.{ns}:{}", p.candidates[0], wanted.target_port),
    };
    Ok(Collector { published, local, routed: vs.is_some() && gateway.is_some() })
}
