//! The subcommands every plugin has, whatever it does: `version` and `completion` (their flags, and
//! `version`'s reads; `crate::commands::meta` runs them).

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Api, ListParams};
use serde::Serialize;

use crate::cluster::{fan_out, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::output::{self, Row};
use crate::session::Session;

/// The client's version and the commit it was built from (`build.rs`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub const COMMIT: &str = env!("KUBECTL_MESH_COMMIT");

#[derive(Subcommand, Debug)]
pub enum Meta {
    /// Print the client version and commit; with --context or --all-contexts, each cluster's
    /// Kubernetes and Istio control-plane versions
    #[command(after_help = "Examples:
  kubectl mesh-ca version
  kubectl mesh-ca version --all-contexts -o json")]
    Version,
    /// Print a completion script: bash, zsh, fish or powershell for the plugin's own name, or
    /// `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`
    #[command(after_help = "Examples:
  # krew users: let kubectl complete `kubectl mesh-ca <TAB>` (the helper must be on PATH)
  kubectl mesh-ca completion kubectl > ~/.krew/bin/kubectl_complete-mesh_ca
  chmod +x ~/.krew/bin/kubectl_complete-mesh_ca
  # the binary's own name in bash
  source <(kubectl-mesh-ca completion bash)")]
    Completion(CompletionArgs),
}

#[derive(Args, Debug)]
pub struct CompletionArgs {
    /// The shell, or `kubectl` for kubectl's plugin completion helper
    #[arg(value_enum)]
    pub shell: CompletionShell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Kubectl,
}

/// One cluster's versions, or why they could not be read.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct ClusterVersion {
    pub context: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<String>,
    /// Each istiod Deployment in the Istio namespace: `REVISION=VERSION` (`default` for none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub istio: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Versions {
    client: Client,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    clusters: Vec<ClusterVersion>,
}

impl Row for ClusterVersion {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["context", "kubernetes", "istio"]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        match &self.error {
            Some(e) => vec![self.context.clone(), format!("error: {e}"), String::new()],
            None => vec![
                self.context.clone(),
                self.kubernetes.clone().unwrap_or_default(),
                self.istio
                    .as_ref()
                    .filter(|v| !v.is_empty())
                    .map(|v| v.join(", "))
                    .unwrap_or_else(|| "none (no istiod)".into()),
            ],
        }
    }
}

#[derive(Serialize, Debug)]
struct Client {
    version: String,
    commit: String,
}

/// `version`: the client's, and with --context or --all-contexts each cluster's.
pub async fn version(s: &Session, out: &mut dyn Write) -> Result<()> {
    let client = Client { version: VERSION.to_string(), commit: COMMIT.to_string() };
    if !s.chose_contexts() {
        let v = Versions { client, clusters: vec![] };
        return output::render(
            out,
            s.output(),
            || output::table(&["client", "commit"], [vec![&v.client.version, &v.client.commit]]),
            &v,
        );
    }
    let clusters = s.clusters().await?;
    let rows: Vec<ClusterVersion> =
        fan_out(&clusters, |_, c| cluster_version(c, s.istio_namespace()))
            .await
            .into_iter()
            .map(|(c, r)| {
                r.unwrap_or_else(|e| ClusterVersion {
                    context: c.context.clone(),
                    kubernetes: None,
                    istio: None,
                    error: Some(e.to_string()),
                })
            })
            .collect();
    let failed: Vec<String> =
        rows.iter().filter(|r| r.error.is_some()).map(|r| r.context.clone()).collect();
    if s.output().is_table() {
        writeln!(out, "Client: {} (commit {})", client.version, client.commit)
            .ctx(|| "write output")?;
    }
    let v = Versions { client, clusters: rows };
    output::render(out, s.output(), || output::row_table(&v.clusters, false), &v)?;
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::msg(format!("could not read the versions of {}", failed.join(", "))))
    }
}

async fn cluster_version(c: &Cluster, istio_ns: &str) -> Result<ClusterVersion> {
    let info = c
        .client
        .apiserver_version()
        .await
        .ctx(|| format!("reach context {} ({})", c.context, c.server))?;
    let deps: Api<Deployment> = Api::namespaced(c.client.clone(), istio_ns);
    let list = deps
        .list(&ListParams::default().labels("app=istiod"))
        .await
        .ctx(|| format!("list istiod Deployments in {istio_ns} in {}", c.context))?;
    let istio = list.items.iter().map(istiod_version).collect();
    Ok(ClusterVersion {
        context: c.context.clone(),
        kubernetes: Some(info.git_version),
        istio: Some(istio),
        error: None,
    })
}

/// `REVISION=VERSION` of one istiod Deployment: the chart's `app.kubernetes.io/version` label, else
/// the `discovery` container's image tag.
pub fn istiod_version(d: &Deployment) -> String {
    let labels = d.metadata.labels.clone().unwrap_or_default();
    let rev = labels
        .get("istio.io/rev")
        .filter(|r| !r.is_empty())
        .cloned()
        .unwrap_or_else(|| "default".into());
    let from_image = || {
        let containers = d.spec.as_ref()?.template.spec.as_ref()?.containers.clone();
        let c = containers.iter().find(|c| c.name == "discovery").or(containers.first())?;
        let image = c.image.as_deref()?;
        let last = image.rsplit('/').next()?;
        last.split_once(':').map(|(_, tag)| tag.split('@').next().unwrap_or(tag).to_string())
    };
    let v = labels
        .get("app.kubernetes.io/version")
        .cloned()
        .or_else(from_image)
        .unwrap_or_else(|| "unknown".into());
    format!("{rev}={v}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(labels: &[(&str, &str)], image: &str) -> Deployment {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": "istiod", "labels": labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<std::collections::BTreeMap<_, _>>()},
            "spec": {"selector": {}, "template": {"spec": {"containers": [{"name": "discovery", "image": image}]}}}
        }))
        .unwrap()
    }

    #[test]
    fn istiod_versions_from_label_or_image() {
        assert_eq!(
            istiod_version(&dep(&[("app.kubernetes.io/version", "1.28.1")], "x/pilot:9")),
            "default=1.28.1"
        );
        assert_eq!(
            istiod_version(&dep(
                &[("istio.io/rev", "canary")],
                "reg:5000/istio/pilot:1.29.0-distroless"
            )),
            "canary=1.29.0-distroless"
        );
        assert_eq!(istiod_version(&dep(&[], "pilot")), "default=unknown");
    }
}
