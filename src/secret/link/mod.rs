//! `link`: reader identity and tokens on the sources, remote secrets on the control planes. Read
//! here, decided in [`plan`], carried out by the shared executor; `create` prints one.

pub mod create;
pub mod plan;

use std::collections::BTreeMap;
use std::io::Write;

use k8s_openapi::api::core::v1::{Namespace, Secret};
use kube::api::{Api, ListParams};

use super::cli::{LinkArgs, TokenArgs, TopologyArgs};
use super::identity;
use super::manifest::{self, Credentials, MULTICLUSTER_LABEL};
use super::plan::Topology;
use super::reader::{has_reader_account, reader_tokens, token_credentials, PairToken};
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::execute;
use crate::output;
use crate::session::Session;
pub use create::create;
use plan::Snapshot;

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

/// Remote secrets for every pair the topology names: the sources' reader identities first (one
/// access review before it covers every write), then one credential per direction, then the
/// Secrets, each written only where it changed.
pub async fn link(g: &Session, ns: &str, a: &LinkArgs, out: &mut dyn Write) -> Result<()> {
    let (clusters, s) = read(g, ns, a).await?;
    let identities = plan::identities(&s, a.token.token_ttl.is_some());
    let (_, done) = execute::execute_each(g.dry_run(), &clusters, &identities).await?;
    if g.dry_run() == DryRun::Client {
        return output::print(out, g.output(), &plan::planned_rows(&s, &a.token, g.dry_run()));
    }
    done?;
    let creds = credentials_per_pair(g, &clusters, &s, &a.token).await?;
    let secrets = plan::remote_secrets(&s, &creds);
    let (done, failed) = execute::execute_reviewed(g.dry_run(), &clusters, &secrets).await;
    failed?;
    output::print(out, g.output(), &plan::rows(&s, &a.token, done))
}

/// The flags, names and addresses, then every cluster (which also proves each context works).
async fn read(g: &Session, ns: &str, a: &LinkArgs) -> Result<(Vec<Cluster>, Snapshot)> {
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
    let pairs_ref = &pairs;
    let held = cluster::fan_out_all(&clusters, |i, c| async move {
        require_namespace(c, ns).await?;
        let has_reader = if pairs_ref.iter().any(|(s, _)| *s == i) {
            has_reader_account(c, ns).await?
        } else {
            false
        };
        Ok((remote_secrets(c, ns).await?, has_reader))
    })
    .await?;
    let (existing, has_reader) = held.into_iter().map(|(_, h)| h).unzip();
    let s = Snapshot { ns: ns.to_string(), contexts, names, servers, pairs, existing, has_reader };
    Ok((clusters, s))
}

/// One credential per direction: the one its remote secret carries while it may stay, else a new
/// one (its own token Secret, or a TokenRequest). The sources' token Secrets are read once each.
async fn credentials_per_pair(
    g: &Session,
    clusters: &[Cluster],
    s: &Snapshot,
    t: &TokenArgs,
) -> Result<Vec<Option<Credentials>>> {
    let ns = s.ns.as_str();
    let sources = s.sources();
    let legacy = t.token_ttl.is_none();
    let tokens = futures::future::try_join_all(sources.iter().map(|&i| async move {
        if legacy {
            reader_tokens(&clusters[i], ns).await
        } else {
            Ok(vec![])
        }
    }))
    .await?;
    let tokens: BTreeMap<usize, Vec<PairToken>> = sources.into_iter().zip(tokens).collect();
    let issued_now = crate::expiry::rfc3339(time::OffsetDateTime::now_utc());
    futures::future::try_join_all(s.pairs.iter().map(|&(src, d)| {
        let held = s.existing[d].get(&manifest::remote_secret_name(&s.names[src]));
        let mine: Vec<&str> = tokens[&src]
            .iter()
            .filter(|p| p.destination == s.names[d])
            .map(|p| p.token.as_str())
            .collect();
        let reuse = plan::reusable_token(held, &s.names[src], &s.servers[src], t.token_ttl, &mine);
        let wanted = identity::pair_token_secret(ns, &s.names[d], None);
        let issued_now = issued_now.clone();
        async move {
            let issued = reuse.as_ref().map_or(Some(issued_now), |(_, i)| i.clone());
            let server = &s.servers[src];
            let reuse = reuse.map(|(tok, _)| tok);
            let cr = token_credentials(&clusters[src], ns, server, t, reuse, &wanted, g.dry_run())
                .await?;
            Ok::<_, Error>(cr.map(|cr| Credentials { issued, ..cr }))
        }
    }))
    .await
}

pub(super) fn topology(command: &str, g: &Session, t: &TopologyArgs) -> Result<Topology> {
    if g.all_contexts() && !t.primary.is_empty() {
        return Err(Error::usage("give either --all-contexts or --primary/--remote, not both"));
    }
    let contexts = g.named_contexts()?;
    Topology::from_flags(command, &contexts, &t.primary, &t.remote)
}
