//! The reader identity in a source cluster and the credentials a remote secret carries: its
//! ServiceAccount and read-only RBAC, its token (a long-lived token Secret or a TokenRequest), and
//! the API server's CA.

use std::time::Duration;

use k8s_openapi::api::authentication::v1::{TokenRequest, TokenRequestSpec};
use k8s_openapi::api::core::v1::{ConfigMap, Secret, ServiceAccount};
use kube::api::{Api, ListParams, ObjectMeta};

use super::cli::TokenArgs;
use super::identity;
use super::manifest::{Credentials, TokenKind, READER_SA};
use crate::apply;
use crate::cli::DryRun;
use crate::cluster::Cluster;
use crate::error::{Context as _, Error, Result};
use crate::execute;

/// Make sure the reader identity exists on `c` ([`identity::reader_changes`]), its access already
/// reviewed by the caller. Under a dry run nothing persists (client: nothing is sent; server: the
/// API server validates only).
pub async fn ensure_reader(c: &Cluster, ns: &str, dry_run: DryRun) -> Result<()> {
    let has_sa = has_reader_account(c, ns).await?;
    let plan = execute::Plan::of(identity::reader_changes(0, ns, has_sa));
    execute::execute_reviewed(dry_run, std::slice::from_ref(c), &plan).await.1
}

/// Whether `c` has the reader ServiceAccount (ours or Istio's).
pub async fn has_reader_account(c: &Cluster, ns: &str) -> Result<bool> {
    let sas: Api<ServiceAccount> = Api::namespaced(c.client.clone(), ns);
    let what = || format!("get ServiceAccount {ns}/{READER_SA} in {}", c.context);
    Ok(sas.get_metadata_opt(READER_SA).await.ctx(what)?.is_some())
}

/// The long-lived token of a reader token Secret (`wanted`, built by `identity`), creating the
/// Secret if needed and waiting (bounded) for the token controller to fill it. Also returns the
/// Secret's `ca.crt`. A dry run cannot mint a token: it returns `None` when the Secret does not hold
/// one yet.
pub async fn legacy_token(
    c: &Cluster,
    wanted: &Secret,
    timeout: Duration,
    dry_run: DryRun,
) -> Result<Option<(String, Option<String>)>> {
    let ctx = &c.context;
    let ns = wanted.metadata.namespace.as_deref().unwrap_or_default();
    let name = wanted.metadata.name.as_deref().unwrap_or_default();
    let secrets: Api<Secret> = Api::namespaced(c.client.clone(), ns);
    let what = || format!("Secret {ns}/{name} in {ctx}");
    let mut current = secrets.get_opt(name).await.ctx(|| format!("get {}", what()))?;
    if let Some(found) = current.as_ref().and_then(filled) {
        return Ok(Some(found));
    }
    if dry_run.is_dry() {
        if current.is_none() && dry_run == DryRun::Server {
            secrets
                .create(&apply::post_params(dry_run), wanted)
                .await
                .ctx(|| format!("create {}", what()))?;
        }
        return Ok(None);
    }
    if current.is_none() {
        let made = secrets
            .create(&apply::post_params(DryRun::None), wanted)
            .await
            .ctx(|| format!("create {}", what()))?;
        current = Some(made);
    }
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(found) = current.as_ref().and_then(filled) {
            return Ok(Some(found));
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(Error::msg(format!(
                "the token controller did not fill {} within {}s: is kube-controller-manager running there? \
                 (or use --token-ttl for a TokenRequest token)",
                what(),
                timeout.as_secs()
            )));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        current = Some(secrets.get(name).await.ctx(|| format!("get {}", what()))?);
    }
}

/// A token Secret's token and `ca.crt`, once the token controller has filled it.
fn filled(s: &Secret) -> Option<(String, Option<String>)> {
    let data = s.data.as_ref()?;
    let token = data
        .get("token")
        .and_then(|t| String::from_utf8(t.0.clone()).ok())
        .filter(|t| !t.is_empty())?;
    Some((token, data.get("ca.crt").and_then(|t| String::from_utf8(t.0.clone()).ok())))
}

/// One direction's token Secret in a source cluster.
#[derive(Clone)]
pub struct PairToken {
    pub name: String,
    /// The cluster whose remote secret carries it.
    pub destination: String,
    pub token: String,
    pub created: Option<String>,
    /// The API server has seen the token used (`kubernetes.io/legacy-token-last-used`).
    pub used: bool,
}

impl std::fmt::Debug for PairToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PairToken")
            .field("name", &self.name)
            .field("destination", &self.destination)
            .finish_non_exhaustive()
    }
}

/// The token Secrets (their metadata) in `c` for the remote secret in `destination`.
pub async fn pair_tokens(c: &Cluster, ns: &str, destination: &str) -> Result<Vec<ObjectMeta>> {
    let secrets: Api<Secret> = Api::namespaced(c.client.clone(), ns);
    let lp = ListParams::default().labels(&format!("{}={destination}", identity::TOKEN_FOR_LABEL));
    let list = secrets
        .list_metadata(&lp)
        .await
        .ctx(|| format!("list the token Secrets for {destination} in {ns} in {}", c.context))?;
    Ok(list.items.into_iter().map(|s| s.metadata).collect())
}

/// The label the API server puts on a legacy token Secret when its token authenticates (once a day).
pub const LAST_USED_LABEL: &str = "kubernetes.io/legacy-token-last-used";

/// The reader token Secrets of `c` that the suite made, filled ones only: the shared one
/// (`destination` empty) and one per direction.
pub async fn reader_tokens(c: &Cluster, ns: &str) -> Result<Vec<PairToken>> {
    let secrets: Api<Secret> = Api::namespaced(c.client.clone(), ns);
    let lp = ListParams::default()
        .labels(&format!("{}={}", apply::MANAGED_BY_LABEL, apply::MANAGED_BY))
        .fields("type=kubernetes.io/service-account-token");
    let list = secrets
        .list(&lp)
        .await
        .ctx(|| format!("list the reader's token Secrets in {ns} in {}", c.context))?;
    Ok(list
        .items
        .iter()
        .filter_map(|s| {
            let (token, _) = filled(s)?;
            let labels = s.metadata.labels.clone().unwrap_or_default();
            Some(PairToken {
                name: s.metadata.name.clone()?,
                destination: labels.get(identity::TOKEN_FOR_LABEL).cloned().unwrap_or_default(),
                token,
                created: s.metadata.creation_timestamp.as_ref().map(|t| t.0.to_string()),
                used: labels.contains_key(LAST_USED_LABEL),
            })
        })
        .collect())
}

async fn requested_token(c: &Cluster, ns: &str, ttl: Duration) -> Result<String> {
    let sas: Api<ServiceAccount> = Api::namespaced(c.client.clone(), ns);
    let tr = TokenRequest {
        spec: TokenRequestSpec {
            expiration_seconds: Some(ttl.as_secs() as i64),
            ..Default::default()
        },
        ..Default::default()
    };
    let got: TokenRequest = sas
        .create_subresource("token", READER_SA, &apply::post_params(DryRun::None), &tr)
        .await
        .ctx(|| format!("request a token for ServiceAccount {ns}/{READER_SA} in {}", c.context))?;
    got.status.map(|s| s.token).filter(|t| !t.is_empty()).ok_or_else(|| {
        Error::msg(format!(
            "the TokenRequest for {ns}/{READER_SA} in {} returned no token",
            c.context
        ))
    })
}

/// The API server's CA for a remote kubeconfig: the kubeconfig's, else the token Secret's, else
/// the `kube-root-ca.crt` ConfigMap.
async fn server_ca(c: &Cluster, ns: &str, from_token_secret: Option<String>) -> Result<String> {
    if let Some(ca) = c.ca_pem.clone().or(from_token_secret) {
        return Ok(ca);
    }
    let cms: Api<ConfigMap> = Api::namespaced(c.client.clone(), ns);
    let cm = cms
        .get_opt("kube-root-ca.crt")
        .await
        .ctx(|| format!("get ConfigMap {ns}/kube-root-ca.crt in {}", c.context))?;
    cm.and_then(|m| m.data).and_then(|d| d.get("ca.crt").cloned()).ok_or_else(|| {
        Error::msg(format!(
            "no CA for the API server of {}: the kubeconfig has none and the cluster offers none",
            c.context
        ))
    })
}

/// Everything a remote kubeconfig for `c` needs. `reuse` is a still-valid token found in existing
/// remote secrets (only with --token-ttl), so re-running does not churn tokens. `None` under a dry
/// run that would have to mint a token first.
pub async fn credentials(
    c: &Cluster,
    ns: &str,
    server: &str,
    t: &TokenArgs,
    reuse: Option<String>,
    dry_run: DryRun,
) -> Result<Option<Credentials>> {
    ensure_reader(c, ns, dry_run).await?;
    token_credentials(c, ns, server, t, reuse, &identity::token_secret(ns), dry_run).await
}

/// The credentials for one remote secret of `c`, its reader identity in place: `reuse` if given,
/// else a token of the token Secret `wanted` (or a TokenRequest with `--token-ttl`).
pub async fn token_credentials(
    c: &Cluster,
    ns: &str,
    server: &str,
    t: &TokenArgs,
    reuse: Option<String>,
    wanted: &Secret,
    dry_run: DryRun,
) -> Result<Option<Credentials>> {
    let (token, kind, ca) = match (t.token_ttl, reuse) {
        (None, Some(tok)) => (tok, TokenKind::ServiceAccountSecret, None),
        (None, None) => match legacy_token(c, wanted, t.token_timeout, dry_run).await? {
            Some((token, ca)) => (token, TokenKind::ServiceAccountSecret, ca),
            None => return Ok(None),
        },
        (Some(ttl), reuse) => {
            let token = match reuse {
                Some(tok) => tok,
                None if dry_run.is_dry() => return Ok(None),
                None => requested_token(c, ns, ttl).await?,
            };
            (token, TokenKind::TokenRequest, None)
        }
    };
    Ok(Some(Credentials {
        server: server.to_string(),
        ca_pem: server_ca(c, ns, ca).await?,
        token,
        kind,
        issued: None,
    }))
}
