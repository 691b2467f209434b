//! `mesh-expose` against one cluster: read everything, build once, then patch and apply (or print).

use std::io::Write;

use k8s_openapi::api::core::v1::Service;
use kube::api::{Api, ApiResource, DynamicObject};
use serde::Serialize;

use super::changes;
use super::cli::{CollectorArgs, CommonArgs, PortArgs};
use super::manifest::{self, Exposure, Plan, Target};
use super::preset::{self, Preset};
use crate::cli::DryRun;
use crate::cluster::Cluster;
use crate::error::{Context as _, Error, Result};
use crate::execute;
use crate::istio::{self, IstioKind};
use crate::outcome::Action;
use crate::output::{self, Row};
use crate::session::Session;

pub(super) fn validate_common(a: &CommonArgs) -> Result<()> {
    if let Some(ip) = &a.external_ip {
        if ip.parse::<std::net::IpAddr>().is_err() {
            return Err(Error::usage(format!("--external-ip {ip:?} is not an IP address")));
        }
        if a.delete {
            return Err(Error::usage("--delete removes the external IPs this suite added; do not pass --external-ip with it"));
        }
    }
    crate::cli::validate_dns_label(&a.gateway.gateway, "--gateway")
}

async fn gateway_service(c: &Cluster, ns: &str, name: &str) -> Result<Service> {
    let api: Api<Service> = Api::namespaced(c.client.clone(), ns);
    api.get_opt(name).await.ctx(|| format!("get Service {ns}/{name} in {}", c.context))?.ok_or_else(|| {
        Error::msg(format!(
            "Service {ns}/{name} not found in {}: install the east-west gateway first \
             (samples/multicluster/gen-eastwest-gateway.sh | istioctl install -f -) or pass --gateway",
            c.context
        ))
    })
}

/// What every exposure needs from the cluster, read before anything else: the gateway Service and
/// the served versions of Istio's Gateway and VirtualService.
pub(super) struct Preflight {
    pub svc: Service,
    pub gw_api: Api<DynamicObject>,
    pub gw: ApiResource,
    pub vs_api: Api<DynamicObject>,
    pub vs: ApiResource,
}

pub(super) async fn preflight(c: &Cluster, ns: &str, gateway: &str) -> Result<Preflight> {
    let svc = gateway_service(c, ns, gateway).await?;
    let (gw_api, gw) = istio::api(c, IstioKind::Gateway, ns).await?;
    let (vs_api, vs) = istio::api(c, IstioKind::VirtualService, ns).await?;
    Ok(Preflight { svc, gw_api, gw, vs_api, vs })
}

/// The collector's Service in the Istio namespace and its ports, as preset exposures.
async fn find_collector(c: &Cluster, ns: &str, p: &Preset) -> Result<Vec<Target>> {
    let api: Api<Service> = Api::namespaced(c.client.clone(), ns);
    for name in p.candidates {
        let Some(svc) =
            api.get_opt(name).await.ctx(|| format!("get Service {ns}/{name} in {}", c.context))?
        else {
            continue;
        };
        let ports: Option<Vec<u16>> =
            p.ports.iter().map(|pp| preset::target_port_of(&svc, pp)).collect();
        if let Some(ports) = ports {
            return Ok(ports
                .into_iter()
                .map(|port| Target { host: manifest::service_fqdn(name, ns), port })
                .collect());
        }
    }
    Err(Error::msg(format!(
        "no {} collector in {ns} of {} (looked for Service {}): {}, or pass --to HOST:PORT",
        p.name,
        c.context,
        p.candidates.join(" or "),
        p.hint
    )))
}

pub async fn collector(
    g: &Session,
    ns: &str,
    p: Preset,
    a: &CollectorArgs,
    out: &mut dyn Write,
) -> Result<()> {
    validate_common(&a.common)?;
    let to = a.to.as_deref().map(Target::parse).transpose()?;
    if a.port.is_some() && p.ports.len() > 1 {
        return Err(Error::usage(format!(
            "{} publishes {} ports; --port applies to one-port collectors",
            p.name,
            p.ports.len()
        )));
    }
    let c = g.one().await?;
    let pre = preflight(&c, ns, &a.common.gateway.gateway).await?;
    let targets = match (&to, a.common.delete) {
        (_, true) => {
            p.ports.iter().map(|pp| Target { host: String::new(), port: pp.target_port }).collect()
        }
        (Some(t), false) => p
            .ports
            .iter()
            .enumerate()
            .map(|(i, pp)| Target {
                host: t.host.clone(),
                port: if i == 0 { t.port } else { pp.target_port },
            })
            .collect(),
        (None, false) => find_collector(&c, ns, &p).await?,
    };
    let exposures = p
        .ports
        .iter()
        .zip(targets)
        .map(|(pp, target)| Exposure {
            port_name: pp.port_name.to_string(),
            port: a.port.unwrap_or(pp.gateway_port),
            protocol: pp.protocol,
            target,
        })
        .collect();
    expose(g, ns, &c, pre, &a.common, Plan::named(p.name, exposures), out).await
}

pub async fn port(g: &Session, ns: &str, a: &PortArgs, out: &mut dyn Write) -> Result<()> {
    validate_common(&a.common)?;
    crate::cli::validate_dns_label(&a.name, "NAME")?;
    let target = Target::parse(&a.to)?;
    let c = g.one().await?;
    let pre = preflight(&c, ns, &a.common.gateway.gateway).await?;
    let e = Exposure {
        port_name: format!("{}-{}", a.protocol.prefix(), a.name),
        port: a.port,
        protocol: a.protocol,
        target,
    };
    expose(g, ns, &c, pre, &a.common, Plan::named(&a.name, vec![e]), out).await
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExposeRow {
    cluster: String,
    gateway: String,
    port: u16,
    port_name: String,
    route_to: String,
    address: Option<String>,
    service: Action,
    gateway_object: String,
    virtual_service: String,
}

/// Build everything for `plan` from what the cluster holds, then print (dry run) or write it.
async fn expose(
    g: &Session,
    ns: &str,
    c: &Cluster,
    pre: Preflight,
    a: &CommonArgs,
    plan: Plan,
    out: &mut dyn Write,
) -> Result<()> {
    let gw_name = &a.gateway.gateway;
    if a.delete {
        let changes = execute::Plan::of(super::gateways::unpublish(0, c, ns, &pre, &plan).await?);
        return super::gateways::carry_out(g, std::slice::from_ref(c), &changes, out).await;
    }
    let Preflight { svc, gw, vs, .. } = pre;
    if a.print_config {
        let text = manifest::durable_config(gw_name, &svc, &plan.ports);
        return out.write_all(text.as_bytes()).ctx(|| "write output");
    }
    let ops = manifest::service_add_ops(&svc, &plan.ports, a.external_ip.as_deref())?;
    let selector = manifest::gateway_selector(&svc)?;
    let docs = [
        manifest::gateway(&plan, ns, &selector, &gw.api_version),
        manifest::virtual_service(&plan, ns, &vs.api_version),
    ];
    let patched = changes::patched(&svc, &ops);
    let mut changes = vec![changes::service_patch(0, ns, &svc, ops.clone())];
    changes.extend(changes::istio_objects(0, ns, &docs, &gw, &vs));
    let changes = execute::Plan::of(changes);
    if g.dry_run() == DryRun::Client {
        return output::write_manifests(out, g.output().for_manifests(), &changes.manifests());
    }
    let done = execute::execute(g.dry_run(), std::slice::from_ref(c), &changes).await?;
    let mut actions = done.into_iter().map(|r| r.action);
    let (Some(service_action), Some(gw_action), Some(vs_action)) =
        (actions.next(), actions.next(), actions.next())
    else {
        unreachable!("the executor returns a row per change: Service, Gateway, VirtualService")
    };
    if ops.iter().any(|o| serde_json::to_value(o).is_ok_and(|v| v["path"] == "/spec/ports/-")) {
        output::warn(&format!(
            "istioctl and helm upgrades re-render {gw_name} and drop ports added by hand; run this command with \
             --print-config for the IstioOperator or helm values that keep them"
        ));
        let ports = plan.ports.iter().map(|p| p.port.to_string()).collect::<Vec<_>>().join(",");
        output::note(&format!(
            "the other clusters' {gw_name} lack port {ports}, so a multi-cluster `istioctl analyze` reports IST0170 \
             (service ports inconsistent across clusters) for it: expected and harmless, since other clusters reach \
             this port at the gateway's address, never through the Service's name"
        ));
    }
    let node = super::read::node_address(c).await;
    let rows: Vec<ExposeRow> = plan
        .ports
        .iter()
        .map(|p| ExposeRow {
            cluster: c.context.clone(),
            gateway: gw_name.clone(),
            port: p.port,
            port_name: p.port_name.clone(),
            route_to: format!("{}:{}", p.target.host, p.target.port),
            address: manifest::published_address(&patched, p.port, node.as_deref()),
            service: service_action.clone(),
            gateway_object: format!("{} {gw_action}", plan.gateway),
            virtual_service: format!("{} {vs_action}", plan.virtual_service),
        })
        .collect();
    output::print(out, g.output(), &rows)
}

impl Row for ExposeRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec![
            "cluster",
            "gateway",
            "port",
            "route to",
            "address",
            "service",
            "gateway",
            "virtualservice",
        ]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        vec![
            self.cluster.clone(),
            self.gateway.clone(),
            format!("{}/{}", self.port, self.port_name),
            self.route_to.clone(),
            self.address.clone().unwrap_or_else(|| "<pending>".into()),
            self.service.to_string(),
            self.gateway_object.clone(),
            self.virtual_service.clone(),
        ]
    }
}
