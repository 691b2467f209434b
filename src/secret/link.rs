//! `create`, `link`, `unlink`: reader identity and tokens on the sources, remote secrets on the
//! control planes.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Namespace, Secret};
use kube::api::{Api, ListParams};
use serde::Serialize;

use super::cli::{CreateArgs, LinkArgs, TokenArgs, TopologyArgs};
use super::identity;
use super::manifest::{self, Credentials, TokenKind, MULTICLUSTER_LABEL, READER_SA};
use super::plan::Topology;
use super::reader::{credentials, ensure_reader, reader_tokens, token_credentials, PairToken};
use crate::access::{self, Access};
use crate::apply;
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::outcome::{Action, Outcome};
use crate::output::{self, Row};
use crate::session::Session;

/// What a dry run says for a remote secret whose token it could not mint.
const NO_TOKEN_IN_DRY_RUN: &str = "(the token is minted only on a real run)";

/// The Istio namespace must exist where secrets go.
pub(super) async fn require_namespace(c: &Cluster, ns: &str) -> Result<()> {
    let nss: Api<Namespace> = Api::all(c.client.clone());
    match nss.get_opt(ns).await.ctx(|| format!("get Namespace {ns} in {}", c.context))? {
        Some(_) => Ok(()),
        None => Err(Error::msg(format!(
            "namespace {ns} not found in {}: install Istio there first, or pass --istio-namespace",
            c.context
        ))),
    }
}

/// The remote secrets a cluster holds, by name.
pub async fn remote_secrets(c: &Cluster, ns: &str) -> Result<BTreeMap<String, Secret>> {
    let api: Api<Secret> = Api::namespaced(c.client.clone(), ns);
    let list = api
        .list(&ListParams::default().labels(&format!("{MULTICLUSTER_LABEL}=true")))
        .await
        .ctx(|| format!("list remote secrets in {ns} in {}", c.context))?;
    Ok(list.items.into_iter().filter_map(|s| s.metadata.name.clone().map(|n| (n, s))).collect())
}

/// The remote secrets of every context of the kubeconfig other than `contexts`, each read on its
/// own: who else may still use a source's identity or token. One that cannot be read is an `Err`
/// (callers count it as a user).
pub(super) async fn held_elsewhere(
    g: &Session,
    ns: &str,
    contexts: &[String],
) -> Vec<(String, Result<BTreeMap<String, Secret>>)> {
    let others: Vec<String> = match g.all_context_names() {
        Ok(all) => all.into_iter().filter(|c| !contexts.contains(c)).collect(),
        Err(e) => return vec![("the kubeconfig".into(), Err(e))],
    };
    let read = futures::future::join_all(others.iter().map(|ctx| async {
        let c = g.for_contexts(std::slice::from_ref(ctx)).await?.remove(0);
        remote_secrets(&c, ns).await
    }))
    .await;
    others.into_iter().zip(read).collect()
}

/// `--server CTX=URL` overrides, validated against the contexts.
fn server_overrides(pairs: &[String], contexts: &[String]) -> Result<BTreeMap<String, String>> {
    let mut m = BTreeMap::new();
    for p in pairs {
        let (ctx, url) = p
            .split_once('=')
            .ok_or_else(|| Error::usage(format!("--server {p:?}: expected CONTEXT=URL")))?;
        if !contexts.iter().any(|c| c == ctx) {
            return Err(Error::usage(format!(
                "--server {p:?}: context {ctx:?} is not one of the clusters"
            )));
        }
        crate::net::parse_server_url(url, &format!("--server for {ctx}"))?;
        m.insert(ctx.to_string(), url.to_string());
    }
    Ok(m)
}

/// The token a destination's remote secret for `cluster` already carries, if it may stay: with
/// `--token-ttl`, a TokenRequest token for the same server valid for more than a fifth of the TTL;
/// without, a token of a live token Secret the suite made for this direction (`pair_tokens`).
/// Returns the token and when it was issued, so that re-running changes nothing.
pub(super) fn reusable_token(
    held: Option<&Secret>,
    cluster: &str,
    server: &str,
    ttl: Option<Duration>,
    pair_tokens: &[&str],
) -> Option<(String, Option<String>)> {
    let s = held?;
    let (info, token) = manifest::carried(s, cluster)?;
    let keep = match ttl {
        Some(ttl) => {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            info.server == server && info.expires? > now + (ttl.as_secs() / 5) as i64
        }
        None => info.expires.is_none() && pair_tokens.contains(&token.as_str()),
    };
    let issued = manifest::token_issued(s);
    keep.then_some((token, issued))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LinkRow {
    source: String,
    destination: String,
    secret: String,
    token: String,
    action: Action,
}

pub async fn link(g: &Session, ns: &str, a: &LinkArgs, out: &mut dyn Write) -> Result<()> {
    // Flags, names and addresses first.
    let topo = topology("link", g, &a.topology)?;
    let contexts = cluster::select_contexts(g.kubeconfig()?, false, &topo.contexts)?;
    let names = cluster::cluster_names(&contexts, &a.topology.cluster_names)?;
    let overrides = server_overrides(&a.servers, &contexts)?;
    let clusters = g.for_contexts(&contexts).await?;
    let servers: Vec<String> = clusters
        .iter()
        .map(|c| overrides.get(&c.context).cloned().unwrap_or_else(|| c.server.clone()))
        .collect();
    let pairs = topo.pairs();
    for (src, _) in &pairs {
        let flag = format!("--server {}=", contexts[*src]);
        manifest::check_server(&contexts[*src], &servers[*src], a.allow_loopback, &flag)?;
    }

    // Then read every cluster (this also proves each context's credentials work).
    let existing = cluster::fan_out_all(&clusters, |_, c| async move {
        require_namespace(c, ns).await?;
        remote_secrets(c, ns).await
    })
    .await?;
    let existing: Vec<&BTreeMap<String, Secret>> = existing.iter().map(|(_, e)| e).collect();

    // May we make every write in every cluster? Asked before the first one.
    let sources: Vec<usize> = pairs.iter().map(|(s, _)| *s).collect();
    let destinations: Vec<usize> = pairs.iter().map(|(_, d)| *d).collect();
    access::require(g.dry_run(), &clusters, |i, _| {
        let mut v = Vec::new();
        if sources.contains(&i) {
            // The reader identity: its ServiceAccount, token Secret and read-only RBAC.
            v.push(Access::new("patch", "", "serviceaccounts", Some(ns)));
            v.push(Access::new("create", "", "secrets", Some(ns)));
            if a.token.token_ttl.is_some() {
                v.push(Access::new("create", "", "serviceaccounts", Some(ns)).subresource("token"));
            }
            v.push(Access::new("patch", "rbac.authorization.k8s.io", "clusterroles", None));
            v.push(Access::new("patch", "rbac.authorization.k8s.io", "clusterrolebindings", None));
        }
        if destinations.contains(&i) {
            v.push(Access::new("patch", "", "secrets", Some(ns)));
        }
        v
    })
    .await?;
    let planned_action = |src: usize, dst: usize| -> Action {
        if existing[dst].contains_key(&manifest::remote_secret_name(&names[src])) {
            Action::with(Outcome::Updated, g.dry_run(), "if changed")
        } else {
            Action::new(Outcome::Created, g.dry_run())
        }
    };
    if g.dry_run() == DryRun::Client {
        let rows: Vec<LinkRow> = pairs
            .iter()
            .map(|&(s, d)| LinkRow {
                source: contexts[s].clone(),
                destination: contexts[d].clone(),
                secret: format!("{ns}/{}", manifest::remote_secret_name(&names[s])),
                token: token_kind(&a.token).name().into(),
                action: planned_action(s, d),
            })
            .collect();
        return output::print(out, g.output(), &rows);
    }

    // The reader identity of every source, and the token Secrets it already has, concurrently.
    let sources: Vec<usize> =
        (0..clusters.len()).filter(|i| pairs.iter().any(|(s, _)| s == i)).collect();
    let legacy = a.token.token_ttl.is_none();
    let (clusters, servers) = (&clusters, &servers);
    let tokens = futures::future::try_join_all(sources.iter().map(|&i| async move {
        ensure_reader(&clusters[i], ns, g.dry_run()).await?;
        if legacy {
            reader_tokens(&clusters[i], ns).await
        } else {
            Ok(vec![])
        }
    }))
    .await?;
    let tokens: BTreeMap<usize, Vec<PairToken>> = sources.into_iter().zip(tokens).collect();
    // Then one credential per direction: the one its remote secret carries while it may stay, else
    // a new one (its own token Secret, or a TokenRequest).
    let issued_now = crate::expiry::rfc3339(time::OffsetDateTime::now_utc());
    let creds = futures::future::try_join_all(pairs.iter().map(|&(s, d)| {
        let held = existing[d].get(&manifest::remote_secret_name(&names[s]));
        let mine: Vec<&str> = tokens[&s]
            .iter()
            .filter(|t| t.destination == names[d])
            .map(|t| t.token.as_str())
            .collect();
        let reuse = reusable_token(held, &names[s], &servers[s], a.token.token_ttl, &mine);
        let wanted = identity::pair_token_secret(ns, &names[d], None);
        let issued_now = issued_now.clone();
        async move {
            let issued = reuse.as_ref().map_or(Some(issued_now), |(_, i)| i.clone());
            let cr = token_credentials(
                &clusters[s],
                ns,
                &servers[s],
                &a.token,
                reuse.map(|(t, _)| t),
                &wanted,
                g.dry_run(),
            )
            .await?;
            Ok::<_, Error>(cr.map(|cr| Credentials { issued, ..cr }))
        }
    }))
    .await?;

    // One Secret per pair, applied concurrently; unchanged ones are not written.
    let results = futures::future::try_join_all(pairs.iter().zip(&creds).map(|(&(s, d), cr)| {
        let name = manifest::remote_secret_name(&names[s]);
        let secret = cr.as_ref().map(|cr| manifest::remote_secret(ns, &names[s], cr));
        let held = existing[d].get(&name).cloned();
        let dst = &clusters[d];
        async move {
            let verb = if held.is_some() { Outcome::Updated } else { Outcome::Created };
            let Some(secret) = secret else {
                return Ok::<_, Error>((
                    name,
                    Action::with(verb, g.dry_run(), NO_TOKEN_IN_DRY_RUN),
                ));
            };
            let unchanged = held.as_ref().is_some_and(|h| {
                h.data == secret.data && h.metadata.annotations == secret.metadata.annotations
            });
            let action = if unchanged {
                Outcome::Unchanged.into()
            } else {
                let api: Api<Secret> = Api::namespaced(dst.client.clone(), ns);
                apply::apply(&api, &name, &secret, g.dry_run(), || {
                    format!("Secret {ns}/{name} in {}", dst.context)
                })
                .await?;
                Action::new(verb, g.dry_run())
            };
            Ok((name, action))
        }
    }))
    .await?;
    let rows: Vec<LinkRow> = pairs
        .iter()
        .zip(results)
        .map(|(&(s, d), (name, action))| LinkRow {
            source: contexts[s].clone(),
            destination: contexts[d].clone(),
            secret: format!("{ns}/{name}"),
            token: token_kind(&a.token).name().into(),
            action,
        })
        .collect();
    output::print(out, g.output(), &rows)
}

fn token_kind(t: &TokenArgs) -> TokenKind {
    if t.token_ttl.is_some() {
        TokenKind::TokenRequest
    } else {
        TokenKind::ServiceAccountSecret
    }
}

pub(super) fn topology(command: &str, g: &Session, t: &TopologyArgs) -> Result<Topology> {
    if g.all_contexts() && !t.primary.is_empty() {
        return Err(Error::usage("give either --all-contexts or --primary/--remote, not both"));
    }
    let contexts = g.named_contexts()?;
    Topology::from_flags(command, &contexts, &t.primary, &t.remote)
}

impl Row for LinkRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["source", "destination", "secret", "token", "action"]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        vec![
            self.source.clone(),
            self.destination.clone(),
            self.secret.clone(),
            self.token.clone(),
            self.action.to_string(),
        ]
    }
}

/// Print the remote secret for one cluster; the only command that prints a token, because the user
/// asked for the Secret. The token needs the reader identity on that cluster, which this makes (as
/// `istioctl create-remote-secret` does); a dry run makes nothing and prints the Secret only if a
/// token already exists.
pub async fn create(g: &Session, ns: &str, a: &CreateArgs, out: &mut dyn Write) -> Result<()> {
    let c = &g.one().await?;
    let name = a.name.clone().unwrap_or_else(|| c.context.clone());
    crate::cli::validate_dns_label(&name, "cluster name (--name)")?;
    let server = a.server.clone().unwrap_or_else(|| c.server.clone());
    manifest::check_server(&c.context, &server, a.allow_loopback, "--server ")?;
    require_namespace(c, ns).await?;
    let Some(creds) = credentials(c, ns, &server, &a.token, None, g.dry_run()).await? else {
        return Err(Error::msg(format!(
            "{}: the reader ServiceAccount {ns}/{READER_SA} in {} has no token yet {NO_TOKEN_IN_DRY_RUN}; \
             nothing was changed",
            Action::with(Outcome::Created, g.dry_run(), "the reader identity and its token"),
            c.context
        )));
    };
    if !g.dry_run().is_dry() {
        output::note(&format!(
            "the reader identity for {name} (ServiceAccount {ns}/{READER_SA}, ClusterRole/Binding {}) is in place in {}",
            identity::reader_rbac_name(ns),
            c.context
        ));
    }
    let secret = manifest::remote_secret(ns, &name, &creds);
    let mut v = serde_json::to_value(&secret).ctx(|| "encode the Secret")?;
    v["apiVersion"] = "v1".into();
    v["kind"] = "Secret".into();
    output::write_manifests(out, g.output().for_manifests(), &[v])
}
