//! `list`: each cluster's remote secrets, whether each works right now from here (the laptop's
//! check), and what the holder's istiod says of it (its `/debug/clusterz`, through a port-forward to
//! its pod, as `istioctl remote-clusters` asks). istiod is the judge: a secret it has not synced
//! fails the command whatever the laptop's check says.

use std::io::Write;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Endpoints, Namespace, Pod, Secret, Service};
use kube::api::{Api, ListParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use serde::Serialize;

use super::link::remote_secrets;
use super::manifest::{self, CLUSTER_ANNOTATION, TOKEN_KIND_ANNOTATION};
use crate::cluster;
use crate::error::{Context as _, Error, Result};
use crate::expiry::ExpiryArgs;
use crate::istiod::{self, Verdict};
use crate::output::{self, Row};
use crate::session::Session;

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ListRow {
    pub cluster: String,
    pub secret: String,
    pub remote_cluster: String,
    pub server: String,
    pub token: String,
    pub expires: String,
    /// When the remote secret was made (RFC 3339): its credential's age.
    pub created: Option<String>,
    pub works: bool,
    pub status: String,
    /// What the holder's istiod says (synced, syncing, timeout, closed, absent, or why it could
    /// not be asked).
    pub istiod: Verdict,
    /// The revision whose istiod gave that verdict, when several serve the namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub istiod_revision: Option<String>,
    /// Expiring within --warn-within.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    #[serde(skip)]
    expires_at: Option<time::OffsetDateTime>,
}

impl ListRow {
    fn failed(cluster: &str, status: String) -> ListRow {
        ListRow {
            cluster: cluster.to_string(),
            secret: "-".into(),
            remote_cluster: "-".into(),
            server: "-".into(),
            token: "-".into(),
            expires: "-".into(),
            created: None,
            works: false,
            status,
            istiod: Verdict::NotAsked("the secrets could not be read".into()),
            istiod_revision: None,
            warning: None,
            expires_at: None,
        }
    }

    /// How long ago the secret was made, as kubectl's AGE column says it.
    fn age(&self, now: time::OffsetDateTime) -> String {
        let Some(t) = self.created.as_deref().and_then(|c| {
            time::OffsetDateTime::parse(c, &time::format_description::well_known::Rfc3339).ok()
        }) else {
            return "-".into();
        };
        let secs = (now - t).whole_seconds().max(0) as u64;
        match secs {
            s if s < 120 => format!("{s}s"),
            s if s < 7200 => format!("{}m", s / 60),
            s if s < 2 * 86400 => format!("{}h", s / 3600),
            s => format!("{}d", s / 86400),
        }
    }
}

impl Row for ListRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec![
            "cluster",
            "secret",
            "remote cluster",
            "server",
            "token",
            "age",
            "expires",
            "istiod",
            "works",
        ]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        vec![
            self.cluster.clone(),
            self.secret.clone(),
            self.remote_cluster.clone(),
            self.server.clone(),
            self.token.clone(),
            self.age(time::OffsetDateTime::now_utc()),
            match &self.warning {
                Some(_) => format!("{} (soon)", self.expires),
                None => self.expires.clone(),
            },
            match &self.istiod_revision {
                Some(rev) => format!("{} ({rev})", self.istiod),
                None => self.istiod.to_string(),
            },
            if self.works { "yes".into() } else { format!("no: {}", self.status) },
        ]
    }
}

/// Whether a remote kubeconfig can do what istiod needs: list pods, services, endpoints and
/// namespaces in the cluster it points to.
pub async fn check_remote(cluster: &str, kubeconfig_text: &str, timeout: Duration) -> Result<()> {
    let kc = Kubeconfig::from_yaml(kubeconfig_text)
        .map_err(|_| Error::msg("the embedded kubeconfig does not parse"))?;
    let opts = KubeConfigOptions { context: Some(cluster.to_string()), ..Default::default() };
    let mut config = kube::Config::from_custom_kubeconfig(kc, &opts)
        .await
        .map_err(|_| Error::msg("the embedded kubeconfig is not usable"))?;
    let t = timeout.min(Duration::from_secs(10));
    config.connect_timeout = Some(t);
    config.read_timeout = Some(t);
    let client =
        kube::Client::try_from(config).ctx(|| "create a client from the embedded kubeconfig")?;
    let lp = ListParams::default().limit(1);
    let (pods, svcs) = (Api::<Pod>::all(client.clone()), Api::<Service>::all(client.clone()));
    let (eps, nss) = (Api::<Endpoints>::all(client.clone()), Api::<Namespace>::all(client));
    let (a, b, c, d) = futures::join!(
        pods.list_metadata(&lp),
        svcs.list_metadata(&lp),
        eps.list_metadata(&lp),
        nss.list_metadata(&lp)
    );
    for (what, r) in [
        ("pods", a.map(|_| ())),
        ("services", b.map(|_| ())),
        ("endpoints", c.map(|_| ())),
        ("namespaces", d.map(|_| ())),
    ] {
        r.ctx(|| format!("list {what} with it"))?;
    }
    Ok(())
}

fn expires_text(exp: Option<i64>) -> String {
    match exp.and_then(|e| time::OffsetDateTime::from_unix_timestamp(e).ok()) {
        None => "never".into(),
        Some(t) => t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
    }
}

/// The remote cluster a remote secret names (its annotation, else its one data key) and its
/// kubeconfig text, if the Secret has it.
fn kubeconfig_of(s: &Secret) -> (String, Option<String>) {
    let annotated =
        s.metadata.annotations.as_ref().and_then(|a| a.get(CLUSTER_ANNOTATION)).cloned();
    let data = s.data.clone().unwrap_or_default();
    let remote = annotated.or_else(|| data.keys().next().cloned()).unwrap_or_default();
    let text = data.get(&remote).and_then(|v| String::from_utf8(v.0.clone()).ok());
    (remote, text)
}

/// The API servers a control plane watches through the remote secrets in its Istio namespace
/// (the read side other commands use; secrets that do not parse are left out).
pub async fn watched_servers(c: &cluster::Cluster, ns: &str) -> Result<Vec<manifest::RemoteInfo>> {
    let held = remote_secrets(c, ns).await?;
    Ok(held
        .values()
        .filter_map(|s| {
            let (remote, text) = kubeconfig_of(s);
            manifest::parse_remote_kubeconfig(&remote, &text?).ok().map(|(info, _)| info)
        })
        .collect())
}

/// One row for a remote secret held by `holder`: what it points at and whether it works.
pub async fn inspect(holder: &str, s: &Secret, timeout: Duration) -> ListRow {
    let name = s.metadata.name.clone().unwrap_or_default();
    let (remote, text) = kubeconfig_of(s);
    let mut row = ListRow {
        secret: name,
        remote_cluster: remote.clone(),
        ..ListRow::failed(holder, String::new())
    };
    // The token's age: when this secret got it (rotation and link say so), else the secret's.
    let issued = manifest::token_issued(s);
    row.created =
        issued.or_else(|| s.metadata.creation_timestamp.as_ref().map(|t| t.0.to_string()));
    let Some(text) = text else {
        row.status = format!("no data key {remote:?}");
        return row;
    };
    match manifest::parse_remote_kubeconfig(&remote, &text) {
        Err(e) => row.status = e.to_string(),
        Ok((info, _token)) => {
            row.server = info.server;
            row.expires = expires_text(info.expires);
            row.expires_at =
                info.expires.and_then(|e| time::OffsetDateTime::from_unix_timestamp(e).ok());
            row.token = s
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(TOKEN_KIND_ANNOTATION))
                .cloned()
                .unwrap_or_else(|| {
                    if info.expires.is_some() {
                        "bound token".into()
                    } else {
                        "long-lived token".into()
                    }
                });
            match check_remote(&remote, &text, timeout).await {
                Ok(()) => {
                    row.works = true;
                    row.status = "ok".into();
                }
                Err(e) => row.status = e.to_string(),
            }
        }
    }
    row
}

pub async fn list(g: &Session, ns: &str, expiry: &ExpiryArgs, out: &mut dyn Write) -> Result<()> {
    let clusters = g.clusters().await?;
    let timeout = g.request_timeout();
    let per_cluster = cluster::fan_out(&clusters, |_, c| async move {
        let (held, asked) =
            futures::join!(remote_secrets(c, ns), istiod::clusterz_all(&c.client, ns, timeout));
        let mut rows =
            futures::future::join_all(held?.values().map(|s| inspect(&c.context, s, timeout)))
                .await;
        for r in &mut rows {
            (r.istiod, r.istiod_revision) =
                istiod::verdict_from(&asked, &format!("{ns}/{}", r.secret));
        }
        Ok::<_, Error>(rows)
    })
    .await;
    let mut rows = Vec::new();
    for (c, r) in per_cluster {
        match r {
            Ok(mut v) => rows.append(&mut v),
            Err(e) => rows.push(ListRow::failed(&c.context, e.to_string())),
        }
    }
    settle(&clusters, ns, &mut rows, timeout).await;
    let now = time::OffsetDateTime::now_utc();
    for r in &mut rows {
        r.warning = r.expires_at.and_then(|t| expiry.warning("the token", t, now));
    }
    output::print(out, g.output(), &rows)?;
    let broken: Vec<String> =
        rows.iter().filter(|r| !r.works).map(|r| format!("{}/{}", r.cluster, r.secret)).collect();
    let unsynced = unsynced(&rows);
    if broken.is_empty() && unsynced.is_empty() {
        let warnings: Vec<String> = rows
            .iter()
            .filter_map(|r| r.warning.as_ref().map(|w| format!("{}/{}: {w}", r.cluster, r.secret)))
            .collect();
        return expiry.gate(&warnings);
    }
    let mut said = Vec::new();
    if !broken.is_empty() {
        said.push(format!(
            "{} of {} remote secrets do not work: {}",
            broken.len(),
            rows.len(),
            broken.join(", ")
        ));
    }
    if !unsynced.is_empty() {
        said.push(format!(
            "istiod has not synced {} of {} remote secrets: {}",
            unsynced.len(),
            rows.len(),
            unsynced.join(", ")
        ));
    }
    Err(Error::msg(said.join("; ")))
}

/// How long `list` lets istiod finish what it is doing (a secret it is syncing, or one made a
/// moment ago that it has not loaded yet) before it reports: it normally takes a second or two.
const SETTLE: Duration = Duration::from_secs(10);

/// istiod was caught mid-way (see [`SETTLE`]): ask again, the clusters concerned only, until it is
/// done or the time is up; what it says then is the verdict.
async fn settle(clusters: &[cluster::Cluster], ns: &str, rows: &mut [ListRow], timeout: Duration) {
    let deadline = tokio::time::Instant::now() + SETTLE;
    loop {
        let now = time::OffsetDateTime::now_utc();
        let busy: Vec<&cluster::Cluster> = clusters
            .iter()
            .filter(|c| rows.iter().any(|r| r.cluster == c.context && in_progress(r, now)))
            .collect();
        if busy.is_empty() || tokio::time::Instant::now() >= deadline {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let asked = futures::future::join_all(
            busy.iter().map(|c| istiod::clusterz_all(&c.client, ns, timeout)),
        )
        .await;
        for (c, a) in busy.iter().zip(asked) {
            for r in rows.iter_mut().filter(|r| r.cluster == c.context) {
                (r.istiod, r.istiod_revision) =
                    istiod::verdict_from(&a, &format!("{ns}/{}", r.secret));
            }
        }
    }
}

/// istiod is still at work on this secret: syncing it, or not yet loaded one made within 30 s.
fn in_progress(r: &ListRow, now: time::OffsetDateTime) -> bool {
    let fresh = || {
        r.created
            .as_deref()
            .and_then(|c| {
                time::OffsetDateTime::parse(c, &time::format_description::well_known::Rfc3339).ok()
            })
            .is_some_and(|t| now - t < time::Duration::seconds(30))
    };
    r.istiod == Verdict::Syncing || (r.istiod == Verdict::Absent && fresh())
}

/// The secrets istiod answered for with anything but "synced", each with istiod's word, and the
/// laptop's when it disagrees (its check works, so istiod's network or permissions differ).
fn unsynced(rows: &[ListRow]) -> Vec<String> {
    rows.iter()
        .filter(|r| r.istiod.is_failure())
        .map(|r| {
            let laptop = if r.works { ", though it works from here" } else { "" };
            format!("{}/{} ({}{laptop})", r.cluster, r.secret, r.istiod)
        })
        .collect()
}
