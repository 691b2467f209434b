//! Pure builders for `mesh-secret`: the remote kubeconfig and Secret, and what a token says about
//! its expiry (the reader identity's objects are in `identity`).

use base64::Engine;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::ByteString;
use kube::api::ObjectMeta;
use serde::{Deserialize, Serialize};

use crate::apply::managed_labels;
use crate::error::{Error, Result};

pub const READER_SA: &str = "istio-reader-service-account";
/// The token Secret's name, as `istioctl x create-remote-secret` names it.
pub const TOKEN_SECRET: &str = "istio-reader-service-account-istio-remote-secret-token";
pub const MULTICLUSTER_LABEL: &str = "istio/multiCluster";
pub const CLUSTER_ANNOTATION: &str = "networking.istio.io/cluster";
/// How the token in a remote secret was made: `service-account-secret` or `token-request`.
pub const TOKEN_KIND_ANNOTATION: &str = "kubectl-mesh.io/token";
/// When the remote secret got the token it carries (RFC 3339): the credential's age.
pub const TOKEN_ISSUED_ANNOTATION: &str = "kubectl-mesh.io/token-issued";

/// When a remote secret got its token, as it records it ([`TOKEN_ISSUED_ANNOTATION`]).
pub fn token_issued(s: &Secret) -> Option<String> {
    s.metadata.annotations.as_ref().and_then(|a| a.get(TOKEN_ISSUED_ANNOTATION)).cloned()
}

pub fn remote_secret_name(cluster: &str) -> String {
    format!("istio-remote-secret-{cluster}")
}

/// How the token was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenKind {
    ServiceAccountSecret,
    TokenRequest,
}

impl TokenKind {
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::ServiceAccountSecret => "service-account-secret",
            TokenKind::TokenRequest => "token-request",
        }
    }
}

/// What goes into a remote kubeconfig. `Debug` never shows the token.
#[derive(Clone)]
pub struct Credentials {
    pub server: String,
    pub ca_pem: String,
    pub token: String,
    pub kind: TokenKind,
    /// When the token was issued to this remote secret (RFC 3339), if known.
    pub issued: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("server", &self.server)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// The kubeconfig istiod reads from a remote secret: one cluster, user and context named after the
/// cluster, the CA embedded, a bearer token; no exec or auth-provider plugin, no file paths.
pub fn remote_kubeconfig(cluster: &str, c: &Credentials) -> String {
    let ca = base64::engine::general_purpose::STANDARD.encode(c.ca_pem.as_bytes());
    let v = serde_json::json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": cluster, "cluster": {"server": c.server, "certificate-authority-data": ca}}],
        "users": [{"name": cluster, "user": {"token": c.token}}],
        "contexts": [{"name": cluster, "context": {"cluster": cluster, "user": cluster}}],
        "current-context": cluster,
        "preferences": {},
    });
    serde_yaml::to_string(&v).expect("a kubeconfig serializes")
}

/// The remote Secret for `cluster`, to be placed in a control plane's Istio namespace.
pub fn remote_secret(istio_ns: &str, cluster: &str, c: &Credentials) -> Secret {
    let mut labels = managed_labels();
    labels.insert(MULTICLUSTER_LABEL.into(), "true".into());
    Secret {
        metadata: ObjectMeta {
            name: Some(remote_secret_name(cluster)),
            namespace: Some(istio_ns.into()),
            labels: Some(labels),
            annotations: Some(
                [
                    (CLUSTER_ANNOTATION.to_string(), cluster.to_string()),
                    (TOKEN_KIND_ANNOTATION.to_string(), c.kind.name().to_string()),
                ]
                .into_iter()
                .chain(c.issued.clone().map(|t| (TOKEN_ISSUED_ANNOTATION.to_string(), t)))
                .collect(),
            ),
            ..Default::default()
        },
        type_: Some("Opaque".into()),
        data: Some(
            [(cluster.to_string(), ByteString(remote_kubeconfig(cluster, c).into_bytes()))].into(),
        ),
        ..Default::default()
    }
}

/// The parts of a kubeconfig we look at.
#[derive(Deserialize, Default)]
struct Kc {
    #[serde(default)]
    clusters: Vec<Named<KcCluster>>,
    #[serde(default)]
    users: Vec<Named<serde_yaml::Value>>,
}

#[derive(Deserialize)]
struct Named<T> {
    name: String,
    #[serde(alias = "user")]
    cluster: T,
}

#[derive(Deserialize, Default)]
struct KcCluster {
    #[serde(default)]
    server: String,
    #[serde(rename = "certificate-authority-data", default)]
    ca_data: Option<String>,
    #[serde(rename = "certificate-authority", default)]
    ca_file: Option<String>,
}

/// What a remote secret's kubeconfig says (never the token).
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteInfo {
    pub cluster: String,
    pub server: String,
    /// `exp` of the token, if it has one (Unix seconds).
    pub expires: Option<i64>,
}

/// Parse a remote kubeconfig and check it passes the rules istiod applies: exactly the cluster it
/// is named after, CA data embedded, a token, no exec/auth-provider plugins and no file paths.
/// Returns what it says and the token (for the caller to use, never to print).
pub fn parse_remote_kubeconfig(cluster: &str, text: &str) -> Result<(RemoteInfo, String)> {
    let kc: Kc = serde_yaml::from_str(text)
        .map_err(|_| Error::msg(format!("the kubeconfig for {cluster} is not valid YAML")))?;
    let c = kc
        .clusters
        .iter()
        .find(|c| c.name == cluster)
        .ok_or_else(|| Error::msg(format!("the kubeconfig has no cluster named {cluster}")))?;
    if c.cluster.ca_file.is_some() {
        return Err(Error::msg("the kubeconfig refers to a CA file; istiod needs the CA embedded"));
    }
    if c.cluster.ca_data.as_deref().unwrap_or("").is_empty() {
        return Err(Error::msg("the kubeconfig has no certificate-authority-data"));
    }
    let user = kc.users.first().ok_or_else(|| Error::msg("the kubeconfig has no user"))?;
    let u = &user.cluster;
    for forbidden in ["exec", "auth-provider", "tokenFile", "client-certificate", "client-key"] {
        if u.get(forbidden).is_some() {
            return Err(Error::msg(format!(
                "the kubeconfig uses {forbidden}, which istiod rejects"
            )));
        }
    }
    let token = u.get("token").and_then(|t| t.as_str()).unwrap_or("").to_string();
    if token.is_empty() {
        return Err(Error::msg("the kubeconfig has no token"));
    }
    let info = RemoteInfo {
        cluster: cluster.to_string(),
        server: c.cluster.server.clone(),
        expires: token_expiry(&token),
    };
    Ok((info, token))
}

/// What a remote secret for `cluster` carries (its kubeconfig, checked as istiod would), and the
/// token; `None` when it holds no usable kubeconfig for that cluster.
pub fn carried(s: &Secret, cluster: &str) -> Option<(RemoteInfo, String)> {
    let text = s.data.as_ref()?.get(cluster).and_then(|v| String::from_utf8(v.0.clone()).ok())?;
    parse_remote_kubeconfig(cluster, &text).ok()
}

/// The `exp` claim of a JWT (bound tokens have one; legacy Secret tokens do not).
pub fn token_expiry(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v.get("exp")?.as_i64()
}

/// A server a remote istiod can use: https, and not loopback unless allowed.
/// A server URL other clusters will use: https, a valid host and port, and not loopback unless
/// allowed. `flag` is how the user passes another one (`--server ctx=URL` for `link`, `--server
/// URL` for `create`), so the advice is a form the command accepts.
pub fn check_server(context: &str, server: &str, allow_loopback: bool, flag: &str) -> Result<()> {
    let (host, _) = crate::net::parse_server_url(server, &format!("server for {context}"))?;
    if crate::net::is_loopback_host(&host) && !allow_loopback {
        return Err(Error::usage(format!(
            "the API server of {context} is {server}, a loopback address a remote istiod could never reach: \
             pass {flag}https://<address reachable from the other clusters> (or --allow-loopback)"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Credentials {
        Credentials {
            server: "https://10.0.0.1:6443".into(),
            ca_pem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".into(),
            token: "aaa.eyJleHAiOjE3MDAwMDAwMDB9.sig".into(),
            kind: TokenKind::TokenRequest,
            issued: Some("2026-11-24T10:00:00Z".into()),
        }
    }

    #[test]
    fn remote_secret_has_istioctls_shape() {
        let s = remote_secret("istio-system", "cluster2", &creds());
        assert_eq!(s.metadata.name.as_deref(), Some("istio-remote-secret-cluster2"));
        assert_eq!(s.metadata.labels.as_ref().unwrap()["istio/multiCluster"], "true");
        assert_eq!(
            s.metadata.annotations.as_ref().unwrap()["networking.istio.io/cluster"],
            "cluster2"
        );
        assert_eq!(
            s.metadata.annotations.as_ref().unwrap()[TOKEN_ISSUED_ANNOTATION],
            "2026-11-24T10:00:00Z"
        );
        let data = s.data.unwrap();
        assert_eq!(data.keys().collect::<Vec<_>>(), ["cluster2"]);
        let text = String::from_utf8(data["cluster2"].0.clone()).unwrap();
        let (info, token) = parse_remote_kubeconfig("cluster2", &text).unwrap();
        assert_eq!(info.server, "https://10.0.0.1:6443");
        assert_eq!(info.expires, Some(1_700_000_000));
        assert_eq!(token, creds().token);
        assert!(!format!("{:?}", creds()).contains("eyJ"), "Debug shows the token");
    }

    #[test]
    fn istiods_rules_for_remote_kubeconfigs() {
        let base = "clusters: [{name: c, cluster: {server: 'https://x', certificate-authority-data: Zm9v}}]\n";
        assert!(parse_remote_kubeconfig(
            "c",
            &format!("{base}users: [{{name: c, user: {{token: t}}}}]")
        )
        .is_ok());
        for user in
            ["{exec: {command: aws}}", "{auth-provider: {name: gcp}}", "{tokenFile: /x}", "{}"]
        {
            let kc = format!("{base}users: [{{name: c, user: {user}}}]");
            assert!(parse_remote_kubeconfig("c", &kc).is_err(), "{user}");
        }
        let file = "clusters: [{name: c, cluster: {server: 'https://x', certificate-authority: /ca.crt}}]\nusers: [{name: c, user: {token: t}}]";
        assert!(parse_remote_kubeconfig("c", file).unwrap_err().to_string().contains("CA file"));
        assert!(parse_remote_kubeconfig(
            "other",
            &format!("{base}users: [{{name: c, user: {{token: t}}}}]")
        )
        .is_err());
    }

    #[test]
    fn servers_must_be_https_and_reachable() {
        assert!(check_server("c", "https://10.1.2.3:6443", false, "--server c=").is_ok());
        assert!(check_server("c", "http://10.1.2.3:6443", false, "--server c=")
            .unwrap_err()
            .to_string()
            .contains("https"));
        assert!(check_server("c", "https://10.1.2.3:99999", false, "--server c=").is_err());
        for lo in ["https://127.0.0.1:6443", "https://localhost:6443", "https://[::1]:6443"] {
            let e = check_server("c", lo, false, "--server c=").unwrap_err().to_string();
            assert!(e.contains("--server c=https://"), "{e}");
            let e = check_server("c", lo, false, "--server ").unwrap_err().to_string();
            assert!(e.contains("pass --server https://<address"), "{e}");
            assert!(check_server("c", lo, true, "--server c=").is_ok());
        }
        assert!(check_server("c", "not a url", false, "--server c=").is_err());
    }
}
