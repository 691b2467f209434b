//! What `rotate` decides without a cluster (pure): the directions to rotate, the access they need,
//! what became of each direction once its new token was (or was not) taken, and the rows.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use serde::Serialize;

use super::super::link::plan::LinkRow;
use super::super::manifest::{self, TokenKind};
use super::super::reader::PairToken;
use crate::access::Access;
use crate::cli::DryRun;
use crate::error::Result;
use crate::execute::Plan;
use crate::outcome::{Action, Outcome};
use crate::output::Row;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RotateRow {
    /// The direction, as `link` says it.
    #[serde(flatten)]
    pair: LinkRow,
    /// What became of the old token.
    old_token: String,
}

impl Row for RotateRow {
    fn headers(_: &[Self], wide: bool) -> Vec<&'static str> {
        let mut h = LinkRow::headers(&[], wide);
        h.push("old token");
        h
    }

    fn cells(&self, h: &[&'static str]) -> Vec<String> {
        let mut v = self.pair.cells(h);
        v.push(self.old_token.clone());
        v
    }
}

/// One direction to rotate: source and destination indexes, and what the remote secret holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub src: usize,
    pub dst: usize,
    pub server: String,
    pub old_token: Option<String>,
    pub old_expires: Option<i64>,
}

/// Every direction these clusters have: a remote secret in the destination for the source, with
/// the server and token it carries (`servers`: each source's own address, when it carries none).
pub fn pairs_of(
    names: &[String],
    servers: &[String],
    existing: &[BTreeMap<String, Secret>],
) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for (dst, held) in existing.iter().enumerate() {
        for (src, name) in names.iter().enumerate().filter(|(s, _)| *s != dst) {
            let Some(s) = held.get(&manifest::remote_secret_name(name)) else { continue };
            let parsed = manifest::carried(s, name);
            pairs.push(Pair {
                src,
                dst,
                server: parsed
                    .as_ref()
                    .map_or_else(|| servers[src].clone(), |(i, _)| i.server.clone()),
                old_expires: parsed.as_ref().and_then(|(i, _)| i.expires),
                old_token: parsed.map(|(_, t)| t),
            });
        }
    }
    pairs
}

/// The access review of a rotation: on every source, minting and revoking tokens; on every
/// destination, replacing its remote secret.
pub fn access(ns: &str, pairs: &[Pair], token_request: bool) -> Plan {
    let mut plan = Plan::default();
    let ns = Some(ns);
    for p in pairs {
        plan = plan
            .needing(p.src, Access::new("create", "", "secrets", ns))
            .needing(p.src, Access::new("delete", "", "secrets", ns));
        if token_request {
            let token = Access::new("create", "", "serviceaccounts", ns).subresource("token");
            plan = plan.needing(p.src, token);
        }
        plan = plan.needing(p.dst, Access::new("patch", "", "secrets", ns));
    }
    plan
}

/// Old tokens an istiod may still be using: those of the directions not confirmed.
pub fn still_needed<'a>(pairs: &'a [Pair], confirmed: &[Result<bool>]) -> Vec<(usize, &'a str)> {
    pairs
        .iter()
        .zip(confirmed)
        .filter(|(_, ok)| !matches!(ok, Ok(true)))
        .filter_map(|(p, _)| Some((p.src, p.old_token.as_deref()?)))
        .collect()
}

/// What became of one direction.
#[derive(Debug, PartialEq)]
pub enum Fate<'a> {
    /// Minting, replacing or waiting failed (the cause).
    Failed(String),
    /// A TokenRequest token replaced the old one; nothing records its use.
    Requested,
    /// istiod used the new token (its Secret's name and the token): the old one may go.
    Confirmed((&'a str, &'a str)),
    /// istiod has not used the new token in time: the old one stays.
    NotUsed,
}

/// The fate of a direction from its replacement (`Some((secret, token))` when a new token was put
/// in), whether its istiod was seen using it, and whether it was a TokenRequest (`ttl`).
pub fn fate<'a>(
    replaced: &'a Result<Option<(String, String)>>,
    confirmed: &Result<bool>,
    ttl: bool,
) -> Fate<'a> {
    match (replaced, confirmed) {
        (Err(e), _) | (_, Err(e)) => Fate::Failed(e.to_string()),
        (Ok(Some(_)), Ok(true)) if ttl => Fate::Requested,
        (Ok(Some((s, t))), Ok(true)) => Fate::Confirmed((s.as_str(), t.as_str())),
        (Ok(None), _) | (Ok(_), Ok(false)) => Fate::NotUsed,
    }
}

/// How rows name a rotation's clusters.
pub struct View<'a> {
    pub ns: &'a str,
    pub contexts: &'a [String],
    pub names: &'a [String],
    pub ttl: bool,
}

impl View<'_> {
    pub fn row(&self, p: &Pair, action: Action, old: String) -> RotateRow {
        let kind = if self.ttl { TokenKind::TokenRequest } else { TokenKind::ServiceAccountSecret };
        let pair = LinkRow {
            source: self.contexts[p.src].clone(),
            destination: self.contexts[p.dst].clone(),
            secret: format!("{}/{}", self.ns, manifest::remote_secret_name(&self.names[p.src])),
            token: kind.name().into(),
            action,
        };
        RotateRow { pair, old_token: old }
    }

    /// A client dry run's row.
    pub fn planned(&self, p: &Pair, run: DryRun) -> RotateRow {
        let old = "would be revoked once istiod uses the new one".to_string();
        self.row(p, Action::new(Outcome::Replaced, run), old)
    }

    /// What becomes of a replaced TokenRequest direction's old token: it expires, or, if it never
    /// does (a token Secret's), is deleted by hand once istiod has re-synced.
    pub fn old_request_token(&self, p: &Pair, tokens: &[PairToken]) -> String {
        let held_by = tokens.iter().find(|t| p.old_token.as_deref() == Some(t.token.as_str()));
        let expires = p.old_expires.and_then(|e| time::OffsetDateTime::from_unix_timestamp(e).ok());
        match (expires, held_by) {
            (Some(t), _) => format!("expires {}", crate::expiry::rfc3339(t)),
            (None, Some(t)) => format!(
                "kept: delete it once istiod in {} has re-synced (kubectl delete secret -n {} {} --context {})",
                self.contexts[p.dst], self.ns, t.name, self.contexts[p.src]
            ),
            (None, None) => "kept (not a token Secret of kubectl-mesh)".into(),
        }
    }

    /// Why a direction kept its old token.
    pub fn not_used(&self, p: &Pair, wait: Duration) -> String {
        let (dst, src) = (&self.contexts[p.dst], &self.contexts[p.src]);
        format!(
            "istiod in {dst} has not used the new token for {src} within {}s, so the old one stays valid (nothing goes dark): \
             check that istiod runs there (kubectl get pods -n {} -l app=istiod --context {dst}) and re-run rotate",
            wait.as_secs(),
            self.ns
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::secret::manifest::Credentials;

    fn held(names: &[&str], token: &str) -> BTreeMap<String, Secret> {
        let cr = Credentials {
            server: "https://192.0.2.9:6443".into(),
            ca_pem: "CA".into(),
            token: token.into(),
            kind: TokenKind::ServiceAccountSecret,
            issued: None,
        };
        names
            .iter()
            .map(|n| {
                (manifest::remote_secret_name(n), manifest::remote_secret("istio-system", n, &cr))
            })
            .collect()
    }

    #[test]
    fn every_direction_a_remote_secret_exists_for_is_rotated() {
        let names = ["a", "b", "c"].map(String::from);
        let servers = ["https://a", "https://b", "https://c"].map(String::from);
        // a holds b's and c's; b holds a's; c holds none (a remote).
        let existing = [held(&["b", "c"], "t1"), held(&["a"], "t2"), BTreeMap::new()];
        let pairs = pairs_of(&names, &servers, &existing);
        let dirs: Vec<(usize, usize)> = pairs.iter().map(|p| (p.src, p.dst)).collect();
        assert_eq!(dirs, [(1, 0), (2, 0), (0, 1)]);
        assert_eq!(pairs[0].server, "https://192.0.2.9:6443", "the server the secret carries");
        assert_eq!(pairs[2].old_token.as_deref(), Some("t2"));
        let plan = access("istio-system", &pairs, false);
        assert_eq!(
            plan.access(2),
            [
                Access::new("create", "", "secrets", Some("istio-system")),
                Access::new("delete", "", "secrets", Some("istio-system"))
            ]
        );
        assert_eq!(plan.access(0).len(), 3, "a is a source and a destination");
    }

    #[test]
    fn only_a_confirmed_direction_gives_up_its_old_token() {
        let new = Ok(Some(("token-2".to_string(), "t-new".to_string())));
        assert_eq!(fate(&new, &Ok(true), false), Fate::Confirmed(("token-2", "t-new")));
        assert_eq!(fate(&new, &Ok(true), true), Fate::Requested);
        assert_eq!(fate(&new, &Ok(false), false), Fate::NotUsed);
        assert_eq!(fate(&Ok(None), &Ok(false), false), Fate::NotUsed);
        let failed: Result<Option<(String, String)>> = Err(Error::msg("minting failed"));
        assert_eq!(fate(&failed, &Ok(true), false), Fate::Failed("minting failed".into()));
        let p = |src, old: &str| Pair {
            src,
            dst: 0,
            server: String::new(),
            old_token: Some(old.into()),
            old_expires: None,
        };
        let pairs = [p(1, "old-1"), p(2, "old-2")];
        assert_eq!(still_needed(&pairs, &[Ok(true), Ok(false)]), [(2, "old-2")]);
    }
}
