//! A remote cluster's pods are injected by its primary's istiod, through the webhook Istio's remote
//! profile installs. That webhook's caBundle (`values.istiodRemote.injectionCABundle`) is set at
//! install time and istiod does not keep it current in a remote (it patches remote webhooks only as
//! an external control plane), so after the primary's root changes (`mesh-ca install
//! --restart-istiod`, a rotation) the API server refuses istiod's certificate and every new pod in
//! the remote fails to be created.

use k8s_openapi::api::admissionregistration::v1::MutatingWebhookConfiguration;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::Api;

use super::check::{Check, CheckId};
use crate::cluster::Cluster;
use crate::error::{Context as _, Result};

/// The injection webhook's name as Istio's chart makes it.
pub fn webhook_name(revision: Option<&str>, ns: &str) -> String {
    let rev = revision
        .filter(|r| !r.is_empty() && *r != "default")
        .map(|r| format!("-{r}"))
        .unwrap_or_default();
    let nsx = if ns == "istio-system" { String::new() } else { format!("-{ns}") };
    format!("istio-sidecar-injector{rev}{nsx}")
}

fn body(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>().split_whitespace().collect()
}

/// Whether a PEM bundle holds `root` (compared by its base64 body, so line wrapping does not matter).
pub fn bundle_holds(bundle: &str, root: &str) -> bool {
    let want = body(root);
    !want.is_empty() && bundle.split("-----END CERTIFICATE-----").any(|c| body(c) == want)
}

/// What the check found in the remote.
pub enum Verdict {
    /// No injection webhook of this revision there (nothing to check).
    NoWebhook,
    /// The primary has not published its root yet.
    NoRoot,
    Trusted,
    /// These webhooks do not trust the primary's root.
    Stale(Vec<String>),
}

pub async fn check(
    remote: &Cluster,
    primary: &Cluster,
    ns: &str,
    revision: Option<&str>,
) -> Result<Verdict> {
    let name = webhook_name(revision, ns);
    let whs: Api<MutatingWebhookConfiguration> = Api::all(remote.client.clone());
    let Some(wh) = whs
        .get_opt(&name)
        .await
        .ctx(|| format!("get MutatingWebhookConfiguration {name} in {}", remote.context))?
    else {
        return Ok(Verdict::NoWebhook);
    };
    let cms: Api<ConfigMap> = Api::namespaced(primary.client.clone(), ns);
    let root = cms
        .get_opt("istio-ca-root-cert")
        .await
        .ctx(|| format!("get ConfigMap {ns}/istio-ca-root-cert in {}", primary.context))?
        .and_then(|cm| cm.data?.get("root-cert.pem").cloned());
    let Some(root) = root else { return Ok(Verdict::NoRoot) };
    let stale: Vec<String> = wh
        .webhooks
        .unwrap_or_default()
        .into_iter()
        .filter(|w| {
            !w.client_config
                .ca_bundle
                .as_ref()
                .is_some_and(|b| bundle_holds(&String::from_utf8_lossy(&b.0), &root))
        })
        .map(|w| w.name)
        .collect();
    Ok(if stale.is_empty() { Verdict::Trusted } else { Verdict::Stale(stale) })
}

/// The injection stage for one remote: its webhook must trust the root its primary's istiod
/// serves under (`None`: no webhook or no root to compare).
pub async fn check_injection(
    remote: &Cluster,
    primary: &Cluster,
    ns: &str,
    revision: Option<&str>,
) -> Option<Check> {
    let ctx = &remote.context;
    let name = webhook_name(revision, ns);
    Some(match check(remote, primary, ns, revision).await {
        Err(e) => Check::error(CheckId::InjectionCaBundle, ctx, e.to_string(), "check the context's access"),
        Ok(Verdict::NoWebhook | Verdict::NoRoot) => return None,
        Ok(Verdict::Trusted) => Check::ok(CheckId::InjectionCaBundle, ctx, format!("{name} trusts the root of {}'s istiod", primary.context)),
        Ok(Verdict::Stale(hooks)) => Check::error(
            CheckId::InjectionCaBundle,
            ctx,
            format!("{name} ({}) does not trust the root {}'s istiod serves under: new pods in {ctx} are refused", hooks.join(", "), primary.context),
            format!(
                "re-install Istio's remote profile in {ctx} with values.istiodRemote.injectionCABundle=$(kubectl --context {} -n {ns} get cm istio-ca-root-cert -o jsonpath='{{.data.root-cert\\.pem}}' | base64 -w0)",
                primary.context
            ),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_istios_chart() {
        assert_eq!(webhook_name(None, "istio-system"), "istio-sidecar-injector");
        assert_eq!(webhook_name(Some("1-24"), "istio-system"), "istio-sidecar-injector-1-24");
        assert_eq!(webhook_name(Some("r"), "mesh"), "istio-sidecar-injector-r-mesh");
    }

    #[test]
    fn bundles_are_compared_by_body() {
        let root = "-----BEGIN CERTIFICATE-----\nAAAA\nBBBB\n-----END CERTIFICATE-----\n";
        let other = "-----BEGIN CERTIFICATE-----\nCCCC\n-----END CERTIFICATE-----\n";
        assert!(bundle_holds(
            &format!("{other}-----BEGIN CERTIFICATE-----\nAAAABBBB\n-----END CERTIFICATE-----\n"),
            root
        ));
        assert!(!bundle_holds(other, root));
    }
}
