//! The gateway Service, edited with a guarded JSON Patch (ports added or removed, the external
//! IPs we added and only those), the address other clusters use, and the install-time config that
//! keeps the port across upgrades. Pure.

use json_patch::PatchOperation;
use k8s_openapi::api::core::v1::{Service, ServicePort};
use serde_json::{json, Value};

use super::manifest::{Exposure, ADDED_IPS_ANNOTATION};
use crate::error::{Error, Result};

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
pub fn service_add_ops(
    svc: &Service,
    ports: &[Exposure],
    external_ip: Option<&str>,
) -> Result<Vec<PatchOperation>> {
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
        (Some(v), false, _) => {
            vec![op(json!({"op": "add", "path": "/metadata/annotations", "value": {key: v}}))]
        }
        (Some(v), true, _) => vec![op(json!({"op": "add", "path": path, "value": v}))],
        (None, _, true) => vec![op(json!({"op": "remove", "path": path}))],
        (None, _, false) => vec![],
    }
}

/// The operations that remove the named ports, and the external IPs the suite added (only those).
/// Indexes are computed against `svc` and removed from the highest down.
pub fn service_remove_ops(
    svc: &Service,
    port_names: &[&str],
    remove_added_ips: bool,
) -> Vec<PatchOperation> {
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
        let mut idx: Vec<usize> =
            ips.iter().enumerate().filter(|(_, ip)| added.contains(ip)).map(|(i, _)| i).collect();
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
    let fmt = crate::net::join_host_port;
    let lb =
        svc.status.as_ref().and_then(|s| s.load_balancer.as_ref()).and_then(|l| l.ingress.as_ref());
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
