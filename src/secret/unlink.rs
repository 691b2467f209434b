//! `kubectl mesh-secret unlink`: remove what `link` made for the named pairs, and a source's reader
//! identity once no remote secret anywhere still uses it.

use std::io::Write;

use k8s_openapi::api::core::v1::{Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::api::Api;

use super::cli::TopologyArgs;
use super::identity;
use super::link::{held_elsewhere, remote_secrets, topology};
use super::manifest::{self, READER_SA, TOKEN_SECRET};
use super::reader::pair_token_names;
use crate::apply;
use crate::cluster;
use crate::error::Result;
use crate::outcome::{Action, Outcome};
use crate::output::{self, ObjectRow};
use crate::session::Session;

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
    let elsewhere = held_elsewhere(g, ns, &contexts).await;
    let given = cluster::fan_out_all(&clusters, |_, c| remote_secrets(c, ns)).await?;
    let users_of = |s: usize| -> Vec<String> {
        let secret = manifest::remote_secret_name(&names[s]);
        let mut users: Vec<String> = given
            .iter()
            .enumerate()
            .filter(|(d, (_, held))| {
                *d != s && !pairs.contains(&(s, *d)) && held.contains_key(&secret)
            })
            .map(|(_, (c, _))| c.context.clone())
            .collect();
        for (ctx, r) in &elsewhere {
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
    let users: Vec<Option<Vec<String>>> = (0..clusters.len())
        .map(|s| pairs.iter().any(|(src, _)| *src == s).then(|| users_of(s)))
        .collect();

    let dry = g.dry_run();
    let rows = cluster::fan_out_all(&clusters, |i, c| {
        let wanted: Vec<String> = pairs
            .iter()
            .filter(|(_, d)| *d == i)
            .map(|(s, _)| manifest::remote_secret_name(&names[*s]))
            .collect();
        // This cluster's tokens for the destinations unlinked from it.
        let unlinked: Vec<&str> =
            pairs.iter().filter(|(s, _)| *s == i).map(|(_, d)| names[*d].as_str()).collect();
        let still_used = &users[i];
        async move {
            let mut rows = Vec::new();
            let row = |object: String, action: Action| ObjectRow {
                cluster: c.context.clone(),
                object,
                action,
            };
            let secrets: Api<Secret> = Api::namespaced(c.client.clone(), ns);
            for name in &wanted {
                let action = apply::delete_if_ours(&secrets, name, dry, || {
                    format!("Secret {ns}/{name} in {}", c.context)
                })
                .await?;
                rows.push(row(format!("secret/{name}"), action));
            }
            for d in unlinked {
                for name in pair_token_names(c, ns, d).await? {
                    let action = apply::delete_if_ours(&secrets, &name, dry, || {
                        format!("Secret {ns}/{name} in {}", c.context)
                    })
                    .await?;
                    rows.push(row(format!("secret/{name}"), action));
                }
            }
            let rbac = identity::reader_rbac_name(ns);
            let identity = [
                format!("secret/{TOKEN_SECRET}"),
                format!("clusterrolebinding/{rbac}"),
                format!("clusterrole/{rbac}"),
                format!("serviceaccount/{READER_SA}"),
            ];
            match still_used {
                None => return Ok(rows),
                Some(users) if !users.is_empty() => {
                    let why = Action::with(
                        Outcome::Kept,
                        dry,
                        format!("(still used by the remote secret in {})", users.join(", ")),
                    );
                    rows.extend(identity.into_iter().map(|o| row(o, why.clone())));
                    return Ok(rows);
                }
                Some(_) => {}
            }
            let action = apply::delete_if_ours(&secrets, TOKEN_SECRET, dry, || {
                format!("Secret {ns}/{TOKEN_SECRET} in {}", c.context)
            })
            .await?;
            rows.push(row(identity[0].clone(), action));
            let crbs: Api<ClusterRoleBinding> = Api::all(c.client.clone());
            let action = apply::delete_if_ours(&crbs, &rbac, dry, || {
                format!("ClusterRoleBinding {rbac} in {}", c.context)
            })
            .await?;
            rows.push(row(identity[1].clone(), action));
            let crs: Api<ClusterRole> = Api::all(c.client.clone());
            let action = apply::delete_if_ours(&crs, &rbac, dry, || {
                format!("ClusterRole {rbac} in {}", c.context)
            })
            .await?;
            rows.push(row(identity[2].clone(), action));
            let sas: Api<ServiceAccount> = Api::namespaced(c.client.clone(), ns);
            let action = apply::delete_if_ours(&sas, READER_SA, dry, || {
                format!("ServiceAccount {ns}/{READER_SA} in {}", c.context)
            })
            .await?;
            rows.push(row(identity[3].clone(), action));
            Ok(rows)
        }
    })
    .await?;
    let rows: Vec<ObjectRow> =
        rows.into_iter().flat_map(|(_, r)| r).filter(|r| !r.action.is(Outcome::Absent)).collect();
    output::print(out, g.output(), &rows)
}
