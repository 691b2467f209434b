//! `kubectl mesh-secret unlink`: remove what `link` made for the named pairs, and a source's reader
//! identity once no remote secret anywhere still uses it. Read here, decided in [`plan`], carried
//! out by the shared executor.

pub mod plan;

use std::collections::BTreeMap;
use std::io::Write;

use super::cli::TopologyArgs;
use super::link::{held_elsewhere, remote_secrets, topology};
use super::reader::pair_tokens;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Result};
use crate::execute;
use crate::outcome::Outcome;
use crate::output;
use crate::session::Session;
use plan::{Held, Snapshot};

/// Remove the remote secrets `link` made for exactly the pairs these flags name. A source's reader
/// identity (token Secret, RBAC, ServiceAccount, when the suite created them) goes only when no
/// remote secret left anywhere in the kubeconfig's clusters still uses it; otherwise it is kept and
/// the row says which cluster still needs it. Objects without our label (Istio's or Helm's) are kept.
pub async fn unlink(g: &Session, ns: &str, a: &TopologyArgs, out: &mut dyn Write) -> Result<()> {
    let (clusters, snapshot) = read(g, ns, a).await?;
    let plan = plan::plan(&snapshot);
    let mut rows = execute::execute(g.dry_run(), &clusters, &plan).await?;
    rows.retain(|r| !r.action.is(Outcome::Absent));
    output::print(out, g.output(), &rows)
}

/// Every named cluster, and every other context of the kubeconfig, read before anything is deleted.
async fn read(g: &Session, ns: &str, a: &TopologyArgs) -> Result<(Vec<Cluster>, Snapshot)> {
    let topo = topology("unlink", g, a)?;
    let contexts = cluster::select_contexts(g.kubeconfig()?, false, &topo.contexts)?;
    let names = cluster::cluster_names(&contexts, &a.cluster_names)?;
    let clusters = g.for_contexts(&contexts).await?;
    cluster::check_all_reachable(&clusters).await?;
    let mut s = Snapshot {
        ns: ns.to_string(),
        names,
        contexts: contexts.clone(),
        pairs: topo.pairs(),
        held: vec![],
        elsewhere: vec![],
    };
    let elsewhere = held_elsewhere(g, ns, &contexts).await;
    s.elsewhere = elsewhere
        .into_iter()
        .map(|(ctx, r)| (ctx, r.ok().map(|held| held.into_keys().collect())))
        .collect();
    let s_ref = &s;
    let held = cluster::fan_out_all(&clusters, |i, c| held_by(c, s_ref, i)).await?;
    s.held = held.into_iter().map(|(_, h)| h).collect();
    Ok((clusters, s))
}

/// What cluster `i` holds of what unlink may remove.
async fn held_by(c: &Cluster, s: &Snapshot, i: usize) -> Result<Held> {
    let ns = &s.ns;
    let remote_secrets = remote_secrets(c, ns).await?;
    let mut h = Held {
        remote_secrets: remote_secrets.into_iter().map(|(n, s)| (n, s.metadata)).collect(),
        pair_tokens: BTreeMap::new(),
        identity: Default::default(),
    };
    for d in s.unlinked_from(i) {
        h.pair_tokens.insert(d.to_string(), pair_tokens(c, ns, d).await?);
    }
    if s.is_source(i) {
        let reads = plan::identity(ns).map(|t| async move {
            let m = t.api(c).get_metadata_opt(&t.name).await;
            m.map(|o| o.map(|o| o.metadata)).ctx(|| format!("get {} in {}", t.object(), c.context))
        });
        let got = futures::future::try_join_all(reads).await?;
        h.identity = got.try_into().expect("four identity objects");
    }
    Ok(h)
}
