//! `create`, `link`, `unlink`: reader identity and tokens on the sources, remote secrets on the
//! control planes.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Namespace, Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::api::{Api, ListParams};
use serde::Serialize;

use super::cli::{CreateArgs, LinkArgs, TokenArgs, TopologyArgs};
use super::manifest::{self, Credentials, TokenKind, MULTICLUSTER_LABEL, READER_SA, TOKEN_SECRET};
use super::plan::Topology;
use super::reader::credentials;
use crate::apply;
use crate::access::{self, Access};
use crate::cli::{DryRun, Output};
use crate::session::Session;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::output;

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
    let planned_action = |src: usize, dst: usize| -> &'static str {
        if existing[dst].contains_key(&manifest::remote_secret_name(&names[src])) { "update if changed" } else { "create" }
    };
    if g.dry_run == DryRun::Client {
        let rows: Vec<LinkRow> = pairs
            .iter()
            .map(|&(s, d)| LinkRow {
                source: contexts[s].clone(),
                destination: contexts[d].clone(),
                secret: format!("{ns}/{}", manifest::remote_secret_name(&names[s])),
                token: token_kind(&a.token).name().into(),
                action: g.dry_run.outcome("", planned_action(s, d)),
            })
            .collect();
        return render_link(out, g.output, &rows);
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
            let verb = if held.is_some() { ("updated", "update") } else { ("created", "create") };
            let Some(secret) = secret else {
                return Ok::<_, Error>((name, g.dry_run.outcome("", &format!("{} {NO_TOKEN_IN_DRY_RUN}", verb.1))));
            };
            let unchanged = held.as_ref().is_some_and(|h| h.data == secret.data && h.metadata.annotations == secret.metadata.annotations);
            let action = if unchanged {
                "unchanged".to_string()
            } else {
                let api: Api<Secret> = Api::namespaced(dst.client.clone(), ns);
                apply::apply(&api, &name, &secret, g.dry_run, || format!("Secret {ns}/{name} in {}", dst.context)).await?;
                g.dry_run.outcome(verb.0, verb.1)
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
    render_link(out, g.output, &rows)
}

fn token_kind(t: &TokenArgs) -> TokenKind {
    if t.token_ttl.is_some() { TokenKind::TokenRequest } else { TokenKind::ServiceAccountSecret }
}

fn topology(command: &str, g: &Session, t: &TopologyArgs) -> Result<Topology> {
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

fn render_link(out: &mut dyn Write, fmt: Output, rows: &[LinkRow]) -> Result<()> {
    let table = || {
        output::table(
            &["source", "destination", "secret", "token", "action"],
            rows.iter().map(|r| vec![r.source.clone(), r.destination.clone(), r.secret.clone(), r.token.clone(), r.action.clone()]),
        )
    };
    output::render(out, fmt, table, rows)
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
            g.dry_run.outcome("", "create the reader identity and its token"),
            c.context
        )));
    };
    if !g.dry_run.is_dry() {
        output::note(&format!(
            "the reader identity for {name} (ServiceAccount {ns}/{READER_SA}, ClusterRole/Binding {}) is in place in {}",
            manifest::reader_rbac_name(ns),
            c.context
        ));
    }
    let secret = manifest::remote_secret(ns, &name, &creds);
    let mut v = serde_json::to_value(&secret).ctx(|| "encode the Secret")?;
    v["apiVersion"] = "v1".into();
    v["kind"] = "Secret".into();
    output::write_manifests(out, g.output.for_manifests(), &[v])
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UnlinkRow {
    cluster: String,
    object: String,
    action: String,
}

/// Remove the remote secrets `link` made for exactly the pairs these flags name. A source's reader
/// identity (token Secret, RBAC, ServiceAccount, when the suite created them) goes only when no
/// remote secret left anywhere in the kubeconfig's clusters still uses it; otherwise it is kept and
/// the row says which cluster still needs it. Objects without our label (Istio's or Helm's) are kept.
pub async fn unlink(g: &Session, ns: &str, a: &TopologyArgs, out: &mut dyn Write) -> Result<()> {
    let topo = topology("unlink", g, a)?;
    let contexts = cluster::select_contexts(g.kubeconfig()?, false, &topo.contexts)?;
    let names = cluster::cluster_names(&contexts, &a.cluster_names)?;
    let clusters = g.for_contexts(&contexts).await?;
    cluster::check_all_reachable(&clusters).await?;
    let pairs = topo.pairs();

    // Who else still holds a remote secret for each source: every other context of the kubeconfig,
    // read before anything is deleted. One that cannot be read counts as a user (we keep the identity).
    let others: Vec<String> =
        g.all_context_names()?.into_iter().filter(|c| !contexts.contains(c)).collect();
    let other_clusters = futures::future::join_all(others.iter().map(|ctx| async {
        let c = g.for_contexts(std::slice::from_ref(ctx)).await?.remove(0);
        remote_secrets(&c, ns).await
    }))
    .await;
    let given = cluster::fan_out_all(&clusters, |_, c| remote_secrets(c, ns)).await?;
    let users_of = |s: usize| -> Vec<String> {
        let secret = manifest::remote_secret_name(&names[s]);
        let mut users: Vec<String> = given
            .iter()
            .enumerate()
            .filter(|(d, (_, held))| *d != s && !pairs.contains(&(s, *d)) && held.contains_key(&secret))
            .map(|(_, (c, _))| c.context.clone())
            .collect();
        for (ctx, r) in others.iter().zip(&other_clusters) {
            match r {
                Ok(held) if held.contains_key(&secret) => users.push(ctx.clone()),
                Ok(_) => {}
                Err(_) => users.push(format!("{ctx} (unreadable)")),
            }
        }
        users
    };
    // Per cluster: `None` if it is the source of no named pair (its identity is not ours to touch
    // here), else who still uses its identity (empty: nobody, so it goes).
    let users: Vec<Option<Vec<String>>> =
        (0..clusters.len()).map(|s| pairs.iter().any(|(src, _)| *src == s).then(|| users_of(s))).collect();

    let dry = g.dry_run;
    let rows = cluster::fan_out_all(&clusters, |i, c| {
        let wanted: Vec<String> =
            pairs.iter().filter(|(_, d)| *d == i).map(|(s, _)| manifest::remote_secret_name(&names[*s])).collect();
        let still_used = &users[i];
        async move {
            let mut rows = Vec::new();
            let row = |object: String, action: String| UnlinkRow { cluster: c.context.clone(), object, action };
            let secrets: Api<Secret> = Api::namespaced(c.client.clone(), ns);
            for name in &wanted {
                let action = apply::delete_if_ours(&secrets, name, dry, || format!("Secret {ns}/{name} in {}", c.context)).await?;
                rows.push(row(format!("secret/{name}"), action));
            }
            let rbac = manifest::reader_rbac_name(ns);
            let identity = [
                format!("secret/{TOKEN_SECRET}"),
                format!("clusterrolebinding/{rbac}"),
                format!("clusterrole/{rbac}"),
                format!("serviceaccount/{READER_SA}"),
            ];
            match still_used {
                None => return Ok(rows),
                Some(users) if !users.is_empty() => {
                    let why = format!("kept (still used by the remote secret in {})", users.join(", "));
                    rows.extend(identity.into_iter().map(|o| row(o, why.clone())));
                    return Ok(rows);
                }
                Some(_) => {}
            }
            let action = apply::delete_if_ours(&secrets, TOKEN_SECRET, dry, || format!("Secret {ns}/{TOKEN_SECRET} in {}", c.context)).await?;
            rows.push(row(identity[0].clone(), action));
            let crbs: Api<ClusterRoleBinding> = Api::all(c.client.clone());
            let action = apply::delete_if_ours(&crbs, &rbac, dry, || format!("ClusterRoleBinding {rbac} in {}", c.context)).await?;
            rows.push(row(identity[1].clone(), action));
            let crs: Api<ClusterRole> = Api::all(c.client.clone());
            let action = apply::delete_if_ours(&crs, &rbac, dry, || format!("ClusterRole {rbac} in {}", c.context)).await?;
            rows.push(row(identity[2].clone(), action));
            let sas: Api<ServiceAccount> = Api::namespaced(c.client.clone(), ns);
            let action = apply::delete_if_ours(&sas, READER_SA, dry, || format!("ServiceAccount {ns}/{READER_SA} in {}", c.context)).await?;
            rows.push(row(identity[3].clone(), action));
            Ok(rows)
        }
    })
    .await?;
    let rows: Vec<UnlinkRow> = rows.into_iter().flat_map(|(_, r)| r).filter(|r| r.action != "absent").collect();
    let table = || {
        output::table(&["cluster", "object", "action"], rows.iter().map(|r| vec![r.cluster.clone(), r.object.clone(), r.action.clone()]))
    };
    output::render(out, g.output, table, &rows)
}
