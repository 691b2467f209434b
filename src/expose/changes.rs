//! The changes `mesh-expose` makes in one cluster, decided from what it read (pure): the gateway
//! Service's guarded patch, the Istio objects to apply, and what `--delete` removes or keeps.

use json_patch::PatchOperation;
use k8s_openapi::api::core::v1::Service;
use kube::api::{ApiResource, DynamicObject, ObjectMeta};
use serde_json::Value;

use super::manifest::{self, Plan};
use crate::apply;
use crate::execute::{Change, Target};
use crate::outcome::Outcome;

/// The gateway Service's patch, guarded by the resourceVersion read; a row saying "unchanged" when
/// there is nothing to add or remove.
pub fn service_patch(i: usize, ns: &str, svc: &Service, ops: Vec<PatchOperation>) -> Change {
    let name = svc.metadata.name.clone().unwrap_or_default();
    let t = Target::of::<Service>(Some(ns), &name);
    if ops.is_empty() {
        return Change::found(i, t.object(), Outcome::Unchanged);
    }
    let rv = svc.metadata.resource_version.as_deref().unwrap_or_default();
    Change::patch(i, t, apply::guarded(rv, ops))
}

/// The Service as it is once `ops` are applied: where the row says it is published.
pub fn patched(svc: &Service, ops: &[PatchOperation]) -> Service {
    let mut v = serde_json::to_value(svc).unwrap_or_default();
    match json_patch::patch(&mut v, ops) {
        Ok(()) => serde_json::from_value(v).unwrap_or_else(|_| svc.clone()),
        Err(_) => svc.clone(),
    }
}

/// Each Istio object applied unless the cluster's already says all of it (`docs` are Gateways
/// and VirtualServices, `gw` and `vs` their kinds as the cluster serves them).
pub fn istio_objects(
    i: usize,
    ns: &str,
    docs: &[Value],
    gw: &ApiResource,
    vs: &ApiResource,
) -> Vec<Change> {
    docs.iter()
        .map(|d| {
            let kind = if d["kind"] == "Gateway" { gw } else { vs };
            let name = d["metadata"]["name"].as_str().unwrap_or_default();
            Change::apply_if_changed(i, Target::with(kind, Some(ns), name), d.clone())
        })
        .collect()
}

/// What `--delete` of `plan` reads in one cluster.
pub struct Published<'a> {
    pub ns: &'a str,
    pub svc: &'a Service,
    /// Every Istio Gateway in the namespace.
    pub gateways: &'a [DynamicObject],
    /// The plan's VirtualService, if there is one.
    pub virtual_service: Option<&'a ObjectMeta>,
    pub gw: &'a ApiResource,
    pub vs: &'a ApiResource,
}

/// `--delete`: the ports the plan added come off the Service; its Gateway and VirtualService go if
/// the suite made them. An external IP the suite added stays while another Gateway (ours or not)
/// is published on this Service, and the row says which.
pub fn unpublish(i: usize, p: &Published, plan: &Plan) -> Vec<Change> {
    let names: Vec<&str> = plan.ports.iter().map(|e| e.port_name.as_str()).collect();
    let gateways: Vec<(String, Value)> = p
        .gateways
        .iter()
        .map(|g| (g.metadata.name.clone().unwrap_or_default(), g.data.clone()))
        .collect();
    let users = manifest::still_published(p.svc, &gateways, &plan.gateway);
    let ops = manifest::service_remove_ops(p.svc, &names, users.is_empty());
    let mut changes = vec![service_patch(i, p.ns, p.svc, ops)];
    let gw = p.gateways.iter().find(|g| g.metadata.name.as_deref() == Some(&plan.gateway));
    let target = Target::with(p.gw, Some(p.ns), &plan.gateway);
    changes.extend(Change::delete_if_ours(i, target, gw.map(|g| &g.metadata)));
    if !plan.virtual_service.is_empty() {
        let target = Target::with(p.vs, Some(p.ns), &plan.virtual_service);
        changes.extend(Change::delete_if_ours(i, target, p.virtual_service));
    }
    if !users.is_empty() {
        let why = format!("(still used by {})", users.join(", "));
        changes.extend(manifest::added_ips(p.svc).into_iter().map(|ip| {
            Change::found(i, format!("externalip/{ip}"), Outcome::Kept).detail(why.clone())
        }));
    }
    changes
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::cli::DryRun;
    use crate::execute::{Op, Plan as Changes};

    fn ar(kind: &str, plural: &str) -> ApiResource {
        ApiResource {
            group: "networking.istio.io".into(),
            version: "v1".into(),
            api_version: "networking.istio.io/v1".into(),
            kind: kind.into(),
            plural: plural.into(),
        }
    }

    /// The east-west gateway with zipkin's port and an external IP the suite added.
    fn eastwest() -> Service {
        serde_json::from_value(json!({
            "metadata": {"name": "istio-eastwestgateway", "resourceVersion": "7",
                "annotations": {manifest::ADDED_IPS_ANNOTATION: "192.0.2.10"}},
            "spec": {"selector": {"istio": "eastwestgateway"}, "externalIPs": ["192.0.2.10"],
                "ports": [{"name": "tls", "port": 15443}, {"name": "http-zipkin", "port": 15018}]}
        }))
        .unwrap()
    }

    fn gateway(name: &str, ours: bool) -> DynamicObject {
        let labels =
            if ours { json!({apply::MANAGED_BY_LABEL: apply::MANAGED_BY}) } else { json!({}) };
        serde_json::from_value(json!({
            "apiVersion": "networking.istio.io/v1", "kind": "Gateway",
            "metadata": {"name": name, "uid": format!("uid-{name}"), "labels": labels},
            "spec": {"selector": {"istio": "eastwestgateway"}}
        }))
        .unwrap()
    }

    fn zipkin() -> Plan {
        let e = manifest::Exposure {
            port_name: "http-zipkin".into(),
            port: 15018,
            protocol: manifest::Protocol::Http,
            target: manifest::Target { host: "zipkin".into(), port: 9411 },
        };
        Plan::named("zipkin", vec![e])
    }

    fn rows(changes: Vec<Change>) -> Vec<String> {
        Changes::of(changes)
            .rows(&["c".into()], DryRun::None)
            .iter()
            .map(|r| format!("{} {}", r.object, r.action))
            .collect()
    }

    #[test]
    fn delete_keeps_an_ip_another_gateway_still_uses() {
        let (svc, gw, vs) =
            (eastwest(), ar("Gateway", "gateways"), ar("VirtualService", "virtualservices"));
        let gateways = [gateway("zipkin-gateway", true), gateway("cross-network-gateway", false)];
        let vs_meta = ObjectMeta { name: Some("zipkin-vs".into()), ..Default::default() };
        let p = Published {
            ns: "istio-system",
            svc: &svc,
            gateways: &gateways,
            virtual_service: Some(&vs_meta),
            gw: &gw,
            vs: &vs,
        };
        let changes = unpublish(0, &p, &zipkin());
        let Op::Patch(_, patch) = &changes[0].op else { panic!("{changes:#?}") };
        let text = serde_json::to_string(patch).unwrap();
        assert!(text.contains("/spec/ports/1") && !text.contains("externalIPs"), "{text}");
        assert_eq!(
            changes[1].op,
            Op::Delete(
                Target::with(&gw, Some("istio-system"), "zipkin-gateway"),
                Some("uid-zipkin-gateway".into())
            )
        );
        assert_eq!(
            rows(changes),
            [
                "service/istio-eastwestgateway patched",
                "gateway/zipkin-gateway deleted",
                "virtualservice/zipkin-vs kept (not created by kubectl-mesh)",
                "externalip/192.0.2.10 kept (still used by cross-network-gateway)",
            ]
        );
    }

    #[test]
    fn the_last_gateway_takes_the_ip_with_it_and_absent_objects_make_no_row() {
        let (svc, gw, vs) =
            (eastwest(), ar("Gateway", "gateways"), ar("VirtualService", "virtualservices"));
        let p = Published {
            ns: "istio-system",
            svc: &svc,
            gateways: &[],
            virtual_service: None,
            gw: &gw,
            vs: &vs,
        };
        let changes = unpublish(0, &p, &zipkin());
        let Op::Patch(_, patch) = &changes[0].op else { panic!("{changes:#?}") };
        assert!(serde_json::to_string(patch).unwrap().contains("externalIPs"));
        assert_eq!(rows(changes), ["service/istio-eastwestgateway patched"]);
    }

    #[test]
    fn a_patch_with_nothing_to_do_is_a_row_and_no_write() {
        let svc = eastwest();
        let c = service_patch(0, "istio-system", &svc, vec![]);
        assert_eq!((c.op, c.outcome), (Op::Nothing, Outcome::Unchanged));
        let add = manifest::service_add_ops(&svc, &[], Some("192.0.2.11")).unwrap();
        let after = patched(&svc, &add);
        let ips = after.spec.unwrap().external_ips.unwrap();
        assert!(ips.contains(&"192.0.2.11".to_string()), "{ips:?}");
    }
}
