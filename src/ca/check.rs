//! The read side other commands use: a cluster's `cacerts`, checked the way istiod checks it.

use k8s_openapi::api::core::v1::Secret;
use kube::api::Api;
use time::OffsetDateTime;

use super::pki::{self, CertInfo};
use super::secret::{bundle_of, missing_files, CACERTS};
use crate::cluster::Cluster;
use crate::error::{Context as _, Result};

/// What one cluster's `cacerts` says.
#[derive(Clone, Debug)]
pub enum CaCheck {
    /// No `cacerts` Secret in the Istio namespace.
    Missing,
    /// The Secret lacks these files.
    Incomplete(Vec<&'static str>),
    /// The bundle does not parse.
    Invalid(String),
    /// The intermediate, the root it chains to, what is wrong with the bundle (empty: nothing), and
    /// the phase of a root rotation it is in ("phase 2 of 3").
    Checked {
        info: Box<CertInfo>,
        root_fingerprint: String,
        root_not_after: Option<OffsetDateTime>,
        problems: Vec<String>,
        rotation: Option<String>,
    },
}

/// Read and check `cacerts` in `c` (Istio namespace `ns`); with `expected_root`, the bundle must
/// chain to that root.
pub async fn check_cluster(
    c: &Cluster,
    ns: &str,
    expected_root: Option<&str>,
    now: OffsetDateTime,
) -> Result<CaCheck> {
    let api: Api<Secret> = Api::namespaced(c.client.clone(), ns);
    let Some(s) =
        api.get_opt(CACERTS).await.ctx(|| format!("get Secret {ns}/{CACERTS} in {}", c.context))?
    else {
        return Ok(CaCheck::Missing);
    };
    let Some(b) = bundle_of(&s) else {
        return Ok(CaCheck::Incomplete(missing_files(&s)));
    };
    Ok(match pki::check_bundle(&b, expected_root, now) {
        Err(e) => CaCheck::Invalid(e.to_string()),
        Ok((info, problems)) => {
            let root_fingerprint = pki::fingerprint_of(&b.root_cert).unwrap_or_else(|_| "-".into());
            let root_not_after = pki::inspect(&b.root_cert).ok().map(|r| r.not_after_time);
            let rotation = super::rotation::Stand::of(&b).ok().and_then(|s| s.phase_text());
            CaCheck::Checked {
                info: Box::new(info),
                root_fingerprint,
                root_not_after,
                problems,
                rotation,
            }
        }
    })
}
