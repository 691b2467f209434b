//! Pure builders for `mesh-expose`: what to expose, the Gateway and VirtualService (and istiod's and
//! the cross-network ones). The gateway Service's JSON Patch, the published address and the
//! install-time config are in `service_patch`, re-exported here.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Service;
use serde_json::{json, Value};

use crate::apply::managed_labels;
use crate::error::{Error, Result};
use crate::net::parse_host_port;

pub use super::service_patch::*;

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

/// The Gateway's selector: the gateway Service's `istio` label selector when it has one (what the
/// guide writes), else its whole selector.
/// The labels of the pods a Service selects (empty: none).
pub fn pod_selector(svc: &Service) -> BTreeMap<String, String> {
    svc.spec.as_ref().and_then(|s| s.selector.clone()).unwrap_or_default()
}

pub fn gateway_selector(svc: &Service) -> Result<BTreeMap<String, String>> {
    let sel = pod_selector(svc);
    if sel.is_empty() {
        return Err(Error::msg(
            "the gateway Service has no selector, so no Gateway can select its pods",
        ));
    }
    Ok(match sel.get("istio") {
        Some(v) => [("istio".to_string(), v.clone())].into(),
        None => sel,
    })
}

/// The Gateway for `plan` (apiVersion filled in by the caller from discovery).
pub fn gateway(
    plan: &Plan,
    ns: &str,
    selector: &BTreeMap<String, String>,
    api_version: &str,
) -> Value {
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
    let http: Vec<Value> = plan
        .ports
        .iter()
        .filter(|p| p.protocol != Protocol::Tcp)
        .map(|p| {
            if plan.ports.len() == 1 {
                json!({"route": [dest(p)]})
            } else {
                json!({"match": [{"port": p.port}], "route": [dest(p)]})
            }
        })
        .collect();
    let tcp: Vec<Value> = plan
        .ports
        .iter()
        .filter(|p| p.protocol == Protocol::Tcp)
        .map(|p| json!({"match": [{"port": p.port}], "route": [dest(p)]}))
        .collect();
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
pub fn istiod_objects(
    ns: &str,
    selector: &BTreeMap<String, String>,
    ports: &[u16],
    api_version: &str,
) -> (Value, Value) {
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
pub fn cross_network_gateway(
    ns: &str,
    selector: &BTreeMap<String, String>,
    api_version: &str,
) -> Value {
    json!({"apiVersion": api_version, "kind": "Gateway",
        "metadata": {"name": "cross-network-gateway", "namespace": ns, "labels": managed_labels()},
        "spec": {"selector": selector, "servers": [{"port": {"number": 15443, "name": "tls", "protocol": "TLS"},
                 "tls": {"mode": "AUTO_PASSTHROUGH"}, "hosts": ["*.local"]}]}})
}

/// Whether an Istio Gateway (`spec.selector`) picks the pods of a gateway Service whose pod
/// selector is `pods`: every label it asks for, with the same value.
pub fn selects(gateway: &Value, pods: &BTreeMap<String, String>) -> bool {
    let sel = gateway["spec"]["selector"].as_object();
    sel.is_some_and(|m| {
        !m.is_empty() && m.iter().all(|(k, v)| pods.get(k).map(String::as_str) == v.as_str())
    })
}

/// The Gateways besides `leaving` still published on the gateway Service `svc`: while one is, the
/// external IPs the suite added there still carry its traffic and are kept (ours or not, a Gateway
/// on that Service is reached at its address).
pub fn still_published(svc: &Service, gateways: &[(String, Value)], leaving: &str) -> Vec<String> {
    let pods = pod_selector(svc);
    gateways
        .iter()
        .filter(|(name, g)| name != leaving && selects(g, &pods))
        .map(|(name, _)| name.clone())
        .collect()
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
        Exposure {
            port_name: "http-zipkin".into(),
            port: 15018,
            protocol: Protocol::Http,
            target: Target { host: service_fqdn("zipkin", "istio-system"), port: 9411 },
        }
    }

    #[test]
    fn the_guides_gateway_and_virtual_service() {
        let plan = Plan::named("zipkin", vec![zipkin()]);
        let sel = gateway_selector(&eastwest()).unwrap();
        let gw = gateway(&plan, "istio-system", &sel, "networking.istio.io/v1alpha3");
        assert_eq!(gw["metadata"]["name"], "zipkin-gateway");
        assert_eq!(gw["spec"]["selector"], json!({"istio": "eastwestgateway"}));
        assert_eq!(
            gw["spec"]["servers"],
            json!([{"port": {"name": "http-zipkin", "number": 15018, "protocol": "HTTP"}, "hosts": ["*"]}])
        );
        let vs = virtual_service(&plan, "istio-system", "networking.istio.io/v1alpha3");
        assert_eq!(vs["metadata"]["name"], "zipkin-vs");
        assert_eq!(
            vs["spec"],
            json!({"hosts": ["*"], "gateways": ["zipkin-gateway"], "http": [{"route": [
            {"destination": {"host": "zipkin.istio-system.svc.cluster.local", "port": {"number": 9411}}}]}]})
        );
    }

    #[test]
    fn tcp_routes_match_their_port() {
        let p = Exposure {
            port_name: "tcp-skywalking".into(),
            port: 11800,
            protocol: Protocol::Tcp,
            target: Target { host: "oap.sw.svc.cluster.local".into(), port: 11800 },
        };
        let vs = virtual_service(&Plan::named("skywalking", vec![p]), "istio-system", "v");
        assert_eq!(vs["spec"]["tcp"][0]["match"], json!([{"port": 11800}]));
        assert!(vs["spec"].get("http").is_none());
    }

    #[test]
    fn adding_a_port_and_an_ip_is_guardable_and_idempotent() {
        let s = eastwest();
        let ops = service_add_ops(&s, &[zipkin()], Some("192.168.229.100")).unwrap();
        let v = serde_json::to_value(&ops).unwrap();
        assert_eq!(
            v[0],
            json!({"op": "add", "path": "/spec/ports/-", "value": {"name": "http-zipkin", "port": 15018, "targetPort": 15018, "protocol": "TCP"}})
        );
        assert_eq!(
            v[1],
            json!({"op": "add", "path": "/spec/externalIPs", "value": ["192.168.229.100"]})
        );
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
        let s = svc(
            json!({"spec": {"selector": {"istio": "x"}, "ports": [{"name": "other", "port": 15018}, {"name": "http-zipkin", "port": 9999}]}}),
        );
        let e = service_add_ops(&s, &[zipkin()], None).unwrap_err().to_string();
        assert!(e.contains("already taken by \"other\""), "{e}");
        let s = svc(
            json!({"spec": {"selector": {"istio": "x"}, "ports": [{"name": "http-zipkin", "port": 9999}]}}),
        );
        let e = service_add_ops(&s, &[zipkin()], None).unwrap_err().to_string();
        assert!(e.contains("named \"http-zipkin\" on 9999"), "{e}");
    }

    #[test]
    fn addresses() {
        let mut s = eastwest();
        assert_eq!(published_address(&s, 15018, None), None);
        s.spec.as_mut().unwrap().external_ips = Some(vec!["192.168.229.100".into()]);
        assert_eq!(published_address(&s, 15018, None).as_deref(), Some("192.168.229.100:15018"));
        let lb: Service = svc(
            json!({"spec": {}, "status": {"loadBalancer": {"ingress": [{"hostname": "a.elb.example"}]}}}),
        );
        assert_eq!(published_address(&lb, 15018, None).as_deref(), Some("a.elb.example:15018"));
        let np = svc(
            json!({"spec": {"type": "NodePort", "ports": [{"port": 15018, "nodePort": 31018}]}}),
        );
        assert_eq!(
            published_address(&np, 15018, Some("10.0.0.5")).as_deref(),
            Some("10.0.0.5:31018")
        );
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
    fn an_added_address_stays_while_another_gateway_is_published_on_it() {
        let s = eastwest();
        let gw = |sel: Value| json!({"spec": {"selector": sel}});
        let gateways = vec![
            ("zipkin-gateway".to_string(), gw(json!({"istio": "eastwestgateway"}))),
            ("cross-network-gateway".to_string(), gw(json!({"istio": "eastwestgateway"}))),
            ("ingress".to_string(), gw(json!({"istio": "ingressgateway"}))),
            ("everything".to_string(), gw(json!({}))),
        ];
        assert_eq!(still_published(&s, &gateways, "zipkin-gateway"), ["cross-network-gateway"]);
        assert_eq!(still_published(&s, &gateways[..1], "zipkin-gateway"), Vec::<String>::new());
        let pods = s.spec.clone().unwrap().selector.unwrap();
        assert!(selects(
            &gw(json!({"app": "istio-eastwestgateway", "istio": "eastwestgateway"})),
            &pods
        ));
        assert!(!selects(&gw(json!({"app": "istio-eastwestgateway", "istio": "other"})), &pods));
    }

    #[test]
    fn durable_config_lists_every_port() {
        let c = durable_config("istio-eastwestgateway", &eastwest(), &[zipkin()]);
        assert!(
            c.contains("kind: IstioOperator")
                && c.contains("name: http-zipkin")
                && c.contains("name: status-port"),
            "{c}"
        );
    }
}
