//! `kubectl mesh-secret rotate`: a new token for every remote secret between the given clusters,
//! in every direction they have one. For each direction: mint the new token (its own token Secret,
//! or a TokenRequest with `--token-ttl`), replace the remote secret, wait until the receiving istiod
//! has used the new token (the API server labels a token Secret `kubernetes.io/legacy-token-last-used`
//! when its token first authenticates), and only then revoke the old one by deleting its token
//! Secret. A direction whose istiod does not take the new token keeps the old one, so nothing goes
//! dark, and the command says so.

pub mod pairs;

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use kube::api::Api;

use super::cli::{RotateArgs, TokenArgs};
use super::identity;
use super::link::{held_elsewhere, remote_secrets, require_namespace};
use super::manifest::{self, Credentials};
use super::reader::{ensure_reader, reader_tokens, token_credentials, PairToken, LAST_USED_LABEL};
use crate::apply;
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::execute;
use crate::outcome::{Action, Outcome};
use crate::output;
use crate::session::Session;
pub use pairs::RotateRow;
use pairs::{Fate, Pair};

pub async fn rotate(g: &Session, ns: &str, a: &RotateArgs, out: &mut dyn Write) -> Result<()> {
    let (clusters, contexts, names, pairs) = read_pairs(g, ns, a).await?;
    let ttl = a.token.token_ttl.is_some();
    let view = pairs::View { ns, contexts: &contexts, names: &names, ttl };
    execute::review(g.dry_run(), &clusters, &pairs::access(ns, &pairs, ttl)).await?;
    if g.dry_run() == DryRun::Client {
        let rows = pairs.iter().map(|p| view.planned(p, g.dry_run())).collect::<Vec<_>>();
        return output::print(out, g.output(), &rows);
    }
    let before = reader_before(g, &clusters, ns, &pairs).await?;
    // 1-2. A new token per direction, and the remote secret replaced.
    let replaced = replace_all(g, &clusters, &view, &pairs, &a.token).await;
    if g.dry_run() == DryRun::Server {
        let rows: Vec<RotateRow> = pairs
            .iter()
            .map(|p| view.row(p, Action::new(Outcome::Replaced, g.dry_run()), "-".into()))
            .collect();
        output::print(out, g.output(), &rows)?;
        return first_error(replaced.into_iter().map(|r| r.map(|_| ())));
    }
    // 3. Wait until each receiving istiod has used its new token.
    let confirmed = confirm_all(&clusters, ns, &pairs, &replaced, ttl, a.wait).await;
    // 4. Revoke what the confirmed directions used before.
    let in_use_elsewhere = held_elsewhere(g, ns, &contexts).await;
    let done = Done { replaced: &replaced, confirmed: &confirmed, before: &before };
    let (rows, failed) = settle(&clusters, &view, &pairs, &done, &in_use_elsewhere, a.wait).await?;
    output::print(out, g.output(), &rows)?;
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::msg(failed.join("; ")))
    }
}

/// What the rotation did per direction before revoking anything.
struct Done<'a> {
    replaced: &'a [Result<Option<(String, String)>>],
    confirmed: &'a [Result<bool>],
    /// Each source's token Secrets before the run.
    before: &'a BTreeMap<usize, Vec<PairToken>>,
}

/// Revoke what the confirmed directions used before, and say what became of each direction;
/// the second list is what went wrong (the command fails with it after printing the rows).
async fn settle(
    clusters: &[Cluster],
    view: &pairs::View<'_>,
    pairs: &[Pair],
    done: &Done<'_>,
    in_use_elsewhere: &[(String, Result<BTreeMap<String, Secret>>)],
    wait: Duration,
) -> Result<(Vec<RotateRow>, Vec<String>)> {
    let still_needed = pairs::still_needed(pairs, done.confirmed);
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    for ((p, r), ok) in pairs.iter().zip(done.replaced).zip(done.confirmed) {
        let (action, old) = match pairs::fate(r, ok, view.ttl) {
            Fate::Failed(e) => {
                failed.push(format!("{} -> {}: {e}", view.contexts[p.src], view.contexts[p.dst]));
                (Action::Failed(String::new()), "kept".to_string())
            }
            Fate::Requested => {
                (Outcome::Replaced.into(), view.old_request_token(p, &done.before[&p.src]))
            }
            Fate::Confirmed(new) => {
                let action =
                    Action::with(Outcome::Replaced, DryRun::None, "(istiod uses the new token)");
                let ctx = Revoke {
                    names: view.names,
                    tokens: &done.before[&p.src],
                    still_needed: &still_needed,
                    elsewhere: in_use_elsewhere,
                };
                (action, revoke_old(&clusters[p.src], view.ns, p, new, &ctx).await?)
            }
            Fate::NotUsed => {
                failed.push(view.not_used(p, wait));
                (
                    Action::with(Outcome::Replaced, DryRun::None, "(istiod has not used it yet)"),
                    "kept".to_string(),
                )
            }
        };
        rows.push(view.row(p, action, old));
    }
    Ok((rows, failed))
}

/// The clusters, their contexts and names, and every direction with a remote secret between them.
async fn read_pairs(
    g: &Session,
    ns: &str,
    a: &RotateArgs,
) -> Result<(Vec<Cluster>, Vec<String>, Vec<String>, Vec<Pair>)> {
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
    let existing: Vec<BTreeMap<String, Secret>> = existing.into_iter().map(|(_, e)| e).collect();
    let servers: Vec<String> = clusters.iter().map(|c| c.server.clone()).collect();
    let pairs = pairs::pairs_of(&names, &servers, &existing);
    if pairs.is_empty() {
        return Err(Error::msg(format!(
            "no remote secrets between {}: nothing to rotate. Link them first: kubectl mesh-secret link --context {}",
            contexts.join(", "),
            contexts.join(",")
        )));
    }
    Ok((clusters, contexts, names, pairs))
}

/// The sources' reader identity made sure of, and their token Secrets as they are before the run.
async fn reader_before(
    g: &Session,
    clusters: &[Cluster],
    ns: &str,
    pairs: &[Pair],
) -> Result<BTreeMap<usize, Vec<PairToken>>> {
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
    Ok(sources.into_iter().zip(before).collect())
}

/// Per direction: mint a new token (its own token Secret, or a TokenRequest) and replace the
/// remote secret with it. `None`: a server dry run, which mints nothing.
async fn replace_all(
    g: &Session,
    clusters: &[Cluster],
    view: &pairs::View<'_>,
    pairs: &[Pair],
    token: &TokenArgs,
) -> Vec<Result<Option<(String, String)>>> {
    let ns = view.ns;
    let generation = time::OffsetDateTime::now_utc().unix_timestamp().to_string();
    let issued = crate::expiry::rfc3339(time::OffsetDateTime::now_utc());
    futures::future::join_all(pairs.iter().map(|p| {
        let (src, dst) = (&clusters[p.src], &clusters[p.dst]);
        let wanted = identity::pair_token_secret(ns, &view.names[p.dst], Some(&generation));
        let (issued, cluster) = (issued.clone(), &view.names[p.src]);
        async move {
            let Some(cr) =
                token_credentials(src, ns, &p.server, token, None, &wanted, g.dry_run()).await?
            else {
                return Ok(None);
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
    .await
}

/// Per direction, whether its istiod used the new token within `wait` (legacy tokens only: nothing
/// records the use of a TokenRequest token, and the old one expires on its own).
async fn confirm_all(
    clusters: &[Cluster],
    ns: &str,
    pairs: &[Pair],
    replaced: &[Result<Option<(String, String)>>],
    ttl: bool,
    wait: Duration,
) -> Vec<Result<bool>> {
    futures::future::join_all(pairs.iter().zip(replaced).map(|(p, r)| {
        let src = &clusters[p.src];
        async move {
            match r {
                Ok(Some((secret, _))) if !ttl => used_within(src, ns, secret, wait).await,
                Ok(Some(_)) => Ok(true),
                Ok(None) => Ok(false),
                Err(e) => Err(Error::msg(e.to_string())),
            }
        }
    }))
    .await
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

/// What decides which old token Secrets a confirmed direction may revoke.
struct Revoke<'a> {
    names: &'a [String],
    /// The source's token Secrets before the run.
    tokens: &'a [PairToken],
    /// Source index and old token of each direction not confirmed in this run.
    still_needed: &'a [(usize, &'a str)],
    /// The kubeconfig's other contexts and their remote secrets (one that cannot be read counts).
    elsewhere: &'a [(String, Result<BTreeMap<String, Secret>>)],
}

/// Revoke a confirmed direction's old credential: the source's other token Secrets for this
/// destination, and the Secret holding the old token, unless a direction not confirmed in this run
/// or a remote secret in another context of the kubeconfig may still use it.
async fn revoke_old(
    src: &Cluster,
    ns: &str,
    p: &Pair,
    (new_secret, new_token): (&str, &str),
    r: &Revoke<'_>,
) -> Result<String> {
    let Revoke { names, tokens, still_needed, elsewhere } = r;
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
