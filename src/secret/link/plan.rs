//! What `link` writes, decided from what it read and the credentials it holds (pure), and the rows
//! it prints.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use serde::Serialize;

use super::super::cli::TokenArgs;
use super::super::identity;
use super::super::manifest::{self, Credentials, TokenKind};
use crate::access::Access;
use crate::cli::DryRun;
use crate::execute::{Change, Plan, Target};
use crate::outcome::{Action, Outcome};
use crate::output::{ObjectRow, Row};

/// What a dry run says for a remote secret whose token it could not mint.
pub const NO_TOKEN_IN_DRY_RUN: &str = "(the token is minted only on a real run)";

/// Every cluster `link` names, as read.
pub struct Snapshot {
    pub ns: String,
    pub contexts: Vec<String>,
    /// The clusters' names, what remote secrets are named after.
    pub names: Vec<String>,
    /// The API server address each cluster's remote secrets point at.
    pub servers: Vec<String>,
    /// (source, destination) pairs.
    pub pairs: Vec<(usize, usize)>,
    /// The remote secrets each cluster holds, by name.
    pub existing: Vec<BTreeMap<String, Secret>>,
    /// Whether each source has the reader ServiceAccount (false for clusters that are no source).
    pub has_reader: Vec<bool>,
}

impl Snapshot {
    /// The sources, each once, in the clusters' order.
    pub fn sources(&self) -> Vec<usize> {
        (0..self.names.len()).filter(|i| self.pairs.iter().any(|(s, _)| s == i)).collect()
    }

    fn secret_name(&self, src: usize) -> String {
        manifest::remote_secret_name(&self.names[src])
    }
}

/// The sources' reader identities; the review also asks for what the later steps need: minting
/// the tokens on the sources, writing the remote secrets on the destinations.
pub fn identities(s: &Snapshot, token_request: bool) -> Plan {
    let ns = Some(s.ns.as_str());
    let sources = s.sources();
    let changes =
        sources.iter().flat_map(|&i| identity::reader_changes(i, &s.ns, s.has_reader[i])).collect();
    let mut plan = Plan::of(changes);
    for &i in &sources {
        plan = plan.needing(
            i,
            match token_request {
                true => Access::new("create", "", "serviceaccounts", ns).subresource("token"),
                false => Access::new("create", "", "secrets", ns),
            },
        );
    }
    for &(_, d) in &s.pairs {
        plan = plan.needing(d, Access::new("patch", "", "secrets", ns));
    }
    plan
}

/// One Secret per pair on its destination, written only where it differs from the one held.
/// `creds` are the pairs' credentials, in the pairs' order (`None`: a dry run could not mint one).
pub fn remote_secrets(s: &Snapshot, creds: &[Option<Credentials>]) -> Plan {
    let changes = s
        .pairs
        .iter()
        .zip(creds)
        .map(|(&(src, d), cr)| {
            let name = s.secret_name(src);
            let held = s.existing[d].get(&name);
            let verb = if held.is_some() { Outcome::Updated } else { Outcome::Created };
            let target = Target::of::<Secret>(Some(&s.ns), &name);
            let Some(cr) = cr else {
                return Change::found(d, target.object(), verb).detail(NO_TOKEN_IN_DRY_RUN);
            };
            let secret = manifest::remote_secret(&s.ns, &s.names[src], cr);
            let unchanged = held.is_some_and(|h| {
                h.data == secret.data && h.metadata.annotations == secret.metadata.annotations
            });
            if unchanged {
                return Change::found(d, target.object(), Outcome::Unchanged);
            }
            let obj = serde_json::to_value(&secret).expect("a built Secret encodes");
            Change::apply(d, target, obj, verb)
        })
        .collect();
    Plan::of(changes)
}

/// What a client dry run prints: each pair's Secret would be created, or updated if changed.
pub fn planned_rows(s: &Snapshot, t: &TokenArgs, run: DryRun) -> Vec<LinkRow> {
    let actions = s.pairs.iter().map(|&(src, d)| {
        if s.existing[d].contains_key(&s.secret_name(src)) {
            Action::with(Outcome::Updated, run, "if changed")
        } else {
            Action::new(Outcome::Created, run)
        }
    });
    s.pairs.iter().zip(actions).map(|(&p, action)| link_row(s, t, p, action)).collect()
}

/// The rows of a run: `done` are the executed rows of [`remote_secrets`], in the pairs' order.
pub fn rows(s: &Snapshot, t: &TokenArgs, done: Vec<ObjectRow>) -> Vec<LinkRow> {
    s.pairs.iter().zip(done).map(|(&p, r)| link_row(s, t, p, r.action)).collect()
}

fn link_row(s: &Snapshot, t: &TokenArgs, (src, d): (usize, usize), action: Action) -> LinkRow {
    LinkRow {
        source: s.contexts[src].clone(),
        destination: s.contexts[d].clone(),
        secret: format!("{}/{}", s.ns, s.secret_name(src)),
        token: token_kind(t).name().into(),
        action,
    }
}

/// The token a destination's remote secret for `cluster` already carries, if it may stay: with
/// `--token-ttl`, a TokenRequest token for the same server valid for more than a fifth of the TTL;
/// without, a token of a live token Secret the suite made for this direction (`pair_tokens`).
/// Returns the token and when it was issued, so that re-running changes nothing.
pub fn reusable_token(
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
pub struct LinkRow {
    pub source: String,
    pub destination: String,
    pub secret: String,
    pub token: String,
    pub action: Action,
}

fn token_kind(t: &TokenArgs) -> TokenKind {
    if t.token_ttl.is_some() {
        TokenKind::TokenRequest
    } else {
        TokenKind::ServiceAccountSecret
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execute::Op;

    fn creds() -> Credentials {
        Credentials {
            server: "https://192.0.2.1:6443".into(),
            ca_pem: "CA".into(),
            token: "t0ken".into(),
            kind: TokenKind::ServiceAccountSecret,
            issued: Some("2026-12-01T00:00:00Z".into()),
        }
    }

    /// Primary a and remote b (pair b→a); a already holds b's secret as `held` says.
    fn snapshot(held: Option<Secret>) -> Snapshot {
        let mut existing = vec![BTreeMap::new(), BTreeMap::new()];
        if let Some(h) = held {
            existing[0].insert(manifest::remote_secret_name("b"), h);
        }
        Snapshot {
            ns: "istio-system".into(),
            contexts: vec!["ctx-a".into(), "ctx-b".into()],
            names: vec!["a".into(), "b".into()],
            servers: vec!["https://192.0.2.0:6443".into(), "https://192.0.2.1:6443".into()],
            pairs: vec![(1, 0)],
            existing,
            has_reader: vec![false, true],
        }
    }

    fn token_args(ttl: Option<Duration>) -> TokenArgs {
        TokenArgs { token_ttl: ttl, token_timeout: Duration::from_secs(1) }
    }

    #[test]
    fn identities_go_on_sources_and_the_review_covers_tokens_and_secrets() {
        let s = snapshot(None);
        let p = identities(&s, false);
        // b has the reader account (Istio's): only our RBAC is applied there; a is no source.
        let objects: Vec<&str> = p.changes().map(|c| c.object.as_str()).collect();
        assert_eq!(
            objects,
            [
                "clusterrole/kubectl-mesh-reader-istio-system",
                "clusterrolebinding/kubectl-mesh-reader-istio-system"
            ]
        );
        assert!(p.changes().all(|c| c.cluster == 1));
        assert!(p.access(1).contains(&Access::new("create", "", "secrets", Some("istio-system"))));
        assert_eq!(p.access(0), [Access::new("patch", "", "secrets", Some("istio-system"))]);
        let ttl = identities(&s, true);
        let token =
            Access::new("create", "", "serviceaccounts", Some("istio-system")).subresource("token");
        assert!(ttl.access(1).contains(&token));
        assert!(!ttl.access(1).contains(&Access::new(
            "create",
            "",
            "secrets",
            Some("istio-system")
        )));
    }

    #[test]
    fn a_secret_is_written_only_where_it_differs() {
        let same = manifest::remote_secret("istio-system", "b", &creds());
        let p = remote_secrets(&snapshot(Some(same)), &[Some(creds())]);
        let c = p.changes().next().unwrap();
        assert_eq!((&c.op, c.outcome, c.cluster), (&Op::Nothing, Outcome::Unchanged, 0));

        let older = manifest::remote_secret(
            "istio-system",
            "b",
            &Credentials { token: "old".into(), ..creds() },
        );
        let p = remote_secrets(&snapshot(Some(older)), &[Some(creds())]);
        let c = p.changes().next().unwrap();
        assert_eq!(c.outcome, Outcome::Updated);
        let Op::Apply(t, obj) = &c.op else { panic!("{c:#?}") };
        assert_eq!(t.object(), "secret/istio-remote-secret-b");
        assert_eq!((&obj["kind"], &obj["apiVersion"]), (&"Secret".into(), &"v1".into()));

        let p = remote_secrets(&snapshot(None), &[Some(creds())]);
        assert_eq!(p.changes().next().unwrap().outcome, Outcome::Created);
    }

    #[test]
    fn a_dry_run_without_a_token_says_so() {
        let s = snapshot(None);
        let p = remote_secrets(&s, &[None]);
        let rows = rows(&s, &token_args(None), p.rows(&s.contexts, DryRun::Server));
        assert_eq!(
            rows[0].action.to_string(),
            "would create (the token is minted only on a real run) (server dry run)"
        );
        assert_eq!((rows[0].source.as_str(), rows[0].destination.as_str()), ("ctx-b", "ctx-a"));
        let held = manifest::remote_secret("istio-system", "b", &creds());
        let planned = planned_rows(&snapshot(Some(held)), &token_args(None), DryRun::Client);
        assert_eq!(planned[0].action.to_string(), "would update if changed (dry run)");
        assert_eq!(planned[0].token, "service-account-secret");
    }
}
