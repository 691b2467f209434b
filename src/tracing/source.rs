//! Which mesh config configures each cluster's proxies.
//!
//! A cluster with a control plane has its own (`istio[-REV]` in the Istio namespace). A remote
//! cluster has none: Istio's `remote` profile installs no mesh config there, and its pods are
//! injected by the primary's istiod, from the primary's mesh config. Its primary is the cluster
//! whose remote secrets name its API server.

use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::Api;

use super::meshconfig;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};

pub const MESH_KEY: &str = "mesh";

/// Where one cluster's proxies get their tracing settings.
#[derive(Clone, Debug)]
pub enum Source {
    /// Its own mesh config: the ConfigMap and the parsed `mesh`.
    Own(Box<ConfigMap>, serde_yaml::Value),
    /// A remote cluster: the mesh config of these clusters (indexes; the primaries whose remote
    /// secrets name it, the first of which is reported).
    Remote(Vec<usize>),
}

impl Source {
    pub fn primary(&self) -> Option<usize> {
        match self {
            Source::Own(..) => None,
            Source::Remote(p) => p.first().copied(),
        }
    }

    /// The cluster's own mesh ConfigMap (a remote has none).
    pub fn configmap(&self) -> Option<&ConfigMap> {
        match self {
            Source::Own(cm, _) => Some(cm),
            Source::Remote(_) => None,
        }
    }
}

/// The ConfigMap and its parsed mesh config, `None` if the ConfigMap does not exist.
pub async fn read_mesh_opt(
    c: &Cluster,
    ns: &str,
    cm_name: &str,
) -> Result<Option<(ConfigMap, serde_yaml::Value)>> {
    let api: Api<ConfigMap> = Api::namespaced(c.client.clone(), ns);
    let Some(cm) = api
        .get_opt(cm_name)
        .await
        .ctx(|| format!("get ConfigMap {ns}/{cm_name} in {}", c.context))?
    else {
        return Ok(None);
    };
    let text = cm.data.as_ref().and_then(|d| d.get(MESH_KEY)).cloned().unwrap_or_default();
    let mesh = meshconfig::parse(&text)
        .map_err(|e| Error::msg(format!("ConfigMap {ns}/{cm_name} in {}: {e}", c.context)))?;
    Ok(Some((cm, mesh)))
}

fn not_found(c: &Cluster, ns: &str, cm_name: &str) -> Error {
    Error::msg(format!(
        "ConfigMap {ns}/{cm_name} not found in {}: is Istio installed there? (see --istio-namespace and --revision; \
         a remote cluster's proxies follow its primary's mesh config: name the primary in --context too, and link \
         them with `kubectl mesh-secret link`)",
        c.context
    ))
}

/// The primaries (indexes into `owners`) whose watched servers include `server`.
pub fn primaries_of(server: &str, watched: &[Option<Vec<String>>]) -> Vec<usize> {
    let norm = |s: &str| s.trim_end_matches('/').to_ascii_lowercase();
    watched
        .iter()
        .enumerate()
        .filter(|(_, w)| w.as_ref().is_some_and(|w| w.iter().any(|s| norm(s) == norm(server))))
        .map(|(i, _)| i)
        .collect()
}

/// Every cluster's source, or why it has none (per cluster, so read-only commands report it in
/// that cluster's row).
pub async fn read_all(clusters: &[Cluster], ns: &str, cm_name: &str) -> Vec<Result<Source>> {
    let own = cluster::fan_out(clusters, |_, c| read_mesh_opt(c, ns, cm_name)).await;
    let need_primaries = own.iter().any(|(_, r)| matches!(r, Ok(None)));
    let watched: Vec<Option<Vec<String>>> = if need_primaries {
        let reads = cluster::fan_out(clusters, |_, c| async move {
            Ok::<_, Error>(
                crate::secret::watched_servers(c, ns)
                    .await
                    .ok()
                    .map(|v| v.into_iter().map(|i| i.server).collect()),
            )
        })
        .await;
        own.iter()
            .zip(reads)
            .map(|((_, o), (_, w))| if matches!(o, Ok(Some(_))) { w.ok().flatten() } else { None })
            .collect()
    } else {
        vec![None; clusters.len()]
    };
    own.into_iter()
        .map(|(c, r)| match r? {
            Some((cm, mesh)) => Ok(Source::Own(Box::new(cm), mesh)),
            None => match primaries_of(&c.server, &watched) {
                p if p.is_empty() => Err(not_found(c, ns, cm_name)),
                p => Ok(Source::Remote(p)),
            },
        })
        .collect()
}

/// The address each cluster's own mesh config should carry. `wanted[i]` is what cluster `i`'s
/// proxies should use; a mesh config that also serves remotes whose wanted address differs gets
/// `shared` (the address that works from every cluster).
pub fn effective_addresses(wanted: &[String], shared: &str, sources: &[Source]) -> Vec<String> {
    (0..wanted.len())
        .map(|p| {
            let mixed = sources.iter().enumerate().any(|(r, s)| {
                matches!(s, Source::Remote(ps) if ps.contains(&p)) && wanted[r] != wanted[p]
            });
            if mixed {
                shared.to_string()
            } else {
                wanted[p].clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own() -> Source {
        Source::Own(Box::default(), serde_yaml::Value::Null)
    }

    #[test]
    fn primaries_are_found_by_server() {
        let watched = vec![
            Some(vec!["https://b:6443/".to_string()]),
            None,
            Some(vec!["https://B:6443".into(), "https://c".into()]),
        ];
        assert_eq!(primaries_of("https://b:6443", &watched), [0, 2]);
        assert!(primaries_of("https://d", &watched).is_empty());
    }

    #[test]
    fn a_primary_serving_remotes_uses_the_shared_address() {
        let wanted = vec![
            "zipkin.istio-system:9411".to_string(),
            "1.2.3.4:15018".into(),
            "1.2.3.4:15018".into(),
        ];
        // cluster 0 is the collector's cluster and a primary; 1 is its remote; 2 a primary alone.
        let sources = vec![own(), Source::Remote(vec![0]), own()];
        assert_eq!(
            effective_addresses(&wanted, "1.2.3.4:15018", &sources),
            ["1.2.3.4:15018", "1.2.3.4:15018", "1.2.3.4:15018"]
        );
        // Without remotes the collector's cluster keeps the local address.
        let sources = vec![own(), own(), own()];
        assert_eq!(
            effective_addresses(&wanted, "1.2.3.4:15018", &sources)[0],
            "zipkin.istio-system:9411"
        );
    }
}
