//! Which workloads run proxies with other tracing settings than the mesh config's (pure).
//!
//! Only pods of a workload's current revision count (the newest ReplicaSet of a Deployment,
//! `status.updateRevision` of a StatefulSet, the newest ControllerRevision of a DaemonSet): pods of a
//! superseded revision are already being replaced, so a second run during a roll-out never restarts
//! the workload again.
//!
//! Two kinds of proxies read the mesh config. Injected pods carry it in `PROXY_CONFIG`, so their
//! settings are read off the pod. Gateways installed without injection (istioctl's
//! `istio-ingressgateway`: pilot-agent `proxy router`, the mesh ConfigMap mounted at
//! `/etc/istio/config`) read it from the file once, at start, and say nothing of it: a restart by
//! this suite stamps their pod template with the settings they will read
//! ([`READ_TRACING_ANNOTATION`]), and a pod without a stamp is stale when it started before the
//! ConfigMap last changed (both times the API server's).

use k8s_openapi::api::apps::v1::{
    ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet,
};
use k8s_openapi::api::core::v1::{ConfigMap, Pod, PodSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};
use serde::Serialize;

use super::meshconfig::{proxy_tracing, Tracing};

pub const STATUS_ANNOTATION: &str = "sidecar.istio.io/status";
pub const PROXY_CONTAINER: &str = "istio-proxy";
const REVISION_HASH: &str = "controller-revision-hash";
const DEPLOYMENT_REVISION: &str = "deployment.kubernetes.io/revision";
/// On the pod template of a gateway that reads the mesh config as a file: the tracing settings
/// (JSON) it reads, written when this suite restarts it.
pub const READ_TRACING_ANNOTATION: &str = "kubectl-mesh.io/mesh-tracing";

/// The mesh ConfigMap a cluster's uninjected gateways mount, and when it last changed.
#[derive(Clone, Debug, Default)]
pub struct MeshFile {
    pub configmap: String,
    pub changed: Option<Time>,
    /// The plan changes its tracing now: every proxy that read it before is stale.
    pub changing: bool,
}

impl MeshFile {
    /// The newest write to the ConfigMap the API server recorded (its managed fields), else its
    /// creation.
    pub fn of(cm: &ConfigMap) -> MeshFile {
        let writes = cm.metadata.managed_fields.iter().flatten().filter_map(|m| m.time.clone());
        MeshFile {
            configmap: cm.metadata.name.clone().unwrap_or_default(),
            changed: writes.max().or_else(|| cm.metadata.creation_timestamp.clone()),
            changing: false,
        }
    }
}

/// Everything read from one cluster (or its selected namespaces).
#[derive(Default, Clone)]
pub struct Inventory {
    pub pods: Vec<Pod>,
    pub replica_sets: Vec<ReplicaSet>,
    pub deployments: Vec<Deployment>,
    pub stateful_sets: Vec<StatefulSet>,
    pub daemon_sets: Vec<DaemonSet>,
    pub controller_revisions: Vec<ControllerRevision>,
    /// The cluster's own mesh ConfigMap (none in a remote cluster).
    pub mesh_file: Option<MeshFile>,
}

impl Inventory {
    /// With the mesh ConfigMap that `cm` is, for the gateways that mount it; `changing`: its
    /// tracing is about to change (a plan's edit).
    pub fn reading(mut self, cm: Option<&ConfigMap>, changing: bool) -> Inventory {
        self.mesh_file = cm.map(|cm| MeshFile { changing, ..MeshFile::of(cm) });
        self
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Kind {
    Deployment,
    StatefulSet,
    DaemonSet,
    Job,
    Pod,
}

impl Kind {
    /// The kind `kubectl rollout restart` can restart, if this is one.
    pub fn rollout(self) -> Option<crate::rollout::Kind> {
        match self {
            Kind::Deployment => Some(crate::rollout::Kind::Deployment),
            Kind::StatefulSet => Some(crate::rollout::Kind::StatefulSet),
            Kind::DaemonSet => Some(crate::rollout::Kind::DaemonSet),
            Kind::Job | Kind::Pod => None,
        }
    }
}

/// What to do about a workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Its current pods run other settings: restart it.
    Stale,
    UpToDate,
    /// Stale, but paused: reported, not changed.
    Paused,
    /// A roll-out is in progress (the controller has not caught up): left alone.
    RollingOut,
    /// The proxy is in the pod template itself (`istioctl kube-inject`): a restart cannot help.
    NeedsReinjection,
    /// Jobs and bare pods are listed, never restarted.
    NotRestartable,
}

impl Verdict {
    pub fn text(self) -> &'static str {
        match self {
            Verdict::Stale => "stale",
            Verdict::UpToDate => "up to date",
            Verdict::Paused => "paused (not restarted)",
            Verdict::RollingOut => "rolling out",
            Verdict::NeedsReinjection => "needs re-injection",
            Verdict::NotRestartable => "not restartable",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    /// Injected pods of the current revision, and how many of them are stale.
    pub pods: usize,
    pub stale_pods: usize,
    pub verdict: Verdict,
    /// Its pods read the mesh config as a file: a restart stamps the template with
    /// ([`READ_TRACING_ANNOTATION`], this).
    #[serde(skip)]
    pub stamp: Option<String>,
}

impl Finding {
    pub fn restartable(&self) -> bool {
        self.verdict == Verdict::Stale
    }
}

fn proxy_config(spec: &PodSpec) -> Option<Option<String>> {
    let c = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .find(|c| c.name == PROXY_CONTAINER)?;
    Some(c.env.iter().flatten().find(|e| e.name == "PROXY_CONFIG").and_then(|e| e.value.clone()))
}

/// The pod's proxy tracing settings, if it is an injected pod.
pub fn pod_tracing(p: &Pod) -> Option<Tracing> {
    let injected =
        p.metadata.annotations.as_ref().is_some_and(|a| a.contains_key(STATUS_ANNOTATION));
    if !injected {
        return None;
    }
    let pc = proxy_config(p.spec.as_ref()?)?;
    Some(pc.as_deref().and_then(proxy_tracing).unwrap_or_default())
}

/// What a proxy that reads the mesh file runs with: the stamp of our last restart, or, unstamped,
/// whether it started before the ConfigMap last changed.
enum FileRead {
    Stamped(Tracing),
    StartedBefore(bool),
}

/// A gateway pod that runs pilot-agent `proxy router` with `mf`'s ConfigMap mounted, uninjected.
fn file_read(p: &Pod, mf: &MeshFile) -> Option<FileRead> {
    let spec = p.spec.as_ref()?;
    let injected =
        p.metadata.annotations.as_ref().is_some_and(|a| a.contains_key(STATUS_ANNOTATION));
    let router = spec.containers.iter().any(|c| {
        let args = c.args.iter().flatten().map(String::as_str).collect::<Vec<_>>();
        args.first() == Some(&"proxy") && args.contains(&"router")
    });
    let mounts = spec
        .volumes
        .iter()
        .flatten()
        .any(|v| v.config_map.as_ref().is_some_and(|c| c.name == mf.configmap));
    if injected || !router || !mounts {
        return None;
    }
    let stamp = p.metadata.annotations.as_ref().and_then(|a| a.get(READ_TRACING_ANNOTATION));
    if let Some(t) = stamp.and_then(|s| serde_json::from_str(s).ok()) {
        return Some(FileRead::Stamped(t));
    }
    let started = p
        .status
        .as_ref()
        .and_then(|s| s.start_time.clone())
        .or_else(|| p.metadata.creation_timestamp.clone());
    Some(FileRead::StartedBefore(match (started, &mf.changed) {
        _ if mf.changing => true,
        (Some(s), Some(c)) => s.0 < c.0,
        _ => false,
    }))
}

/// The namespaces with pods injected by `revision`'s control plane (`None`: the default one).
pub fn injected_namespaces(
    inv: &Inventory,
    revision: Option<&str>,
) -> std::collections::BTreeSet<String> {
    let want = revision.unwrap_or("default");
    inv.pods
        .iter()
        .filter(|p| pod_tracing(p).is_some())
        .filter(|p| {
            // The injector records its revision in the status annotation.
            let status = p.metadata.annotations.as_ref().and_then(|a| a.get(STATUS_ANNOTATION));
            let rev = status
                .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
                .and_then(|v| v["revision"].as_str().map(str::to_string));
            rev.as_deref().unwrap_or("default") == want
        })
        .filter_map(|p| p.metadata.namespace.clone())
        .collect()
}

fn controller(meta: &ObjectMeta) -> Option<&OwnerReference> {
    meta.owner_references.as_ref()?.iter().find(|o| o.controller == Some(true))
}

fn ns_name(meta: &ObjectMeta) -> (String, String) {
    (meta.namespace.clone().unwrap_or_default(), meta.name.clone().unwrap_or_default())
}

/// Whether the proxy is baked into the pod template (`istioctl kube-inject`), so a restart would bring
/// the old settings back. An `istio-proxy` container with `image: auto` is not: it is the placeholder
/// that gateway Deployments carry for the webhook to fill in (`inject.istio.io/templates: gateway`),
/// and a restart re-injects it, as istiod does for the east-west gateway.
fn template_injected(spec: Option<&PodSpec>, meta: Option<&ObjectMeta>) -> bool {
    let baked = spec.is_some_and(|s| {
        let placeholder = s
            .containers
            .iter()
            .any(|c| c.name == PROXY_CONTAINER && c.image.as_deref() == Some("auto"));
        proxy_config(s).is_some() && !placeholder
    });
    baked
        || meta
            .and_then(|m| m.annotations.as_ref())
            .is_some_and(|a| a.contains_key(STATUS_ANNOTATION))
}

/// Which injected pods count as stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Their tracing settings differ from the mesh config's.
    Differs,
    /// Every one (`restart --all`).
    All,
    /// They still carry a zipkin address (`migrate --to telemetry`: the setting being removed; a
    /// sampling of their own no longer matters once the Telemetry API sets one).
    CarriesAddress,
}

mod analyse;
pub use analyse::analyse;

#[cfg(test)]
mod tests;
