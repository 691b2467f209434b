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
use super::reader::credentials;
use crate::outcome::Outcome;
use crate::apply;
use crate::access::{self, Access};
use crate::cli::DryRun;
use crate::session::Session;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::output::{self, Row};

/// What a dry run says for a remote secret whose token it could not mint.
const NO_TOKEN_IN_DRY_RUN: &str = "(the token is minted only on a real run)";

/// The Istio namespace must exist where secrets go.
async fn require_namespace(c: &Cluster, ns: &str) -> Result<()> {
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

/// `--server CTX=URL` overrides, validated against the contexts.
fn server_overrides(pairs: &[String], contexts: &[String]) -> Result<BTreeMap<String, String>> {
    let mut m = BTreeMap::new();
    for p in pairs {
        let (ctx, url) = p.split_once('=').ok_or_else(|| Error::usage(format!("--server {p:?}: expected CONTEXT=URL")))?;
        if !contexts.iter().any(|c| c == ctx) {
            return Err(Error::usage(format!("--server {p:?}: context {ctx:?} is not one of the clusters")));
        }
        crate::net::parse_server_url(url, &format!("--server for {ctx}"))?;
        m.insert(ctx.to_string(), url.to_string());
    }
    Ok(m)
}

/// The token found in existing remote secrets for `cluster` (same server, a TokenRequest token
/// valid for more than a fifth of the TTL), if every destination holds one.
fn reusable_token(existing: &[&BTreeMap<String, Secret>], cluster: &str, server: &str, ttl: Duration) -> Option<String> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let margin = (ttl.as_secs() / 5) as i64;
    let mut found: Option<String> = None;
    for held in existing {
        let s = held.get(&manifest::remote_secret_name(cluster))?;
        let text = s.data.as_ref()?.get(cluster).and_then(|v| String::from_utf8(v.0.clone()).ok())?;
        let (info, token) = manifest::parse_remote_kubeconfig(cluster, &text).ok()?;
        if info.server != server || info.expires? <= now + margin {
            return None;
        }
        if found.as_ref().is_some_and(|f| f != &token) {
            return None;
        }
        found = Some(token);
    }
    found
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LinkRow {
    source: String,
    destination: String,
    secret: String,
    token: String,
    action: String,
}

pub async fn link(g: &Session, ns: &str, a: &LinkArgs, out: &mut dyn Write) -> Result<()> {
    // Flags, names and addresses first.
    let topo = topology("link", g, &a.topology)?;
    let contexts = cluster::select_contexts(g.kubeconfig()?, false, &topo.contexts)?;
    let names = cluster::cluster_names(&contexts, &a.topology.cluster_names)?;
    let overrides = server_overrides(&a.servers, &contexts)?;
    let clusters = g.for_contexts(&contexts).await?;
    let servers: Vec<String> =
        clusters.iter().map(|c| overrides.get(&c.context).cloned().unwrap_or_else(|| c.server.clone())).collect();
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

    if g.dry_run != DryRun::Client {
        // May we make every write in every cluster? Asked before the first one.
        let sources: Vec<usize> = pairs.iter().map(|(s, _)| *s).collect();
        let destinations: Vec<usize> = pairs.iter().map(|(_, d)| *d).collect();
        access::require(&clusters, |i, _| {
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
    }
    let planned_action = |src: usize, dst: usize| -> String {
        if existing[dst].contains_key(&manifest::remote_secret_name(&names[src])) {
            Outcome::Updated.say_with(g.dry_run, "if changed")
        } else {
            Outcome::Created.say(g.dry_run)
        }
    };
    if g.dry_run == DryRun::Client {
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
        return output::print(out, g.output, &rows);
    }

    // Credentials of every source that some control plane needs, concurrently.
    let sources: Vec<usize> = (0..clusters.len()).filter(|i| pairs.iter().any(|(s, _)| s == i)).collect();
    let creds = futures::future::try_join_all(sources.iter().map(|&i| {
        let dsts: Vec<&BTreeMap<String, Secret>> = pairs.iter().filter(|(s, _)| *s == i).map(|(_, d)| existing[*d]).collect();
        let reuse = a.token.token_ttl.and_then(|ttl| reusable_token(&dsts, &names[i], &servers[i], ttl));
        credentials(&clusters[i], ns, &servers[i], &a.token, reuse, g.dry_run)
    }))
    .await?;
    let creds: BTreeMap<usize, Option<Credentials>> = sources.into_iter().zip(creds).collect();

    // One Secret per pair, applied concurrently; unchanged ones are not written.
    let results = futures::future::try_join_all(pairs.iter().map(|&(s, d)| {
        let name = manifest::remote_secret_name(&names[s]);
        let secret = creds[&s].as_ref().map(|cr| manifest::remote_secret(ns, &names[s], cr));
        let held = existing[d].get(&name).cloned();
        let dst = &clusters[d];
        async move {
            let verb = if held.is_some() { Outcome::Updated } else { Outcome::Created };
            let Some(secret) = secret else {
                return Ok::<_, Error>((name, verb.say_with(g.dry_run, NO_TOKEN_IN_DRY_RUN)));
            };
            let unchanged = held.as_ref().is_some_and(|h| h.data == secret.data && h.metadata.annotations == secret.metadata.annotations);
            let action = if unchanged {
                Outcome::Unchanged.to_string()
            } else {
                let api: Api<Secret> = Api::namespaced(dst.client.clone(), ns);
                apply::apply(&api, &name, &secret, g.dry_run, || format!("Secret {ns}/{name} in {}", dst.context)).await?;
                verb.say(g.dry_run)
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
    output::print(out, g.output, &rows)
}

fn token_kind(t: &TokenArgs) -> TokenKind {
    if t.token_ttl.is_some() { TokenKind::TokenRequest } else { TokenKind::ServiceAccountSecret }
}

pub(super) fn topology(command: &str, g: &Session, t: &TopologyArgs) -> Result<Topology> {
    if g.all_contexts && !t.primary.is_empty() {
        return Err(Error::usage("give either --all-contexts or --primary/--remote, not both"));
    }
    let contexts = if g.all_contexts {
        g.all_context_names()?
    } else {
        g.contexts.clone()
    };
    Topology::from_flags(command, &contexts, &t.primary, &t.remote)
}

impl Row for LinkRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["source", "destination", "secret", "token", "action"]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        vec![self.source.clone(), self.destination.clone(), self.secret.clone(), self.token.clone(), self.action.clone()]
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
    let Some(creds) = credentials(c, ns, &server, &a.token, None, g.dry_run).await? else {
        return Err(Error::msg(format!(
            "{}: the reader ServiceAccount {ns}/{READER_SA} in {} has no token yet {NO_TOKEN_IN_DRY_RUN}; \
             nothing was changed",
            Outcome::Created.say_with(g.dry_run, "the reader identity and its token"),
            c.context
        )));
    };
    if !g.dry_run.is_dry() {
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
    output::write_manifests(out, g.output.for_manifests(), &[v])
}
