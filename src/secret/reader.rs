//! The reader identity in a source cluster and the credentials a remote secret carries: its
//! ServiceAccount and read-only RBAC, its token (a long-lived token Secret or a TokenRequest), and
//! the API server's CA.

use std::time::Duration;

use k8s_openapi::api::authentication::v1::{TokenRequest, TokenRequestSpec};
use k8s_openapi::api::core::v1::{ConfigMap, Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::api::Api;

use super::cli::TokenArgs;
use super::identity;
use super::manifest::{Credentials, TokenKind, READER_SA, TOKEN_SECRET};
use crate::apply;
use crate::cli::DryRun;
use crate::cluster::Cluster;
use crate::error::{Context as _, Error, Result};

/// Make sure the reader identity exists on `c`: the ServiceAccount (created only if missing, so an
/// Istio-installed one is left alone) and our read-only ClusterRole/Binding for it. Under a dry run
/// nothing persists (client: nothing is sent; server: the API server validates only).
pub async fn ensure_reader(c: &Cluster, ns: &str, dry_run: DryRun) -> Result<()> {
    let ctx = &c.context;
    let sas: Api<ServiceAccount> = Api::namespaced(c.client.clone(), ns);
    if sas.get_opt(READER_SA).await.ctx(|| format!("get ServiceAccount {ns}/{READER_SA} in {ctx}"))?.is_none() {
        let sa = identity::reader_service_account(ns);
        apply::apply(&sas, READER_SA, &sa, dry_run, || format!("ServiceAccount {ns}/{READER_SA} in {ctx}")).await?;
    }
    let name = identity::reader_rbac_name(ns);
    let crs: Api<ClusterRole> = Api::all(c.client.clone());
    apply::apply_if_changed(&crs, &name, &identity::reader_cluster_role(ns), dry_run, || format!("ClusterRole {name} in {ctx}"))
        .await?;
    let crbs: Api<ClusterRoleBinding> = Api::all(c.client.clone());
    apply::apply_if_changed(&crbs, &name, &identity::reader_cluster_role_binding(ns), dry_run, || {
        format!("ClusterRoleBinding {name} in {ctx}")
    })
    .await?;
    Ok(())
}

/// The long-lived token of the reader's token Secret, creating the Secret if needed and waiting
/// (bounded) for the token controller to fill it. Also returns the Secret's `ca.crt`. A dry run
/// cannot mint a token: it returns `None` when the Secret does not hold one yet.
async fn legacy_token(c: &Cluster, ns: &str, timeout: Duration, dry_run: DryRun) -> Result<Option<(String, Option<String>)>> {
    let ctx = &c.context;
    let secrets: Api<Secret> = Api::namespaced(c.client.clone(), ns);
    let what = || format!("Secret {ns}/{TOKEN_SECRET} in {ctx}");
    let filled = |s: &Secret| -> Option<(String, Option<String>)> {
        let data = s.data.as_ref()?;
        let token = data.get("token").and_then(|t| String::from_utf8(t.0.clone()).ok()).filter(|t| !t.is_empty())?;
        Some((token, data.get("ca.crt").and_then(|t| String::from_utf8(t.0.clone()).ok())))
    };
    let mut current = secrets.get_opt(TOKEN_SECRET).await.ctx(|| format!("get {}", what()))?;
    if let Some(found) = current.as_ref().and_then(filled) {
        return Ok(Some(found));
    }
    if dry_run.is_dry() {
        if current.is_none() && dry_run == DryRun::Server {
            secrets
                .create(&apply::post_params(dry_run), &identity::token_secret(ns))
                .await
                .ctx(|| format!("create {}", what()))?;
        }
        return Ok(None);
    }
    if current.is_none() {
        let made = secrets
            .create(&apply::post_params(DryRun::None), &identity::token_secret(ns))
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
        current = Some(secrets.get(TOKEN_SECRET).await.ctx(|| format!("get {}", what()))?);
    }
}

async fn requested_token(c: &Cluster, ns: &str, ttl: Duration) -> Result<String> {
    let sas: Api<ServiceAccount> = Api::namespaced(c.client.clone(), ns);
    let tr = TokenRequest {
        spec: TokenRequestSpec { expiration_seconds: Some(ttl.as_secs() as i64), ..Default::default() },
        ..Default::default()
    };
    let got: TokenRequest = sas
        .create_subresource("token", READER_SA, &apply::post_params(DryRun::None), &tr)
        .await
        .ctx(|| format!("request a token for ServiceAccount {ns}/{READER_SA} in {}", c.context))?;
    got.status.map(|s| s.token).filter(|t| !t.is_empty()).ok_or_else(|| {
        Error::msg(format!("the TokenRequest for {ns}/{READER_SA} in {} returned no token", c.context))
    })
}

/// The API server's CA for a remote kubeconfig: the kubeconfig's, else the token Secret's, else
/// the `kube-root-ca.crt` ConfigMap.
async fn server_ca(c: &Cluster, ns: &str, from_token_secret: Option<String>) -> Result<String> {
    if let Some(ca) = c.ca_pem.clone().or(from_token_secret) {
        return Ok(ca);
    }
    let cms: Api<ConfigMap> = Api::namespaced(c.client.clone(), ns);
    let cm = cms.get_opt("kube-root-ca.crt").await.ctx(|| format!("get ConfigMap {ns}/kube-root-ca.crt in {}", c.context))?;
    cm.and_then(|m| m.data).and_then(|d| d.get("ca.crt").cloned()).ok_or_else(|| {
        Error::msg(format!("no CA for the API server of {}: the kubeconfig has none and the cluster offers none", c.context))
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
    let (token, kind, ca) = match t.token_ttl {
        None => match legacy_token(c, ns, t.token_timeout, dry_run).await? {
            Some((token, ca)) => (token, TokenKind::ServiceAccountSecret, ca),
            None => return Ok(None),
        },
        Some(ttl) => {
            let token = match reuse {
                Some(tok) => tok,
                None if dry_run.is_dry() => return Ok(None),
                None => requested_token(c, ns, ttl).await?,
            };
            (token, TokenKind::TokenRequest, None)
        }
    };
    Ok(Some(Credentials { server: server.to_string(), ca_pem: server_ca(c, ns, ca).await?, token, kind }))
}

