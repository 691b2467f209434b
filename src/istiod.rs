//! istiod's own view, asked the way `istioctl remote-clusters` asks it: a Running, Ready istiod pod
//! of each revision in the Istio namespace, a port-forward to its monitoring port through the API
//! server (the pod's `prometheus.io/port`, 15014 by default, where istiod serves `/debug/*`), and a
//! GET of one debug endpoint. Nothing here dials a pod or a loopback address directly: it works the
//! same against any cluster the user's kubeconfig reaches.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams};
use kube::Client;
use serde::Deserialize;

use crate::error::{Context as _, Result};

/// The port istiod serves its debug endpoints on when the pod does not say otherwise.
pub const MONITORING_PORT: u16 = 15014;

/// One istiod to ask: its pod and the revision it serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Istiod {
    pub pod: String,
    /// `istio.io/rev` of the pod ("default" without one).
    pub revision: String,
    pub port: u16,
}

/// The pods of `app=istiod` in `ns`, one per revision: the newest that is Running and Ready and not
/// being deleted (pure, so the choice is unit-tested).
pub fn choose(pods: &[Pod]) -> Vec<Istiod> {
    let mut by_rev: BTreeMap<String, &Pod> = BTreeMap::new();
    for p in pods.iter().filter(|p| serving(p)) {
        let rev = p
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get("istio.io/rev"))
            .cloned()
            .unwrap_or_else(|| "default".into());
        let newer = |old: &&Pod| p.metadata.creation_timestamp > old.metadata.creation_timestamp;
        if by_rev.get(&rev).is_none_or(newer) {
            by_rev.insert(rev, p);
        }
    }
    by_rev
        .into_iter()
        .map(|(revision, p)| Istiod {
            pod: p.metadata.name.clone().unwrap_or_default(),
            revision,
            port: monitoring_port(p),
        })
        .collect()
}

fn serving(p: &Pod) -> bool {
    let status = p.status.as_ref();
    p.metadata.deletion_timestamp.is_none()
        && status.and_then(|s| s.phase.as_deref()) == Some("Running")
        && status
            .and_then(|s| s.conditions.as_ref())
            .is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
}

/// The pod's `prometheus.io/port` annotation, as istioctl reads it, else 15014.
fn monitoring_port(p: &Pod) -> u16 {
    p.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("prometheus.io/port"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(MONITORING_PORT)
}

/// The istiods of the control plane in `ns`, one per revision (empty: none is running).
pub async fn find(client: &Client, ns: &str) -> Result<Vec<Istiod>> {
    let pods: Api<Pod> = Api::namespaced(client.clone(), ns);
    let listed = pods
        .list(&ListParams::default().labels("app=istiod"))
        .await
        .ctx(|| format!("list istiod pods in {ns}"))?;
    Ok(choose(&listed.items))
}

/// GET each of `paths` from istiod's monitoring port, over one port-forward to its pod and one
/// HTTP/1 connection, within `timeout` in all. Each path's answer, or why it has none.
pub async fn get(
    client: &Client,
    ns: &str,
    istiod: &Istiod,
    paths: &[&str],
    timeout: Duration,
) -> Result<Vec<std::result::Result<Vec<u8>, String>>> {
    crate::forward::get(client, ns, &istiod.pod, istiod.port, paths, timeout).await
}

/// What one istiod answered: each asked path's body, or why it has none.
#[derive(Clone, Debug)]
pub struct View {
    pub istiod: Istiod,
    answers: Vec<(String, std::result::Result<Vec<u8>, String>)>,
}

impl View {
    /// A view from answers already had (tests, and istiods asked another way).
    pub fn new(
        istiod: Istiod,
        answers: Vec<(String, std::result::Result<Vec<u8>, String>)>,
    ) -> View {
        View { istiod, answers }
    }

    /// The answer to `path` as JSON of type `T`.
    pub fn json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
    ) -> std::result::Result<T, String> {
        let (_, answer) = self
            .answers
            .iter()
            .find(|(p, _)| p == path)
            .ok_or_else(|| format!("{path} was not asked"))?;
        let body = answer.as_ref().map_err(Clone::clone)?;
        serde_json::from_slice(body).map_err(|e| format!("{path} of {}: {e}", self.istiod.pod))
    }
}

/// Every revision's istiod in `ns`, each asked `paths` (concurrently), or why none could be asked.
pub async fn ask(client: &Client, ns: &str, paths: &[&str], timeout: Duration) -> Views {
    let istiods = find(client, ns).await.map_err(|e| Unasked::Failed(e.to_string()))?;
    if istiods.is_empty() {
        return Err(Unasked::NotRunning(ns.to_string()));
    }
    let asked = futures::future::join_all(istiods.into_iter().map(|i| async move {
        let answers = match get(client, ns, &i, paths, timeout).await {
            Ok(a) => a,
            Err(e) => paths.iter().map(|_| Err(e.to_string())).collect(),
        };
        View { answers: paths.iter().map(|p| p.to_string()).zip(answers).collect(), istiod: i }
    }))
    .await;
    Ok(asked)
}

/// What [`ask`] got: one view per revision, or why no istiod could be asked.
pub type Views = std::result::Result<Vec<View>, Unasked>;

pub const CLUSTERZ: &str = "/debug/clusterz";
pub const NETWORKZ: &str = "/debug/networkz";
pub const MESH: &str = "/debug/mesh";

/// A cross-network gateway istiod knows (`/debug/networkz`, Istio's `model.NetworkGateway`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkGateway {
    pub network: String,
    #[serde(default)]
    pub cluster: String,
    #[serde(default)]
    pub addr: String,
    #[serde(default)]
    pub port: u32,
}

/// One entry of istiod's `/debug/clusterz`: a cluster it watches (its own included) and how far
/// its informers got.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WatchedCluster {
    pub id: String,
    /// `namespace/name` of the remote secret it came from (empty for istiod's own cluster).
    #[serde(default)]
    pub secret_name: String,
    /// synced, syncing, timeout or closed.
    #[serde(default)]
    pub sync_status: String,
}

/// What a control plane's istiod says of one remote secret it should hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Synced,
    Syncing,
    /// Its informers did not sync within istiod's remote-cluster timeout.
    Timeout,
    Closed,
    /// istiod lists no cluster from this secret: it has not loaded it.
    Absent,
    /// A sync status this build does not know, as istiod wrote it.
    Other(String),
    /// istiod could not be asked (no Running pod, the port-forward failed): why.
    NotAsked(String),
}

impl Verdict {
    /// istiod's verdict for the secret `ns/name` among its clusterz entries.
    pub fn of(clusterz: &[WatchedCluster], secret: &str) -> Verdict {
        match clusterz.iter().find(|c| c.secret_name == secret).map(|c| c.sync_status.as_str()) {
            None => Verdict::Absent,
            Some("synced") => Verdict::Synced,
            Some("syncing") => Verdict::Syncing,
            Some("timeout") => Verdict::Timeout,
            Some("closed") => Verdict::Closed,
            Some(other) => Verdict::Other(other.to_string()),
        }
    }

    /// istiod answered, and not with "synced".
    pub fn is_failure(&self) -> bool {
        !matches!(self, Verdict::Synced | Verdict::NotAsked(_))
    }

    /// How bad, to pick the one a row shows when several revisions answer.
    fn severity(&self) -> u8 {
        match self {
            Verdict::Synced => 0,
            Verdict::Syncing => 1,
            Verdict::Other(_) => 2,
            Verdict::Timeout => 3,
            Verdict::Closed => 4,
            Verdict::Absent => 5,
            Verdict::NotAsked(_) => 6,
        }
    }

    /// The worst verdict, with the revision that gave it when there are several.
    pub fn worst(per_revision: Vec<(String, Verdict)>) -> (Verdict, Option<String>) {
        let several = per_revision.len() > 1;
        match per_revision.into_iter().max_by_key(|(_, v)| v.severity()) {
            None => (Verdict::NotAsked("no istiod is running".into()), None),
            Some((rev, v)) => (v, several.then_some(rev)),
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Synced => f.write_str("synced"),
            Verdict::Syncing => f.write_str("syncing"),
            Verdict::Timeout => f.write_str("timeout"),
            Verdict::Closed => f.write_str("closed"),
            Verdict::Absent => f.write_str("absent"),
            Verdict::Other(s) => f.write_str(s),
            Verdict::NotAsked(why) => write!(f, "not asked: {why}"),
        }
    }
}

impl serde::Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why no istiod of a namespace could be asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unasked {
    /// No Running, Ready istiod pod in the namespace.
    NotRunning(String),
    /// Its pods could not be listed.
    Failed(String),
}

impl std::fmt::Display for Unasked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unasked::NotRunning(ns) => write!(f, "no Running istiod pod in {ns}"),
            Unasked::Failed(why) => f.write_str(why),
        }
    }
}

/// Every revision's answer to `/debug/clusterz` (a revision that does not answer: the reason).
pub type Asked =
    std::result::Result<Vec<(String, std::result::Result<Vec<WatchedCluster>, String>)>, Unasked>;

/// Each revision's clusterz in `ns`, or why none could be asked.
pub async fn clusterz_all(client: &Client, ns: &str, timeout: Duration) -> Asked {
    clusterz_of(&ask(client, ns, &[CLUSTERZ], timeout).await)
}

/// The clusterz answers among views asked for it.
pub fn clusterz_of(views: &Views) -> Asked {
    match views {
        Err(u) => Err(u.clone()),
        Ok(vs) => Ok(vs.iter().map(|v| (v.istiod.revision.clone(), v.json(CLUSTERZ))).collect()),
    }
}

/// The verdict on secret `ns/name` from what [`clusterz_all`] got.
pub fn verdict_from(asked: &Asked, secret: &str) -> (Verdict, Option<String>) {
    match asked {
        Err(why) => (Verdict::NotAsked(why.to_string()), None),
        Ok(revs) => Verdict::worst(
            revs.iter()
                .map(|(rev, r)| {
                    let v = match r {
                        Ok(z) => Verdict::of(z, secret),
                        Err(why) => Verdict::NotAsked(why.clone()),
                    };
                    (rev.clone(), v)
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(name: &str, rev: Option<&str>, created: i64, phase: &str, ready: bool) -> Pod {
        let mut labels = BTreeMap::from([("app".to_string(), "istiod".to_string())]);
        if let Some(r) = rev {
            labels.insert("istio.io/rev".into(), r.into());
        }
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": name, "labels": labels,
                         "creationTimestamp": format!("2026-12-04T10:00:{created:02}Z")},
            "status": {"phase": phase,
                       "conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"}}]}
        }))
        .unwrap()
    }

    #[test]
    fn one_serving_pod_per_revision_the_newest() {
        let mut annotated = pod("istiod-canary-b", Some("canary"), 5, "Running", true);
        annotated.metadata.annotations =
            Some(BTreeMap::from([("prometheus.io/port".to_string(), "9090".to_string())]));
        let pods = [
            pod("istiod-a", None, 1, "Running", true),
            pod("istiod-b", None, 2, "Running", true),
            pod("istiod-c", None, 3, "Pending", false),
            pod("istiod-d", None, 4, "Running", false),
            pod("istiod-canary-a", Some("canary"), 1, "Running", true),
            annotated,
        ];
        let chosen = choose(&pods);
        assert_eq!(
            chosen,
            [
                Istiod { pod: "istiod-canary-b".into(), revision: "canary".into(), port: 9090 },
                Istiod { pod: "istiod-b".into(), revision: "default".into(), port: 15014 },
            ]
        );
        assert!(choose(&[pod("istiod-x", None, 1, "Pending", false)]).is_empty());
    }

    #[test]
    fn clusterz_entries_parse_as_istiod_writes_them() {
        let v: Vec<WatchedCluster> = serde_json::from_str(
            r#"[{"id":"cluster1","secretName":"","syncStatus":"synced"},
                {"id":"cluster2","secretName":"istio-system/istio-remote-secret-cluster2","syncStatus":"timeout"}]"#,
        )
        .unwrap();
        assert_eq!(v[1].secret_name, "istio-system/istio-remote-secret-cluster2");
        assert_eq!(v[1].sync_status, "timeout");
        let secret = "istio-system/istio-remote-secret-cluster2";
        assert_eq!(Verdict::of(&v, secret), Verdict::Timeout);
        assert_eq!(Verdict::of(&v, "istio-system/other"), Verdict::Absent);
        let asked = Ok(vec![("default".to_string(), Ok(v.clone()))]);
        assert_eq!(verdict_from(&asked, secret), (Verdict::Timeout, None));
        let two = Ok(vec![
            ("canary".to_string(), Err("no answer".to_string())),
            ("default".to_string(), Ok(v)),
        ]);
        let (worst, rev) = verdict_from(&two, secret);
        assert_eq!(
            (worst.to_string(), rev.as_deref()),
            ("not asked: no answer".into(), Some("canary"))
        );
        assert!(
            !worst.is_failure() && Verdict::Absent.is_failure() && !Verdict::Synced.is_failure()
        );
    }
}
