//! Before the first write of a multi-cluster command: may the user make every write it plans, in
//! every cluster? A SelfSubjectAccessReview per (cluster, verb, resource), concurrently, so that a
//! user whose RBAC lacks one verb in one cluster is told before any cluster is changed, instead of
//! leaving the clusters it could write to half-configured.

use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
};
use kube::api::{Api, PostParams};

use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};

/// One write a command will make: `verb` on `resource` (plural, in API `group`; "" is core), in
/// `namespace` (`None`: cluster-scoped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Access {
    pub verb: String,
    pub group: String,
    pub resource: String,
    /// `token` for `serviceaccounts/token`.
    pub subresource: Option<String>,
    pub namespace: Option<String>,
}

impl Access {
    pub fn new(verb: &str, group: &str, resource: &str, namespace: Option<&str>) -> Access {
        Access {
            verb: verb.into(),
            group: group.into(),
            resource: resource.into(),
            subresource: None,
            namespace: namespace.map(str::to_string),
        }
    }

    pub fn subresource(mut self, subresource: &str) -> Access {
        self.subresource = Some(subresource.into());
        self
    }

    fn text(&self) -> String {
        let mut res = if self.group.is_empty() {
            self.resource.to_string()
        } else {
            format!("{}.{}", self.resource, self.group)
        };
        if let Some(sub) = &self.subresource {
            res = format!("{res}/{sub}");
        }
        match &self.namespace {
            Some(ns) => format!("{} {res} in namespace {ns}", self.verb),
            None => format!("{} {res} (cluster-wide)", self.verb),
        }
    }
}

/// Whether the user may do `a` in `c`, as the API server's authorizer says.
async fn allowed(c: &Cluster, a: &Access) -> Result<bool> {
    let review = SelfSubjectAccessReview {
        spec: SelfSubjectAccessReviewSpec {
            resource_attributes: Some(ResourceAttributes {
                verb: Some(a.verb.clone()),
                group: Some(a.group.clone()),
                resource: Some(a.resource.clone()),
                subresource: a.subresource.clone(),
                namespace: a.namespace.clone(),
                ..Default::default()
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    let api: Api<SelfSubjectAccessReview> = Api::all(c.client.clone());
    let r = api
        .create(&PostParams::default(), &review)
        .await
        .ctx(|| format!("ask {} whether we may {}", c.context, a.text()))?;
    Ok(r.status.is_some_and(|s| s.allowed))
}

/// Every cluster's accesses checked at once; one error (exit 1) naming each cluster and what it
/// refuses, and that nothing was changed. A client dry run sends nothing, so it asks nothing: that
/// is decided here, for every command.
pub async fn require(
    dry_run: DryRun,
    clusters: &[Cluster],
    wanted: impl Fn(usize, &Cluster) -> Vec<Access>,
) -> Result<()> {
    if dry_run == DryRun::Client {
        return Ok(());
    }
    let wanted = &wanted;
    let refused = cluster::fan_out_all(clusters, |i, c| async move {
        let checks = wanted(i, c);
        let answers = futures::future::try_join_all(checks.iter().map(|a| allowed(c, a))).await?;
        Ok(checks
            .into_iter()
            .zip(answers)
            .filter(|(_, ok)| !ok)
            .map(|(a, _)| a.text())
            .collect::<Vec<_>>())
    })
    .await?;
    let lines: Vec<String> = refused
        .into_iter()
        .filter(|(_, r)| !r.is_empty())
        .map(|(c, r)| format!("in {} you may not {}", c.context, r.join(", ")))
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    Err(Error::msg(format!(
        "{}: ask for those permissions (RBAC), or leave that cluster out; nothing was changed",
        lines.join("; ")
    )))
}
