//! Reads one control plane's cluster for `view` (the Telemetry API side of `show` and `doctor`):
//! every Telemetry with tracing, istiod's `PILOT_TRACE_SAMPLING`, and whether our provider's host
//! is a Service or a ServiceEntry host there (what istiod's registry resolves it from).

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Service;
use kube::api::{Api, DynamicObject, ListParams};

use super::build;
use super::view::{self, TracingRule, View};
use crate::cluster::Cluster;
use crate::error::{Context as _, Result};
use crate::istio::{self, IstioKind};

/// `None` where the cluster does not serve the Telemetry API. `revision`: the istiod whose env is
/// read (`istio.io/rev`), none for the default one.
pub async fn view(
    c: &Cluster,
    istio_ns: &str,
    mesh: &serde_yaml::Value,
    revision: Option<&str>,
) -> Result<Option<View>> {
    let Some(ar) = istio::resource_opt(c, IstioKind::Telemetry).await? else { return Ok(None) };
    let root = mesh
        .get("rootNamespace")
        .and_then(serde_yaml::Value::as_str)
        .unwrap_or(istio_ns)
        .to_string();
    let all: Api<DynamicObject> = Api::all_with(c.client.clone(), &ar);
    let mut items = all
        .list(&ListParams::default())
        .await
        .ctx(|| format!("list Telemetries in {}", c.context))?
        .items;
    items.sort_by(|a, b| a.metadata.creation_timestamp.cmp(&b.metadata.creation_timestamp));
    let rules: Vec<TracingRule> = items.iter().filter_map(TracingRule::from_object).collect();
    let labels = match revision {
        Some(r) => format!("app=istiod,istio.io/rev={r}"),
        None => "app=istiod".into(),
    };
    let deps = Api::<Deployment>::namespaced(c.client.clone(), istio_ns)
        .list(&ListParams::default().labels(&labels))
        .await
        .ctx(|| format!("list istiod Deployments in {istio_ns} in {}", c.context))?;
    let env = deps
        .items
        .iter()
        .flat_map(|d| {
            d.spec.iter().flat_map(|s| s.template.spec.iter().flat_map(|p| p.containers.iter()))
        })
        .find(|c| c.name == "discovery")
        .map(|c| &c.env);
    let pilot_trace_sampling =
        env.and_then(|e| view::pilot_trace_sampling(&serde_json::to_value(e).unwrap_or_default()));
    let provider_host = build::provider_in(mesh).map(|(_, host, _)| host);
    let provider_resolves = match &provider_host {
        Some(h) => resolves(c, h).await?,
        None => false,
    };
    Ok(Some(View {
        root_namespace: root,
        rules,
        pilot_trace_sampling,
        provider_host,
        provider_resolves,
    }))
}

/// Whether `host` is a Service of the cluster or a ServiceEntry host in it.
async fn resolves(c: &Cluster, host: &str) -> Result<bool> {
    if let Some((ns, name)) =
        build::service_of(host).filter(|_| host.ends_with(".svc.cluster.local"))
    {
        let found = Api::<Service>::namespaced(c.client.clone(), &ns)
            .get_opt(&name)
            .await
            .ctx(|| format!("get Service {ns}/{name} in {}", c.context))?;
        if found.is_some() {
            return Ok(true);
        }
    }
    let Some(ar) = istio::resource_opt(c, IstioKind::ServiceEntry).await? else { return Ok(false) };
    let entries = Api::<DynamicObject>::all_with(c.client.clone(), &ar)
        .list(&ListParams::default())
        .await
        .ctx(|| format!("list ServiceEntries in {}", c.context))?;
    Ok(entries
        .items
        .iter()
        .any(|se| se.data["spec"]["hosts"].as_array().is_some_and(|h| h.iter().any(|x| x == host))))
}
