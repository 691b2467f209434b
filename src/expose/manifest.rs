//! Pure builders for `mesh-expose`: what to expose (presets), the guarded JSON Patch of the
//! gateway Service, the Gateway and VirtualService, the published address, and the install-time
//! config that keeps the port.

use std::collections::BTreeMap;

use json_patch::PatchOperation;
use k8s_openapi::api::core::v1::{Service, ServicePort};
use serde_json::{json, Value};

use crate::apply::{MANAGED_BY, MANAGED_BY_LABEL};
use crate::error::{Error, Result};
use crate::net::parse_host_port;

/// Annotation on the gateway Service listing the external IPs the suite added (so `--delete`
/// removes only those).
pub const ADDED_IPS_ANNOTATION: &str = "kubectl-mesh.io/external-ips";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Http,
    Tcp,
    Grpc,
}

impl Protocol {
    fn gateway_protocol(self) -> &'static str {
        match self {
            Protocol::Http => "HTTP",
            Protocol::Tcp => "TCP",
            Protocol::Grpc => "GRPC",
        }
    }

    pub fn prefix(self) -> &'static str {
        match self {
            Protocol::Http => "http",
            Protocol::Tcp => "tcp",
            Protocol::Grpc => "grpc",
        }
    }
}

/// Where traffic arriving on a gateway port goes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Target {
    pub host: String,
    pub port: u16,
}

impl Target {
    /// `HOST:PORT`, HOST a DNS name or IP, PORT 1..65535.
    pub fn parse(s: &str) -> Result<Target> {
        let (host, port) = parse_host_port(s, "--to")?;
        Ok(Target { host, port })
    }
}

/// One port published on the gateway.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Exposure {
    /// Service port name, e.g. `http-zipkin`.
    pub port_name: String,
    pub port: u16,
    pub protocol: Protocol,
    pub target: Target,
}

/// What one `mesh-expose` command publishes: Gateway/VirtualService names and ports.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Plan {
    pub gateway: String,
    pub virtual_service: String,
    pub ports: Vec<Exposure>,
}

impl Plan {
    pub fn named(name: &str, ports: Vec<Exposure>) -> Plan {
        Plan { gateway: format!("{name}-gateway"), virtual_service: format!("{name}-vs"), ports }
    }
}

/// The FQDN of a Service, as the guide's VirtualService routes to it.
pub fn service_fqdn(name: &str, ns: &str) -> String {
    format!("{name}.{ns}.svc.cluster.local")
}

fn managed_labels() -> Value {
    json!({ MANAGED_BY_LABEL: MANAGED_BY })
}

/// The Gateway's selector: the gateway Service's `istio` label selector when it has one (what the
/// guide writes), else its whole selector.
pub fn gateway_selector(svc: &Service) -> Result<BTreeMap<String, String>> {
    let sel = svc.spec.as_ref().and_then(|s| s.selector.clone()).unwrap_or_default();
    if sel.is_empty() {
        return Err(Error::msg("the gateway Service has no selector, so no Gateway can select its pods"));
    }
    Ok(match sel.get("istio") {
        Some(v) => [("istio".to_string(), v.clone())].into(),
        None => sel,
    })
}

/// The Gateway for `plan` (apiVersion filled in by the caller from discovery).
pub fn gateway(plan: &Plan, ns: &str, selector: &BTreeMap<String, String>, api_version: &str) -> Value {
    let servers: Vec<Value> = plan
        .ports
        .iter()
        .map(|p| {
            json!({"port": {"name": p.port_name, "number": p.port, "protocol": p.protocol.gateway_protocol()},
                   "hosts": ["*"]})
        })
        .collect();
    json!({"apiVersion": api_version, "kind": "Gateway",
           "metadata": {"name": plan.gateway, "namespace": ns, "labels": managed_labels()},
           "spec": {"selector": selector, "servers": servers}})
}

/// The VirtualService routing each gateway port to its target.
pub fn virtual_service(plan: &Plan, ns: &str, api_version: &str) -> Value {
    let dest = |p: &Exposure| json!({"destination": {"host": p.target.host, "port": {"number": p.target.port}}});
    let mut spec = json!({"hosts": ["*"], "gateways": [plan.gateway]});
    let http: Vec<Value> = plan.ports.iter().filter(|p| p.protocol != Protocol::Tcp).map(|p| {
        if plan.ports.len() == 1 {
            json!({"route": [dest(p)]})
        } else {
            json!({"match": [{"port": p.port}], "route": [dest(p)]})
        }
    }).collect();
    let tcp: Vec<Value> =
        plan.ports.iter().filter(|p| p.protocol == Protocol::Tcp).map(|p| json!({"match": [{"port": p.port}], "route": [dest(p)]})).collect();
    if !http.is_empty() {
        spec["http"] = Value::Array(http);
    }
    if !tcp.is_empty() {
        spec["tcp"] = Value::Array(tcp);
    }
    json!({"apiVersion": api_version, "kind": "VirtualService",
           "metadata": {"name": plan.virtual_service, "namespace": ns, "labels": managed_labels()},
           "spec": spec})
}

/// Istio's expose-istiod.yaml: TLS passthrough on 15012 (xDS) and 15017 (webhooks), for the ports
/// the gateway Service has.
pub fn istiod_objects(ns: &str, selector: &BTreeMap<String, String>, ports: &[u16], api_version: &str) -> (Value, Value) {
    let names = |p: u16| if p == 15012 { "tls-istiod" } else { "tls-istiodwebhook" };
    let servers: Vec<Value> = ports
        .iter()
        .map(|&p| json!({"port": {"name": names(p), "number": p, "protocol": "tls"}, "tls": {"mode": "PASSTHROUGH"}, "hosts": ["*"]}))
        .collect();
    let gw = json!({"apiVersion": api_version, "kind": "Gateway",
        "metadata": {"name": "istiod-gateway", "namespace": ns, "labels": managed_labels()},
        "spec": {"selector": selector, "servers": servers}});
    let tls: Vec<Value> = ports
        .iter()
        .map(|&p| {
            let to = if p == 15012 { 15012 } else { 443 };
            json!({"match": [{"port": p, "sniHosts": ["*"]}],
                   "route": [{"destination": {"host": service_fqdn("istiod", ns), "port": {"number": to}}}]})
        })
        .collect();
    let vs = json!({"apiVersion": api_version, "kind": "VirtualService",
        "metadata": {"name": "istiod-vs", "namespace": ns, "labels": managed_labels()},
        "spec": {"hosts": ["*"], "gateways": ["istiod-gateway"], "tls": tls}});
    (gw, vs)
}

/// Istio's expose-services.yaml: AUTO_PASSTHROUGH on 15443 for `*.local`.
pub fn cross_network_gateway(ns: &str, selector: &BTreeMap<String, String>, api_version: &str) -> Value {
    json!({"apiVersion": api_version, "kind": "Gateway",
        "metadata": {"name": "cross-network-gateway", "namespace": ns, "labels": managed_labels()},
        "spec": {"selector": selector, "servers": [{"port": {"number": 15443, "name": "tls", "protocol": "TLS"},
                 "tls": {"mode": "AUTO_PASSTHROUGH"}, "hosts": ["*.local"]}]}})
}

fn op(v: Value) -> PatchOperation {
    serde_json::from_value(v).expect("a valid JSON Patch operation")
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn ports_of(svc: &Service) -> Vec<ServicePort> {
    svc.spec.as_ref().and_then(|s| s.ports.clone()).unwrap_or_default()
}

/// The operations that add `ports` and `external_ip` to the gateway Service (to be guarded by its
/// resourceVersion). Empty when everything is already there. A port number taken by another name,
/// or a name on another number, is a conflict and nothing is changed.
pub fn service_add_ops(svc: &Service, ports: &[Exposure], external_ip: Option<&str>) -> Result<Vec<PatchOperation>> {
    let existing = ports_of(svc);
    let mut ops = Vec::new();
    for p in ports {
        let same_name = existing.iter().find(|e| e.name.as_deref() == Some(p.port_name.as_str()));
        let same_port = existing.iter().find(|e| e.port == p.port as i32);
        match (same_name, same_port) {
            (Some(a), Some(b)) if a.port == b.port => continue,
            (_, Some(b)) => {
                return Err(Error::msg(format!(
                    "port {} of the gateway Service is already taken by {:?}: pick another with --port",
                    p.port,
                    b.name.clone().unwrap_or_default()
                )))
            }
            (Some(a), None) => {
                return Err(Error::msg(format!(
                    "the gateway Service already has a port named {:?} on {}, not {}: remove it or pick another --port",
                    p.port_name, a.port, p.port
                )))
            }
            (None, None) => ops.push(op(json!({"op": "add", "path": "/spec/ports/-", "value": {
                "name": p.port_name, "port": p.port, "targetPort": p.port, "protocol": "TCP"}}))),
        }
    }
    if let Some(ip) = external_ip {
        let ips = svc.spec.as_ref().and_then(|s| s.external_ips.clone()).unwrap_or_default();
        if !ips.iter().any(|i| i == ip) {
            if svc.spec.as_ref().and_then(|s| s.external_ips.as_ref()).is_some() {
                ops.push(op(json!({"op": "add", "path": "/spec/externalIPs/-", "value": ip})));
            } else {
                ops.push(op(json!({"op": "add", "path": "/spec/externalIPs", "value": [ip]})));
            }
            let mut added = added_ips(svc);
            added.push(ip.to_string());
            ops.extend(set_annotation_ops(svc, ADDED_IPS_ANNOTATION, Some(&added.join(","))));
        }
    }
    Ok(ops)
}

/// External IPs the suite added to this Service.
pub fn added_ips(svc: &Service) -> Vec<String> {
    svc.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(ADDED_IPS_ANNOTATION))
        .map(|v| v.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

fn set_annotation_ops(svc: &Service, key: &str, value: Option<&str>) -> Vec<PatchOperation> {
    let has_map = svc.metadata.annotations.is_some();
    let has_key = svc.metadata.annotations.as_ref().is_some_and(|a| a.contains_key(key));
    let path = format!("/metadata/annotations/{}", escape(key));
    match (value, has_map, has_key) {
        (Some(v), false, _) => vec![op(json!({"op": "add", "path": "/metadata/annotations", "value": {key: v}}))],
        (Some(v), true, _) => vec![op(json!({"op": "add", "path": path, "value": v}))],
        (None, _, true) => vec![op(json!({"op": "remove", "path": path}))],
        (None, _, false) => vec![],
    }
}

/// The operations that remove the named ports, and the external IPs the suite added (only those).
/// Indexes are computed against `svc` and removed from the highest down.
pub fn service_remove_ops(svc: &Service, port_names: &[&str], remove_added_ips: bool) -> Vec<PatchOperation> {
    let mut ops = Vec::new();
    let existing = ports_of(svc);
    let mut idx: Vec<usize> = existing
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name.as_deref().is_some_and(|n| port_names.contains(&n)))
        .map(|(i, _)| i)
        .collect();
    idx.sort_unstable_by(|a, b| b.cmp(a));
    for i in idx {
        ops.push(op(json!({"op": "remove", "path": format!("/spec/ports/{i}")})));
    }
    if remove_added_ips {
        let added = added_ips(svc);
        let ips = svc.spec.as_ref().and_then(|s| s.external_ips.clone()).unwrap_or_default();
        let mut idx: Vec<usize> = ips.iter().enumerate().filter(|(_, ip)| added.contains(ip)).map(|(i, _)| i).collect();
        if !added.is_empty() {
            if idx.len() == ips.len() {
                ops.push(op(json!({"op": "remove", "path": "/spec/externalIPs"})));
            } else {
                idx.sort_unstable_by(|a, b| b.cmp(a));
                for i in idx {
                    ops.push(op(json!({"op": "remove", "path": format!("/spec/externalIPs/{i}")})));
                }
            }
            ops.extend(set_annotation_ops(svc, ADDED_IPS_ANNOTATION, None));
        }
    }
    ops
}

/// The address other clusters should use for `port` on the gateway: the load balancer's ingress
/// (IP or hostname), else an external IP, else (NodePort only) a node address and the node port.
pub fn published_address(svc: &Service, port: u16, node_address: Option<&str>) -> Option<String> {
    let fmt = |host: &str, p: u16| if host.contains(':') { format!("[{host}]:{p}") } else { format!("{host}:{p}") };
    let lb = svc.status.as_ref().and_then(|s| s.load_balancer.as_ref()).and_then(|l| l.ingress.as_ref());
    if let Some(first) = lb.and_then(|i| i.first()) {
        if let Some(h) = first.ip.as_deref().or(first.hostname.as_deref()) {
            return Some(fmt(h, port));
        }
    }
    let spec = svc.spec.as_ref()?;
    if let Some(ip) = spec.external_ips.as_ref().and_then(|v| v.first()) {
        return Some(fmt(ip, port));
    }
    if spec.type_.as_deref() == Some("NodePort") {
        let np = ports_of(svc).into_iter().find(|p| p.port == port as i32)?.node_port?;
        return node_address.map(|n| fmt(n, np as u16));
    }
    None
}

/// IstioOperator and helm values that keep the gateway's ports across upgrades (both re-render
/// the Service from their own values and drop ports added by hand).
pub fn durable_config(gateway: &str, svc: &Service, adding: &[Exposure]) -> String {
    let mut ports: Vec<Value> = ports_of(svc)
        .iter()
        .map(|p| {
            let mut v = json!({"name": p.name, "port": p.port, "protocol": p.protocol.clone().unwrap_or_else(|| "TCP".into())});
            if let Some(t) = &p.target_port {
                v["targetPort"] = serde_json::to_value(t).unwrap_or(Value::Null);
            }
            v
        })
        .collect();
    for a in adding {
        if !ports.iter().any(|p| p["name"] == a.port_name.as_str()) {
            ports.push(json!({"name": a.port_name, "port": a.port, "targetPort": a.port, "protocol": "TCP"}));
        }
    }
    let iop = json!({"apiVersion": "install.istio.io/v1alpha1", "kind": "IstioOperator",
        "spec": {"components": {"ingressGateways": [{"name": gateway, "enabled": true,
            "k8s": {"service": {"ports": ports}}}]}}});
    let helm = json!({"service": {"ports": ports}});
    format!(
        "# IstioOperator overlay (istioctl install -f): the ports list replaces the gateway's, so it lists them all\n{}---\n# helm values of the gateway chart (helm upgrade {gateway} istio/gateway -f)\n{}",
        serde_yaml::to_string(&iop).unwrap_or_default(),
        serde_yaml::to_string(&helm).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(v: Value) -> Service {
        serde_json::from_value(v).unwrap()
    }

    fn eastwest() -> Service {
        svc(json!({"metadata": {"name": "istio-eastwestgateway", "resourceVersion": "7"},
            "spec": {"type": "LoadBalancer", "selector": {"app": "istio-eastwestgateway", "istio": "eastwestgateway"},
            "ports": [{"name": "status-port", "port": 15021}, {"name": "tls", "port": 15443}]}}))
    }

    fn zipkin() -> Exposure {
        Exposure { port_name: "http-zipkin".into(), port: 15018, protocol: Protocol::Http,
                   target: Target { host: service_fqdn("zipkin", "istio-system"), port: 9411 } }
    }

    #[test]
    fn the_guides_gateway_and_virtual_service() {
        let plan = Plan::named("zipkin", vec![zipkin()]);
        let sel = gateway_selector(&eastwest()).unwrap();
        let gw = gateway(&plan, "istio-system", &sel, "networking.istio.io/v1alpha3");
        assert_eq!(gw["metadata"]["name"], "zipkin-gateway");
        assert_eq!(gw["spec"]["selector"], json!({"istio": "eastwestgateway"}));
        assert_eq!(gw["spec"]["servers"], json!([{"port": {"name": "http-zipkin", "number": 15018, "protocol": "HTTP"}, "hosts": ["*"]}]));
        let vs = virtual_service(&plan, "istio-system", "networking.istio.io/v1alpha3");
        assert_eq!(vs["metadata"]["name"], "zipkin-vs");
        assert_eq!(vs["spec"], json!({"hosts": ["*"], "gateways": ["zipkin-gateway"], "http": [{"route": [
            {"destination": {"host": "zipkin.istio-system.svc.cluster.local", "port": {"number": 9411}}}]}]}));
    }

    #[test]
    fn tcp_routes_match_their_port() {
        let p = Exposure { port_name: "tcp-skywalking".into(), port: 11800, protocol: Protocol::Tcp,
                           target: Target { host: "oap.sw.svc.cluster.local".into(), port: 11800 } };
        let vs = virtual_service(&Plan::named("skywalking", vec![p]), "istio-system", "v");
        assert_eq!(vs["spec"]["tcp"][0]["match"], json!([{"port": 11800}]));
        assert!(vs["spec"].get("http").is_none());
    }

    #[test]
    fn adding_a_port_and_an_ip_is_guardable_and_idempotent() {
        let s = eastwest();
        let ops = service_add_ops(&s, &[zipkin()], Some("192.168.229.100")).unwrap();
        let v = serde_json::to_value(&ops).unwrap();
        assert_eq!(v[0], json!({"op": "add", "path": "/spec/ports/-", "value": {"name": "http-zipkin", "port": 15018, "targetPort": 15018, "protocol": "TCP"}}));
        assert_eq!(v[1], json!({"op": "add", "path": "/spec/externalIPs", "value": ["192.168.229.100"]}));
        assert_eq!(v[2]["path"], "/metadata/annotations");
        // Apply it and ask again: nothing to do.
        let mut doc = serde_json::to_value(&s).unwrap();
        json_patch::patch(&mut doc, &ops).unwrap();
        let after: Service = serde_json::from_value(doc).unwrap();
        assert!(service_add_ops(&after, &[zipkin()], Some("192.168.229.100")).unwrap().is_empty());
        assert_eq!(added_ips(&after), ["192.168.229.100"]);
        // And remove exactly that.
        let rm = service_remove_ops(&after, &["http-zipkin"], true);
        let mut doc = serde_json::to_value(&after).unwrap();
        json_patch::patch(&mut doc, &rm).unwrap();
        let back: Service = serde_json::from_value(doc).unwrap();
        assert_eq!(back.spec, s.spec);
        assert!(back.metadata.annotations.unwrap_or_default().is_empty());
    }

    #[test]
    fn conflicts_are_refused() {
        let s = svc(json!({"spec": {"selector": {"istio": "x"}, "ports": [{"name": "other", "port": 15018}, {"name": "http-zipkin", "port": 9999}]}}));
        let e = service_add_ops(&s, &[zipkin()], None).unwrap_err().to_string();
        assert!(e.contains("already taken by \"other\""), "{e}");
        let s = svc(json!({"spec": {"selector": {"istio": "x"}, "ports": [{"name": "http-zipkin", "port": 9999}]}}));
        let e = service_add_ops(&s, &[zipkin()], None).unwrap_err().to_string();
        assert!(e.contains("named \"http-zipkin\" on 9999"), "{e}");
    }

    #[test]
    fn addresses() {
        let mut s = eastwest();
        assert_eq!(published_address(&s, 15018, None), None);
        s.spec.as_mut().unwrap().external_ips = Some(vec!["192.168.229.100".into()]);
        assert_eq!(published_address(&s, 15018, None).as_deref(), Some("192.168.229.100:15018"));
        let lb: Service = svc(json!({"spec": {}, "status": {"loadBalancer": {"ingress": [{"hostname": "a.elb.example"}]}}}));
        assert_eq!(published_address(&lb, 15018, None).as_deref(), Some("a.elb.example:15018"));
        let np = svc(json!({"spec": {"type": "NodePort", "ports": [{"port": 15018, "nodePort": 31018}]}}));
        assert_eq!(published_address(&np, 15018, Some("10.0.0.5")).as_deref(), Some("10.0.0.5:31018"));
    }

    #[test]
    fn targets_and_hosts() {
        assert_eq!(Target::parse("zipkin.istio-system:9411").unwrap().port, 9411);
        assert_eq!(Target::parse("[fd00::1]:9411").unwrap().host, "fd00::1");
        for bad in ["zipkin", "zipkin:0", "zipkin:70000", "bad_host:1", ":9411"] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durable_config_lists_every_port() {
        let c = durable_config("istio-eastwestgateway", &eastwest(), &[zipkin()]);
        assert!(c.contains("kind: IstioOperator") && c.contains("name: http-zipkin") && c.contains("name: status-port"), "{c}");
    }
}
