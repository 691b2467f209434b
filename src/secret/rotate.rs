//! `kubectl mesh-secret rotate`: a new token for every remote secret between the given clusters,
//! in every direction they have one. For each direction: mint the new token (its own token Secret,
//! or a TokenRequest with `--token-ttl`), replace the remote secret, wait until the receiving istiod
//! has used the new token (the API server labels a token Secret `kubernetes.io/legacy-token-last-used`
//! when its token first authenticates), and only then revoke the old one by deleting its token
//! Secret. A direction whose istiod does not take the new token keeps the old one, so nothing goes
//! dark, and the command says so.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use kube::api::Api;
use serde::Serialize;

use super::cli::RotateArgs;
use super::identity;
use super::link::{held_elsewhere, remote_secrets, require_namespace};
use super::manifest::{self, Credentials, TokenKind};
use super::reader::{ensure_reader, reader_tokens, token_credentials, PairToken, LAST_USED_LABEL};
use crate::access::{self, Access};
use crate::apply;
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::outcome::{Action, Outcome};
use crate::output::{self, Row};
use crate::session::Session;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RotateRow {
    source: String,
    destination: String,
    secret: String,
    token: String,
    action: Action,
    /// What became of the old token.
    old_token: String,
}

impl Row for RotateRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["source", "destination", "secret", "token", "action", "old token"]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        vec![
            self.source.clone(),
            self.destination.clone(),
            self.secret.clone(),
            self.token.clone(),
            self.action.to_string(),
            self.old_token.clone(),
        ]
    }
}

/// One direction to rotate: source and destination indexes, and what the remote secret holds.
struct Pair {
    src: usize,
    dst: usize,
    server: String,
    old_token: Option<String>,
    old_expires: Option<i64>,
}

pub async fn rotate(g: &Session, ns: &str, a: &RotateArgs, out: &mut dyn Write) -> Result<()> {
    let contexts = g.selected()?;
    if contexts.len() < 2 {
        return Err(Error::usage(
            "rotate needs the clusters at both ends: --context C1,C2 (or --all-contexts)",
        ));
    }
    let names = cluster::cluster_names(&contexts, &a.cluster_names)?;
    let clusters = g.for_contexts(&contexts).await?;
    let existing = cluster::fan_out_all(&clusters, |_, c| async move {
        require_namespace(c, ns).await?;
        remote_secrets(c, ns).await
    })
    .await?;
    // Every direction these clusters have: a remote secret in the destination for the source.
    let mut pairs = Vec::new();
    for (dst, (_, held)) in existing.iter().enumerate() {
        for (src, name) in names.iter().enumerate().filter(|(s, _)| *s != dst) {
            let Some(s) = held.get(&manifest::remote_secret_name(name)) else { continue };
            let parsed = manifest::carried(s, name);
            pairs.push(Pair {
                src,
                dst,
                server: parsed
                    .as_ref()
                    .map_or_else(|| clusters[src].server.clone(), |(i, _)| i.server.clone()),
                old_expires: parsed.as_ref().and_then(|(i, _)| i.expires),
                old_token: parsed.map(|(_, t)| t),
            });
        }
    }
    if pairs.is_empty() {
        return Err(Error::msg(format!(
            "no remote secrets between {}: nothing to rotate. Link them first: kubectl mesh-secret link --context {}",
            contexts.join(", "),
            contexts.join(",")
        )));
    }
    let ttl = a.token.token_ttl.is_some();
    access::require(g.dry_run(), &clusters, |i, _| {
        let mut v = Vec::new();
        if pairs.iter().any(|p| p.src == i) {
            v.push(Access::new("create", "", "secrets", Some(ns)));
            v.push(Access::new("delete", "", "secrets", Some(ns)));
            if ttl {
                v.push(Access::new("create", "", "serviceaccounts", Some(ns)).subresource("token"));
            }
        }
        if pairs.iter().any(|p| p.dst == i) {
            v.push(Access::new("patch", "", "secrets", Some(ns)));
        }
        v
    })
    .await?;
    let kind = if ttl { TokenKind::TokenRequest } else { TokenKind::ServiceAccountSecret };
    let row = |p: &Pair, action: Action, old: String| RotateRow {
        source: contexts[p.src].clone(),
        destination: contexts[p.dst].clone(),
        secret: format!("{ns}/{}", manifest::remote_secret_name(&names[p.src])),
        token: kind.name().into(),
        action,
        old_token: old,
    };
    if g.dry_run() == DryRun::Client {
        let rows: Vec<RotateRow> = pairs
            .iter()
            .map(|p| {
                row(
                    p,
                    Action::new(Outcome::Replaced, g.dry_run()),
                    "would be revoked once istiod uses the new one".into(),
                )
            })
            .collect();
        return output::print(out, g.output(), &rows);
    }

    // The sources' reader identity and token Secrets as they are before the run.
    let sources: Vec<usize> =
        (0..clusters.len()).filter(|i| pairs.iter().any(|p| p.src == *i)).collect();
    let before = futures::future::try_join_all(sources.iter().map(|&i| {
        let c = &clusters[i];
        async move {
            ensure_reader(c, ns, g.dry_run()).await?;
            reader_tokens(c, ns).await
        }
    }))
    .await?;
    let before: BTreeMap<usize, Vec<PairToken>> = sources.into_iter().zip(before).collect();

    // 1-2. A new token per direction, and the remote secret replaced.
    let generation = time::OffsetDateTime::now_utc().unix_timestamp().to_string();
    let issued = crate::expiry::rfc3339(time::OffsetDateTime::now_utc());
    let replaced = futures::future::join_all(pairs.iter().map(|p| {
        let (src, dst) = (&clusters[p.src], &clusters[p.dst]);
        let wanted = identity::pair_token_secret(ns, &names[p.dst], Some(&generation));
        let (issued, cluster) = (issued.clone(), &names[p.src]);
        async move {
            let Some(cr) =
                token_credentials(src, ns, &p.server, &a.token, None, &wanted, g.dry_run()).await?
            else {
                return Ok(None); // a server dry run mints nothing
            };
            let cr = Credentials { issued: Some(issued), ..cr };
            let secret = manifest::remote_secret(ns, cluster, &cr);
            let name = manifest::remote_secret_name(cluster);
            let api: Api<Secret> = Api::namespaced(dst.client.clone(), ns);
            apply::apply(&api, &name, &secret, g.dry_run(), || {
                format!("Secret {ns}/{name} in {}", dst.context)
            })
            .await?;
            Ok::<_, Error>(Some((wanted.metadata.name.unwrap_or_default(), cr.token)))
        }
    }))
    .await;
    if g.dry_run() == DryRun::Server {
        let rows: Vec<RotateRow> = pairs
            .iter()
            .map(|p| row(p, Action::new(Outcome::Replaced, g.dry_run()), "-".into()))
            .collect();
        output::print(out, g.output(), &rows)?;
        return first_error(replaced.into_iter().map(|r| r.map(|_| ())));
    }

    // 3. Wait until each receiving istiod has used its new token (legacy tokens only: nothing
    // records the use of a TokenRequest token, and the old one expires on its own).
    let confirmed = futures::future::join_all(pairs.iter().zip(&replaced).map(|(p, r)| {
        let src = &clusters[p.src];
        async move {
            match r {
                Ok(Some((secret, _))) if !ttl => used_within(src, ns, secret, a.wait).await,
                Ok(Some(_)) => Ok(true),
                Ok(None) => Ok(false),
                Err(e) => Err(Error::msg(e.to_string())),
            }
        }
    }))
    .await;

    // 4. Revoke what the confirmed directions used before: their source's token Secrets for that
    // destination, and the token Secret that held the old token when nothing else still carries it.
    let in_use_elsewhere = held_elsewhere(g, ns, &contexts).await;
    // Old tokens an istiod may still be using: those of the directions not confirmed.
    let still_needed: Vec<(usize, &str)> = pairs
        .iter()
        .zip(&confirmed)
        .filter(|(_, ok)| !matches!(ok, Ok(true)))
        .filter_map(|(p, _)| Some((p.src, p.old_token.as_deref()?)))
        .collect();
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    for ((p, r), ok) in pairs.iter().zip(&replaced).zip(&confirmed) {
        let action;
        let old;
        match (r, ok) {
            (Err(e), _) | (_, Err(e)) => {
                failed.push(format!("{} -> {}: {e}", contexts[p.src], contexts[p.dst]));
                action = Action::Failed(String::new());
                old = "kept".to_string();
            }
            (Ok(Some(_)), Ok(true)) if ttl => {
                // Nothing records a TokenRequest token's use: the old token is left to expire, or, if
                // it never does (a token Secret's), to be deleted once istiod has re-synced.
                action = Outcome::Replaced.into();
                let held_by = before[&p.src]
                    .iter()
                    .find(|t| p.old_token.as_deref() == Some(t.token.as_str()));
                old = match (p.old_expires.and_then(|e| time::OffsetDateTime::from_unix_timestamp(e).ok()), held_by) {
                    (Some(t), _) => format!("expires {}", crate::expiry::rfc3339(t)),
                    (None, Some(t)) => format!(
                        "kept: delete it once istiod in {} has re-synced (kubectl delete secret -n {ns} {} --context {})",
                        contexts[p.dst], t.name, contexts[p.src]
                    ),
                    (None, None) => "kept (not a token Secret of kubectl-mesh)".into(),
                };
            }
            (Ok(Some((new_secret, new_token))), Ok(true)) => {
                action =
                    Action::with(Outcome::Replaced, DryRun::None, "(istiod uses the new token)");
                old = revoke_old(
                    &clusters[p.src],
                    ns,
                    p,
                    &names,
                    &before[&p.src],
                    (new_secret, new_token),
                    &still_needed,
                    &in_use_elsewhere,
                )
                .await?;
            }
            (Ok(None), _) | (Ok(_), Ok(false)) => {
                failed.push(format!(
                    "istiod in {} has not used the new token for {} within {}s, so the old one stays valid (nothing goes dark): \
                     check that istiod runs there (kubectl get pods -n {ns} -l app=istiod --context {}) and re-run rotate",
                    contexts[p.dst],
                    contexts[p.src],
                    a.wait.as_secs(),
                    contexts[p.dst]
                ));
                action =
                    Action::with(Outcome::Replaced, DryRun::None, "(istiod has not used it yet)");
                old = "kept".to_string();
            }
        }
        rows.push(row(p, action, old));
    }
    output::print(out, g.output(), &rows)?;
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::msg(failed.join("; ")))
    }
}

fn first_error(results: impl IntoIterator<Item = Result<()>>) -> Result<()> {
    results.into_iter().collect()
}

/// Whether the API server has seen the token of `secret` used within `wait`.
async fn used_within(c: &Cluster, ns: &str, secret: &str, wait: Duration) -> Result<bool> {
    let api: Api<Secret> = Api::namespaced(c.client.clone(), ns);
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let s =
            api.get(secret).await.ctx(|| format!("get Secret {ns}/{secret} in {}", c.context))?;
        if s.metadata.labels.as_ref().is_some_and(|l| l.contains_key(LAST_USED_LABEL)) {
            return Ok(true);
        }
        if tokio::time::Instant::now() >= deadline {
            return Ok(false);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Revoke a confirmed direction's old credential: the source's other token Secrets for this
/// destination, and the Secret holding the old token, unless a direction not confirmed in this run
/// (`still_needed`: source index and old token) or a remote secret in another context of the
/// kubeconfig (`elsewhere`; one that cannot be read counts) may still use it.
#[allow(clippy::too_many_arguments)]
async fn revoke_old(
    src: &Cluster,
    ns: &str,
    p: &Pair,
    names: &[String],
    tokens: &[PairToken],
    (new_secret, new_token): (&str, &str),
    still_needed: &[(usize, &str)],
    elsewhere: &[(String, Result<BTreeMap<String, Secret>>)],
) -> Result<String> {
    let cluster = &names[p.src];
    let carried = |held: &BTreeMap<String, Secret>, token: &str| {
        held.get(&manifest::remote_secret_name(cluster))
            .and_then(|s| manifest::carried(s, cluster))
            .is_some_and(|(_, t)| t == token)
    };
    let api: Api<Secret> = Api::namespaced(src.client.clone(), ns);
    let mut said = Vec::new();
    for t in tokens.iter().filter(|t| t.name != new_secret && t.token != new_token) {
        let for_this = t.destination == names[p.dst];
        let was_old = p.old_token.as_deref() == Some(t.token.as_str());
        if !for_this && !was_old {
            continue;
        }
        let here = still_needed.iter().any(|(s, tok)| *s == p.src && *tok == t.token);
        let there: Vec<&str> = elsewhere
            .iter()
            .filter(|(_, r)| r.as_ref().map_or(true, |held| carried(held, &t.token)))
            .map(|(ctx, _)| ctx.as_str())
            .collect();
        if here || !there.is_empty() {
            let by = if there.is_empty() {
                "a direction still switching".to_string()
            } else {
                there.join(", ")
            };
            said.push(format!("{} kept (still used by {by})", t.name));
            continue;
        }
        let action = apply::delete_if_ours(&api, &t.name, DryRun::None, || {
            format!("Secret {ns}/{} in {}", t.name, src.context)
        })
        .await?;
        said.push(format!("{} {action}", t.name));
    }
    if said.is_empty() {
        return Ok(match &p.old_token {
            Some(_) => "kept (not a token Secret of kubectl-mesh)".into(),
            None => "-".into(),
        });
    }
    Ok(said.join(", "))
}
