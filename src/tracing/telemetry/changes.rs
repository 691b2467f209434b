//! What telemetry mode's `set` and `unset` change in one control plane's cluster, decided from
//! what [`super::read`] found there (pure): the mesh config's provider entry, the ServiceEntry of a
//! collector the registry does not know, and the mesh-wide Telemetry.

use kube::api::DynamicObject;
use serde_json::{json, Value};

use super::build::{self, Collector, Provider, SERVICE_ENTRY, TELEMETRY};
use super::Read;
use crate::apply;
use crate::error::Result;
use crate::execute::{Change, Target};
use crate::outcome::Outcome;
use crate::tracing::mesh_edit::mesh_change;
use crate::tracing::plan::Edit;

/// The row of a remote cluster: its primary's istiod configures it.
pub fn remote(i: usize) -> Change {
    Change::not_done(i, "-", "none: configured by its primary's istiod")
}

/// The flags of `set` for one cluster.
pub struct SetArgs<'a> {
    pub collector: &'a Collector,
    pub port: u16,
    pub provider: Provider,
    /// `None`: keep the mesh-wide Telemetry's sampling (else 100%).
    pub sampling: Option<f64>,
    /// `None`: keep the tag the Telemetry has.
    pub cluster_tag: Option<&'a str>,
}

fn live(o: Option<&DynamicObject>) -> Option<Value> {
    o.and_then(|o| serde_json::to_value(o).ok())
}

/// `set`: our provider in the mesh config, the ServiceEntry where the collector needs one (else
/// ours goes), and the mesh-wide Telemetry naming the provider (only its tracing, when the mesh
/// already has a Telemetry that is not ours).
pub fn set(i: usize, ns: &str, cm_name: &str, r: &Read, a: &SetArgs) -> Result<Vec<Change>> {
    let host = a.collector.service_host();
    let edit = Edit::Provider { provider: a.provider, host: host.clone(), port: a.port };
    let mut v = vec![mesh_change(i, ns, cm_name, &r.mesh, &edit)?];
    let se_target = Target::with(&r.se_ar, Some(ns), SERVICE_ENTRY);
    match build::service_entry(ns, a.collector, a.port, a.provider) {
        Some(mut se) => {
            se["apiVersion"] = r.se_ar.api_version.clone().into();
            v.push(Change::apply_over(i, se_target, se, live(r.service_entry.as_ref()).as_ref()));
        }
        None => v.extend(Change::delete_if_ours(
            i,
            se_target,
            r.service_entry.as_ref().map(|s| &s.metadata),
        )),
    }
    let first = r.telemetry.as_ref().map(|t| &t.data["spec"]["tracing"][0]);
    let pct = a.sampling.or(first.and_then(|t| t["randomSamplingPercentage"].as_f64()));
    let pct = pct.unwrap_or(100.0);
    let tag = a.cluster_tag.map(str::to_string).or_else(|| first.and_then(build::cluster_tag_of));
    let tag = tag.as_deref();
    let tel = match &r.telemetry {
        Some(t) if !apply::is_ours(t) => json!({
            "apiVersion": r.tel_ar.api_version, "kind": "Telemetry",
            "metadata": {"name": t.metadata.name, "namespace": r.root_ns},
            "spec": {"tracing": build::tracing_spec(pct, tag)},
        }),
        _ => {
            let mut t = build::telemetry(&r.root_ns, pct, tag);
            t["apiVersion"] = r.tel_ar.api_version.clone().into();
            t
        }
    };
    let name = tel["metadata"]["name"].as_str().unwrap_or(TELEMETRY).to_string();
    let target = Target::with(&r.tel_ar, Some(&r.root_ns), &name);
    let said = format!(
        "({} {host}:{}, {pct}%{})",
        a.provider.key(),
        a.port,
        tag.map(|t| format!(", tag {t}")).unwrap_or_default()
    );
    v.push(Change::apply_over(i, target, tel, live(r.telemetry.as_ref()).as_ref()).detail(said));
    Ok(v)
}

/// `unset`: our provider leaves the mesh config, our ServiceEntry goes, and so does our Telemetry;
/// a Telemetry that is not ours only loses our provider's entries from its tracing.
pub fn unset(i: usize, ns: &str, cm_name: &str, r: &Read) -> Result<Vec<Change>> {
    let mut v = vec![mesh_change(i, ns, cm_name, &r.mesh, &Edit::NoProvider)?];
    let se = Target::with(&r.se_ar, Some(ns), SERVICE_ENTRY);
    v.extend(Change::delete_if_ours(i, se, r.service_entry.as_ref().map(|s| &s.metadata)));
    let Some(t) = &r.telemetry else { return Ok(v) };
    let name = t.metadata.name.clone().unwrap_or_default();
    let target = Target::with(&r.tel_ar, Some(&r.root_ns), &name);
    if apply::is_ours(t) {
        v.extend(Change::delete_if_ours(i, target, Some(&t.metadata)));
    } else if let Some(rest) = super::tracing_without_ours(t) {
        let op = match rest.as_array().is_some_and(Vec::is_empty) {
            true => json!({"op": "remove", "path": "/spec/tracing"}),
            false => json!({"op": "replace", "path": "/spec/tracing", "value": rest}),
        };
        let op = serde_json::from_value(op).expect("a valid JSON Patch operation");
        let rv = t.metadata.resource_version.as_deref().unwrap_or_default();
        v.push(Change::patch(i, target, apply::guarded(rv, vec![op])));
    } else {
        v.push(Change::found(i, target.object(), Outcome::Unchanged));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use kube::api::ApiResource;

    use super::*;
    use crate::cli::DryRun;
    use crate::execute::{Op, Plan};

    fn ar(group: &str, kind: &str, plural: &str) -> ApiResource {
        ApiResource {
            group: group.into(),
            version: "v1".into(),
            api_version: format!("{group}/v1"),
            kind: kind.into(),
            plural: plural.into(),
        }
    }

    fn telemetry(name: &str, ours: bool, tracing: Value) -> DynamicObject {
        let labels =
            if ours { json!({apply::MANAGED_BY_LABEL: apply::MANAGED_BY}) } else { json!({}) };
        serde_json::from_value(json!({
            "apiVersion": "telemetry.istio.io/v1", "kind": "Telemetry",
            "metadata": {"name": name, "namespace": "istio-system", "resourceVersion": "9", "uid": "u", "labels": labels},
            "spec": {"tracing": tracing, "accessLogging": [{"providers": [{"name": "envoy"}]}]}
        }))
        .unwrap()
    }

    fn read(tel: Option<DynamicObject>) -> Read {
        Read {
            se_ar: ar("networking.istio.io", "ServiceEntry", "serviceentries"),
            tel_ar: ar("telemetry.istio.io", "Telemetry", "telemetries"),
            root_ns: "istio-system".into(),
            telemetry: tel,
            service_entry: None,
            mesh: crate::tracing::meshconfig::parse("defaultConfig: {}\n").unwrap(),
        }
    }

    fn rows(v: Vec<Change>, run: DryRun) -> Vec<String> {
        Plan::of(v)
            .rows(&["c".into()], run)
            .iter()
            .map(|r| format!("{} {}", r.object, r.action))
            .collect()
    }

    fn zipkin() -> Collector {
        Collector::Service { fqdn: "zipkin.istio-system.svc.cluster.local".into() }
    }

    #[test]
    fn set_keeps_the_sampling_of_the_mesh_wide_telemetry_it_takes_over() {
        let theirs = telemetry(
            "mesh-default",
            false,
            json!([{"providers": [{"name": "other"}], "randomSamplingPercentage": 5.0}]),
        );
        let a = SetArgs {
            collector: &zipkin(),
            port: 9411,
            provider: Provider::Zipkin,
            sampling: None,
            cluster_tag: None,
        };
        let v = set(0, "istio-system", "istio", &read(Some(theirs)), &a).unwrap();
        let Op::Apply(t, tel) = &v[1].op else { panic!("{v:#?}") };
        assert_eq!(t.object(), "telemetry/mesh-default");
        assert_eq!(tel["spec"]["tracing"][0]["randomSamplingPercentage"], 5.0);
        assert!(tel["spec"].get("accessLogging").is_none(), "only its tracing is ours: {tel}");
        assert_eq!(
            rows(v, DryRun::Client),
            [
                "configmap/istio would update (dry run)",
                "telemetry/mesh-default would configure (zipkin zipkin.istio-system.svc.cluster.local:9411, 5%) (dry run)"
            ]
        );
    }

    #[test]
    fn a_rerun_of_set_plans_no_write() {
        let a = SetArgs {
            collector: &zipkin(),
            port: 9411,
            provider: Provider::Zipkin,
            sampling: Some(100.0),
            cluster_tag: None,
        };
        let first = set(0, "istio-system", "istio", &read(None), &a).unwrap();
        let Op::Apply(_, tel) = &first[1].op else { panic!("{first:#?}") };
        let mut applied: DynamicObject = serde_json::from_value(tel.clone()).unwrap();
        applied.metadata.resource_version = Some("1".into());
        let mut r = read(Some(applied));
        let Op::Edit(_, edit) = &first[0].op else { panic!("{first:#?}") };
        let mut cm =
            json!({"metadata": {"name": "istio"}, "data": {"mesh": "defaultConfig: {}\n"}});
        let ops = (edit.0)(&cm).unwrap();
        json_patch::patch(&mut cm, &ops).unwrap();
        r.mesh = crate::tracing::meshconfig::parse(cm["data"]["mesh"].as_str().unwrap()).unwrap();
        let again = set(0, "istio-system", "istio", &r, &a).unwrap();
        assert!(again.iter().all(|c| c.op == Op::Nothing), "{again:#?}");
        assert!(Plan::of(again).access(0).is_empty());
    }

    #[test]
    fn unset_takes_only_our_entries_out_of_a_telemetry_that_is_not_ours() {
        let ours = json!({"providers": [{"name": build::PROVIDER}]});
        let other = json!({"providers": [{"name": "other"}]});
        let theirs = telemetry("mesh-default", false, json!([other.clone(), ours.clone()]));
        let v = unset(0, "istio-system", "istio", &read(Some(theirs))).unwrap();
        let Op::Patch(_, p) = &v.last().unwrap().op else { panic!("{v:#?}") };
        let p = serde_json::to_value(p).unwrap();
        assert_eq!(p[1], json!({"op": "replace", "path": "/spec/tracing", "value": [other]}));
        let only_ours = telemetry("mesh-default", false, json!([ours]));
        let v = unset(0, "istio-system", "istio", &read(Some(only_ours))).unwrap();
        let Op::Patch(_, p) = &v.last().unwrap().op else { panic!("{v:#?}") };
        assert_eq!(serde_json::to_value(p).unwrap()[1]["op"], "remove");
        let mine = telemetry(TELEMETRY, true, json!([{"providers": [{"name": build::PROVIDER}]}]));
        let v = unset(0, "istio-system", "istio", &read(Some(mine))).unwrap();
        assert!(matches!(v.last().unwrap().op, Op::Delete(..)), "{v:#?}");
        assert_eq!(
            rows(vec![remote(0)], DryRun::None),
            ["- none: configured by its primary's istiod"]
        );
    }
}
