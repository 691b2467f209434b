//! Istio's kinds as dynamic objects, in the version the cluster serves (found by discovery).

use kube::api::{Api, ApiResource, DynamicObject};
use kube::discovery;

use crate::cluster::Cluster;
use crate::error::{Error, Result};

/// An Istio kind the suite reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IstioKind {
    Gateway,
    VirtualService,
    ServiceEntry,
    Telemetry,
}

impl IstioKind {
    pub fn group(self) -> &'static str {
        match self {
            IstioKind::Telemetry => "telemetry.istio.io",
            _ => "networking.istio.io",
        }
    }

    pub fn kind(self) -> &'static str {
        match self {
            IstioKind::Gateway => "Gateway",
            IstioKind::VirtualService => "VirtualService",
            IstioKind::ServiceEntry => "ServiceEntry",
            IstioKind::Telemetry => "Telemetry",
        }
    }

    /// Versions we know how to write, newest first.
    pub fn versions(self) -> &'static [&'static str] {
        match self {
            IstioKind::Telemetry => &["v1", "v1alpha1"],
            _ => &["v1", "v1beta1", "v1alpha3"],
        }
    }
}

/// Pick the version to use from what the server serves for the kind: the newest one we know.
pub fn pick_version<'a>(kind: IstioKind, served: &[&'a str]) -> Option<&'a str> {
    kind.versions().iter().find_map(|v| served.iter().copied().find(|s| s == v))
}

/// Find the served version of `kind` in `cluster`. A cluster without Istio's CRDs gets advice, not
/// a 404.
pub async fn resource(cluster: &Cluster, kind: IstioKind) -> Result<ApiResource> {
    resource_opt(cluster, kind).await?.ok_or_else(|| {
        Error::msg(format!(
            "Istio's {} CRD ({}) is not installed in {}: install Istio there first",
            kind.kind(),
            kind.group(),
            cluster.context
        ))
    })
}

/// The served version of `kind`, `None` where the cluster does not serve it.
pub async fn resource_opt(cluster: &Cluster, kind: IstioKind) -> Result<Option<ApiResource>> {
    let group = match discovery::group(&cluster.client, kind.group()).await {
        Ok(g) => g,
        Err(kube::Error::Discovery(_)) => return Ok(None),
        Err(e) => {
            return Err(Error::Failed {
                action: format!("discover {} in {}", kind.group(), cluster.context),
                source: e.into(),
            })
        }
    };
    let served: Vec<(ApiResource, &str)> = group
        .versions()
        .flat_map(|v| group.versioned_resources(v).into_iter().map(move |(ar, _)| (ar, v)))
        .filter(|(ar, _)| ar.kind == kind.kind())
        .collect();
    let versions: Vec<&str> = served.iter().map(|(_, v)| *v).collect();
    let Some(v) = pick_version(kind, &versions) else { return Ok(None) };
    Ok(served.into_iter().find(|(_, sv)| *sv == v).map(|(ar, _)| ar))
}

/// A namespaced API for an Istio kind in `cluster`.
pub async fn api(
    cluster: &Cluster,
    kind: IstioKind,
    namespace: &str,
) -> Result<(Api<DynamicObject>, ApiResource)> {
    let ar = resource(cluster, kind).await?;
    Ok((Api::namespaced_with(cluster.client.clone(), namespace, &ar), ar))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_known_version_wins() {
        assert_eq!(pick_version(IstioKind::Gateway, &["v1alpha3", "v1beta1"]), Some("v1beta1"));
        assert_eq!(pick_version(IstioKind::Gateway, &["v1alpha3", "v1", "v1beta1"]), Some("v1"));
        assert_eq!(pick_version(IstioKind::Gateway, &["v1alpha3"]), Some("v1alpha3"));
        assert_eq!(pick_version(IstioKind::Gateway, &["v2alpha1"]), None);
        assert_eq!(pick_version(IstioKind::Telemetry, &["v1alpha1"]), Some("v1alpha1"));
    }
}
