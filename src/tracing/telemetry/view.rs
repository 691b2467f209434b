//! What a control plane's cluster says about tracing through the Telemetry API, and what follows
//! from it (pure): every Telemetry's tracing rule, the sampling in effect and where it comes from,
//! and the rules that silently undo the mesh-wide one. `show` and `doctor` use it.

use kube::api::DynamicObject;
use serde::Serialize;
use serde_json::Value;
use serde_yaml::Value as Yaml;

/// istiod's `PILOT_TRACE_SAMPLING` when its env does not set one.
pub const ISTIOD_DEFAULT_SAMPLING: f64 = 1.0;

/// One Telemetry's first `tracing` entry (the one istiod uses).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TracingRule {
    pub namespace: String,
    pub name: String,
    /// A `selector` or `targetRef(s)`: it applies to some workloads only.
    pub targeted: bool,
    pub providers: Vec<String>,
    pub sampling: Option<f64>,
    pub disabled: bool,
}

impl TracingRule {
    /// `None` for a Telemetry without tracing.
    pub fn from_object(t: &DynamicObject) -> Option<TracingRule> {
        let spec = &t.data["spec"];
        let first = spec["tracing"].as_array()?.first()?;
        let set = |k: &str| spec.get(k).is_some_and(|v| !v.is_null());
        Some(TracingRule {
            namespace: t.metadata.namespace.clone().unwrap_or_default(),
            name: t.metadata.name.clone().unwrap_or_default(),
            targeted: set("selector") || set("targetRef") || set("targetRefs"),
            providers: first["providers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["name"].as_str().map(str::to_string))
                .collect(),
            sampling: first["randomSamplingPercentage"].as_f64(),
            disabled: first["disableSpanReporting"].as_bool() == Some(true),
        })
    }

    pub fn id(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// The Telemetry side of one control plane's cluster.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    pub root_namespace: String,
    /// Every Telemetry with tracing, oldest first.
    pub rules: Vec<TracingRule>,
    /// istiod's `PILOT_TRACE_SAMPLING`, from its Deployment.
    pub pilot_trace_sampling: Option<f64>,
    /// Our provider's host, and whether the cluster has a Service or ServiceEntry for it.
    pub provider_host: Option<String>,
    pub provider_resolves: bool,
}

impl View {
    /// Keep the root namespace's rules and those of `namespaces` (where the control plane's
    /// proxies run); a Telemetry elsewhere configures no proxy of this mesh.
    pub fn only_namespaces(&mut self, namespaces: &std::collections::BTreeSet<String>) {
        let root = self.root_namespace.clone();
        self.rules.retain(|r| r.namespace == root || namespaces.contains(&r.namespace));
    }

    /// The mesh-wide rule: the oldest untargeted one in the root namespace.
    pub fn mesh_wide(&self) -> Option<&TracingRule> {
        self.rules.iter().find(|r| r.namespace == self.root_namespace && !r.targeted)
    }

    /// Untargeted rules outside the root namespace: namespace-wide, not mesh-wide.
    pub fn namespace_wide(&self) -> impl Iterator<Item = &TracingRule> {
        self.rules.iter().filter(|r| r.namespace != self.root_namespace && !r.targeted)
    }

    /// Namespace-wide rules that turn the mesh-wide provider off for their namespace: other
    /// providers, or span reporting disabled.
    pub fn shadowing(&self, provider: &str) -> Vec<&TracingRule> {
        self.namespace_wide()
            .filter(|r| {
                r.disabled
                    || (!r.providers.is_empty() && !r.providers.iter().any(|p| p == provider))
            })
            .collect()
    }
}

/// The sampling istiod configures, and where the value comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sampling {
    /// `None`: the provider samples by itself.
    pub percent: Option<f64>,
    pub from: String,
}

impl Sampling {
    pub fn text(&self) -> String {
        match self.percent {
            Some(p) => format!("{p}% ({})", self.from),
            None => self.from.clone(),
        }
    }
}

/// The providers the mesh-wide rule names, else the mesh config's `defaultProviders.tracing`.
pub fn providers_in_effect(mesh: &Yaml, view: &View) -> Vec<String> {
    match view.mesh_wide() {
        Some(r) if !r.providers.is_empty() => r.providers.clone(),
        _ => default_providers(mesh),
    }
}

pub fn default_providers(mesh: &Yaml) -> Vec<String> {
    let list =
        mesh.get("defaultProviders").and_then(|d| d.get("tracing")).and_then(Yaml::as_sequence);
    list.into_iter().flatten().filter_map(|p| p.as_str().map(str::to_string)).collect()
}

/// Highest first: the provider's own sampler, the mesh-wide Telemetry's
/// `randomSamplingPercentage`, `defaultConfig.tracing.sampling`, istiod's `PILOT_TRACE_SAMPLING`
/// (1% when unset).
pub fn sampling_in_effect(mesh: &Yaml, view: &View) -> Sampling {
    let provider = providers_in_effect(mesh, view).into_iter().next();
    let entry = provider.as_deref().and_then(|name| {
        mesh.get("extensionProviders")?
            .as_sequence()?
            .iter()
            .find(|e| e.get("name").and_then(Yaml::as_str) == Some(name))
    });
    let sampler = entry.and_then(|e| {
        e.as_mapping()?.iter().find(|(k, _)| k.as_str() != Some("name")).map(|(_, b)| b.clone())
    });
    if let Some(key) = sampler
        .as_ref()
        .and_then(|b| ["sampling", "dynatraceSampler"].into_iter().find(|k| b.get(*k).is_some()))
    {
        return Sampling {
            percent: None,
            from: format!("provider {}'s own sampler ({key})", provider.unwrap_or_default()),
        };
    }
    if let Some((r, p)) = view.mesh_wide().and_then(|r| Some((r, r.sampling?))) {
        return Sampling { percent: Some(p), from: format!("Telemetry {}", r.id()) };
    }
    let proxy = mesh
        .get("defaultConfig")
        .and_then(|d| d.get("tracing"))
        .and_then(|t| t.get("sampling"))
        .and_then(Yaml::as_f64);
    if let Some(p) = proxy {
        return Sampling { percent: Some(p), from: "defaultConfig.tracing".into() };
    }
    match view.pilot_trace_sampling {
        Some(p) => Sampling { percent: Some(p), from: "istiod's PILOT_TRACE_SAMPLING".into() },
        None => {
            Sampling { percent: Some(ISTIOD_DEFAULT_SAMPLING), from: "istiod's default".into() }
        }
    }
}

/// `PILOT_TRACE_SAMPLING` from a container's env list (as the Deployment has it).
pub fn pilot_trace_sampling(env: &Value) -> Option<f64> {
    env.as_array()?.iter().find(|e| e["name"] == "PILOT_TRACE_SAMPLING")?["value"]
        .as_str()?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(ns: &str, name: &str, spec: Value) -> Option<TracingRule> {
        let mut o = DynamicObject::new(
            name,
            &kube::api::ApiResource::erase::<k8s_openapi::api::core::v1::ConfigMap>(&()),
        );
        o.metadata.namespace = Some(ns.into());
        o.data = json!({"spec": spec});
        TracingRule::from_object(&o)
    }

    fn view(rules: Vec<TracingRule>, pilot: Option<f64>) -> View {
        View {
            root_namespace: "istio-system".into(),
            rules,
            pilot_trace_sampling: pilot,
            ..Default::default()
        }
    }

    #[test]
    fn sampling_comes_from_the_highest_source_that_sets_one() {
        let mesh = |s: &str| -> Yaml { serde_yaml::from_str(s).unwrap() };
        let tel = rule(
            "istio-system",
            "mesh-default",
            json!({"tracing": [{"providers": [{"name": "p"}], "randomSamplingPercentage": 7.0}]}),
        )
        .unwrap();
        let plain = mesh("defaultConfig: {tracing: {sampling: 3}}\nextensionProviders: [{name: p, zipkin: {service: z, port: 9411}}]\n");
        assert_eq!(
            sampling_in_effect(&plain, &view(vec![tel.clone()], Some(5.0))),
            Sampling { percent: Some(7.0), from: "Telemetry istio-system/mesh-default".into() }
        );
        assert_eq!(
            sampling_in_effect(&plain, &view(vec![], Some(5.0))).from,
            "defaultConfig.tracing"
        );
        assert_eq!(sampling_in_effect(&mesh("{}"), &view(vec![], Some(5.0))).percent, Some(5.0));
        assert_eq!(
            sampling_in_effect(&mesh("{}"), &view(vec![], None)),
            Sampling { percent: Some(1.0), from: "istiod's default".into() }
        );
        let own = mesh("extensionProviders: [{name: p, opentelemetry: {service: o, port: 4317, dynatraceSampler: {tenant: t}}}]\n");
        assert_eq!(
            sampling_in_effect(&own, &view(vec![tel], None)).percent,
            None,
            "the provider's sampler wins"
        );
        // A targeted rule or one in another namespace is not the mesh-wide one.
        let elsewhere =
            rule("apps", "t", json!({"tracing": [{"randomSamplingPercentage": 50.0}]})).unwrap();
        let targeted = rule("istio-system", "t", json!({"selector": {"matchLabels": {"a": "b"}}, "tracing": [{"randomSamplingPercentage": 50.0}]})).unwrap();
        assert_eq!(
            sampling_in_effect(&plain, &view(vec![elsewhere, targeted], None)).percent,
            Some(3.0)
        );
    }

    #[test]
    fn namespace_rules_that_drop_the_provider_shadow_it() {
        assert!(rule("a", "none", json!({"accessLogging": []})).is_none(), "no tracing, no rule");
        let v = view(
            vec![
                rule(
                    "istio-system",
                    "mesh-default",
                    json!({"tracing": [{"providers": [{"name": "ours"}]}]}),
                )
                .unwrap(),
                rule("a", "other", json!({"tracing": [{"providers": [{"name": "theirs"}]}]}))
                    .unwrap(),
                rule("b", "off", json!({"tracing": [{"disableSpanReporting": true}]})).unwrap(),
                rule("c", "sampling-only", json!({"tracing": [{"randomSamplingPercentage": 1.0}]}))
                    .unwrap(),
                rule("d", "same", json!({"tracing": [{"providers": [{"name": "ours"}]}]})).unwrap(),
            ],
            None,
        );
        let ids: Vec<String> = v.shadowing("ours").iter().map(|r| r.id()).collect();
        assert_eq!(ids, ["a/other", "b/off"]);
        assert_eq!(v.mesh_wide().unwrap().id(), "istio-system/mesh-default");
    }

    #[test]
    fn pilot_trace_sampling_is_read_from_the_env() {
        assert_eq!(
            pilot_trace_sampling(
                &json!([{"name": "X", "value": "1"}, {"name": "PILOT_TRACE_SAMPLING", "value": "12.5"}])
            ),
            Some(12.5)
        );
        assert_eq!(
            pilot_trace_sampling(&json!([{"name": "PILOT_TRACE_SAMPLING", "valueFrom": {}}])),
            None
        );
    }
}
