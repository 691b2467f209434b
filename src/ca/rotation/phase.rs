//! Where a root rotation stands, worked out from what each cluster's `cacerts` holds, and what the
//! next phase writes. Pure: no files, no clusters.
//!
//! A rotation from root A to root B has three phases, one run each:
//! 1. `root-cert.pem` holds A+B; the intermediate is still signed by A.
//! 2. A new intermediate signed by B; `root-cert.pem` still holds A+B.
//! 3. `root-cert.pem` holds B alone.

use std::collections::BTreeMap;

use crate::ca::pki::{self, Bundle};
use crate::error::{Error, Result};

/// The annotations that record a rotation on `cacerts`: the phase, and the two roots'
/// fingerprints. What the Secret holds is what counts; these say it in words.
pub const PHASE_ANNOTATION: &str = "kubectl-mesh.io/root-rotation-phase";
pub const FROM_ANNOTATION: &str = "kubectl-mesh.io/root-rotation-from";
pub const TO_ANNOTATION: &str = "kubectl-mesh.io/root-rotation-to";

/// The last phase.
pub const LAST: u8 = 3;

/// A rotation from one root to another, by SHA-256 fingerprint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotation {
    pub from: String,
    pub to: String,
}

/// What one cluster's `cacerts` trusts and signs with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stand {
    /// One root, which signs the intermediate.
    Steady { root: String },
    /// Two roots, the outgoing one first; the intermediate signed by the outgoing one (phase 1) or by
    /// the incoming one (phase 2).
    Both { old: String, new: String, signed_by_new: bool },
}

impl Stand {
    /// Read from a bundle: `root-cert.pem`'s certificates, and the root `cert-chain.pem` ends with.
    pub fn of(b: &Bundle) -> Result<Stand> {
        let roots = pki::fingerprints(&b.root_cert)
            .map_err(|e| Error::msg(format!("{}: {e}", pki::ROOT_CERT)))?;
        let chain = pki::fingerprints(&b.cert_chain)
            .map_err(|e| Error::msg(format!("{}: {e}", pki::CERT_CHAIN)))?;
        let last = chain.last().cloned().unwrap_or_default();
        match roots.as_slice() {
            [root] => Ok(Stand::Steady { root: root.clone() }),
            [old, new] if last == *old || last == *new => {
                Ok(Stand::Both { old: old.clone(), new: new.clone(), signed_by_new: last == *new })
            }
            [_, _] => Err(Error::msg(format!(
                "{} does not end with either root of {}",
                pki::CERT_CHAIN,
                pki::ROOT_CERT
            ))),
            more => Err(Error::msg(format!(
                "{} holds {} roots; a rotation has at most 2",
                pki::ROOT_CERT,
                more.len()
            ))),
        }
    }

    /// How far along `r` this cluster is: 0 (only the old root) to 3 (only the new one); `None`
    /// when it is not part of `r` at all.
    pub fn progress(&self, r: &Rotation) -> Option<u8> {
        match self {
            Stand::Steady { root } if *root == r.from => Some(0),
            Stand::Steady { root } if *root == r.to => Some(LAST),
            Stand::Both { old, new, signed_by_new } if *old == r.from && *new == r.to => {
                Some(if *signed_by_new { 2 } else { 1 })
            }
            _ => None,
        }
    }

    /// The rotation this cluster is in the middle of, if any.
    pub fn rotation(&self) -> Option<Rotation> {
        match self {
            Stand::Both { old, new, .. } => Some(Rotation { from: old.clone(), to: new.clone() }),
            Stand::Steady { .. } => None,
        }
    }

    /// "phase 1 of 3" in the middle of a rotation, else `None`.
    pub fn phase_text(&self) -> Option<String> {
        let r = self.rotation()?;
        Some(format!("phase {} of {LAST}", self.progress(&r)?))
    }
}

/// What this run does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Start a rotation from the current root to a new one (phase 1).
    Start,
    /// Take every cluster of `rotation` to `phase`.
    Phase { rotation: Rotation, phase: u8 },
}

impl Step {
    pub fn phase(&self) -> u8 {
        match self {
            Step::Start => 1,
            Step::Phase { phase, .. } => *phase,
        }
    }
}

/// What each phase does, in the words the plan prints.
pub fn describe(phase: u8) -> &'static str {
    match phase {
        1 => "root-cert.pem trusts the old and the new root; intermediates still signed by the old root",
        2 => "new intermediates signed by the new root; root-cert.pem still trusts both",
        _ => "the old root dropped: root-cert.pem trusts the new root alone",
    }
}

/// The step for the clusters `stands` (context, stand), given the rotation the local folder is in
/// (`local`: `None` when it holds one root), its current root `current`, and the phase asked for
/// (`target`; `None`: the next one). Refuses, before any write, when a cluster is behind the others
/// without a target that catches it up (naming the command `catch_up(phase)` that does), when one
/// would skip a phase or go back, or when one holds a root outside the rotation. Clusters already at
/// the target stay as they are, so a repeated or resumed run converges.
pub fn next_step(
    local: Option<&Rotation>,
    current: &str,
    stands: &[(String, Stand)],
    target: Option<u8>,
    catch_up: impl Fn(u8) -> String,
) -> Result<Step> {
    let short = |f: &str| pki::short_fingerprint(f);
    let Some(r) = local else {
        // No rotation under way locally: every cluster must be steady on the folder's root.
        if let Some((ctx, s)) =
            stands.iter().find(|(_, s)| *s != Stand::Steady { root: current.to_string() })
        {
            let why = match s {
                Stand::Both { old, new, .. } => {
                    format!("is in the middle of a rotation from {} to {}", short(old), short(new))
                }
                Stand::Steady { root } => format!("chains to root {}", short(root)),
            };
            return Err(Error::msg(format!(
                "cacerts in {ctx} {why}, but the local folder's root is {} with no rotation under way; nothing was \
                 changed. Run rotate root with the folder that started that rotation (--dir), or install this root first",
                short(current)
            )));
        }
        return match target {
            None | Some(1) => Ok(Step::Start),
            Some(t) => Err(Error::usage(format!(
                "no root rotation is under way, so there is no phase {t} yet: start with phase 1"
            ))),
        };
    };
    let mut at: BTreeMap<u8, Vec<&str>> = BTreeMap::new();
    for (ctx, s) in stands {
        let Some(p) = s.progress(r) else {
            return Err(Error::msg(format!(
                "cacerts in {ctx} is not part of the rotation from root {} to {} that the local folder is in; nothing \
                 was changed. Install the mesh's root there first (kubectl mesh-ca install --context {ctx})",
                short(&r.from),
                short(&r.to)
            )));
        };
        at.entry(p).or_default().push(ctx);
    }
    let (Some((&lo, behind)), Some((&hi, ahead))) = (at.first_key_value(), at.last_key_value())
    else {
        return Err(Error::usage("no cluster to rotate: give --context or --all-contexts"));
    };
    let are = |v: &[&str]| format!("{} {}", v.join(", "), if v.len() == 1 { "is" } else { "are" });
    let target = match target {
        None if lo != hi => {
            return Err(Error::msg(format!(
                "{} at phase {lo} of the root rotation while {} at phase {hi}; nothing was changed. Catch up first: {}",
                are(behind),
                are(ahead),
                catch_up(hi)
            )))
        }
        None if lo == LAST => return Ok(Step::Start),
        None => lo + 1,
        Some(t) if hi > t => {
            return Err(Error::usage(format!(
                "{} already at phase {hi} of the root rotation; a rotation never goes back. Run without --phase to take every cluster on",
                are(ahead)
            )))
        }
        Some(t) if lo + 1 < t => {
            return Err(Error::usage(format!(
                "{} at phase {lo} of the root rotation; phases are taken one at a time: {}",
                are(behind),
                catch_up(lo + 1)
            )))
        }
        Some(t) => t,
    };
    Ok(Step::Phase { rotation: r.clone(), phase: target })
}

/// The bundle a cluster gets in `phase`: from what it holds (`held`; phases 1 and 3) or from its
/// new intermediate (`issued`, signed by the new root; phase 2). `old` and `new` are the roots' PEM.
pub fn bundle_for(
    phase: u8,
    held: &Bundle,
    issued: Option<&Bundle>,
    old: &str,
    new: &str,
) -> Bundle {
    let both = format!("{}\n{}\n", old.trim_end(), new.trim_end());
    match (phase, issued) {
        (2, Some(b)) => Bundle { root_cert: both, ..b.clone() },
        (LAST, _) => Bundle { root_cert: format!("{}\n", new.trim_end()), ..held.clone() },
        _ => Bundle { root_cert: both, ..held.clone() },
    }
}

/// The annotations that record `phase` of `r`.
pub fn annotations(r: &Rotation, phase: u8) -> BTreeMap<String, String> {
    [
        (PHASE_ANNOTATION.to_string(), phase.to_string()),
        (FROM_ANNOTATION.to_string(), r.from.clone()),
        (TO_ANNOTATION.to_string(), r.to.clone()),
    ]
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ca::pki::{make_intermediate, make_root, KeyAlgorithm, Spec};

    fn spec() -> Spec {
        Spec { org: "Istio".into(), days: 10, algorithm: KeyAlgorithm::EcdsaP256 }
    }

    fn catch_up(phase: u8) -> String {
        format!("kubectl mesh-ca rotate root --phase {phase} --context c1,c2,c3")
    }

    #[test]
    fn three_phases_read_back_from_what_the_bundles_hold() {
        let now = time::OffsetDateTime::now_utc();
        let (a, b) = (make_root(&spec(), now).unwrap(), make_root(&spec(), now).unwrap());
        let r = Rotation {
            from: pki::fingerprint_of(&a.cert_pem).unwrap(),
            to: pki::fingerprint_of(&b.cert_pem).unwrap(),
        };
        let held = make_intermediate(&a, "c1", "istio-system", &spec(), now).unwrap();
        assert_eq!(Stand::of(&held).unwrap().progress(&r), Some(0));
        let p1 = bundle_for(1, &held, None, &a.cert_pem, &b.cert_pem);
        assert_eq!(p1.ca_cert, held.ca_cert, "phase 1 keeps the intermediate");
        let s1 = Stand::of(&p1).unwrap();
        assert_eq!((s1.progress(&r), s1.rotation()), (Some(1), Some(r.clone())));
        assert!(
            pki::check_bundle(&p1, Some(&a.cert_pem), now).unwrap().1.is_empty(),
            "istiod would accept phase 1"
        );
        let issued = make_intermediate(&b, "c1", "istio-system", &spec(), now).unwrap();
        let p2 = bundle_for(2, &p1, Some(&issued), &a.cert_pem, &b.cert_pem);
        assert_eq!(Stand::of(&p2).unwrap().progress(&r), Some(2));
        assert_eq!(Stand::of(&p2).unwrap().phase_text().as_deref(), Some("phase 2 of 3"));
        assert!(
            pki::check_bundle(&p2, Some(&b.cert_pem), now).unwrap().1.is_empty(),
            "istiod would accept phase 2"
        );
        let p3 = bundle_for(3, &p2, None, &a.cert_pem, &b.cert_pem);
        assert_eq!(p3.ca_cert, issued.ca_cert);
        assert_eq!(Stand::of(&p3).unwrap(), Stand::Steady { root: r.to.clone() });
        assert_eq!(Stand::of(&p3).unwrap().progress(&r), Some(3));
        assert!(
            pki::check_bundle(&p3, Some(&b.cert_pem), now).unwrap().1.is_empty(),
            "istiod would accept phase 3"
        );
        // A bundle of another mesh is in no phase of this rotation.
        let other = make_intermediate(
            &make_root(&spec(), now).unwrap(),
            "c1",
            "istio-system",
            &spec(),
            now,
        )
        .unwrap();
        assert_eq!(Stand::of(&other).unwrap().progress(&r), None);
    }

    #[test]
    fn every_cluster_moves_one_phase_and_none_may_lag() {
        let r = Rotation { from: "AA".into(), to: "BB".into() };
        let steady = |f: &str| Stand::Steady { root: f.into() };
        let both =
            |by_new| Stand::Both { old: "AA".into(), new: "BB".into(), signed_by_new: by_new };
        let at = |v: Vec<Stand>| {
            v.into_iter().enumerate().map(|(i, s)| (format!("c{}", i + 1), s)).collect::<Vec<_>>()
        };
        // Nothing under way: a new rotation starts, from the folder's root only.
        assert_eq!(
            next_step(None, "AA", &at(vec![steady("AA"), steady("AA")]), None, catch_up).unwrap(),
            Step::Start
        );
        assert_eq!(
            next_step(None, "AA", &at(vec![steady("AA")]), Some(1), catch_up).unwrap(),
            Step::Start
        );
        assert!(next_step(None, "AA", &at(vec![steady("AA")]), Some(2), catch_up).is_err());
        let e = next_step(None, "AA", &at(vec![steady("AA"), steady("CC")]), None, catch_up)
            .unwrap_err()
            .to_string();
        assert!(e.contains("cacerts in c2 chains to root CC"), "{e}");
        let e =
            next_step(None, "AA", &at(vec![both(false)]), None, catch_up).unwrap_err().to_string();
        assert!(e.contains("middle of a rotation from AA to BB"), "{e}");
        // Under way: every cluster one phase on, and a finished rotation lets a new one start.
        let step = |v, t| next_step(Some(&r), "AA", &at(v), t, catch_up);
        assert_eq!(step(vec![steady("AA"), steady("AA")], None).unwrap().phase(), 1);
        assert_eq!(
            step(vec![both(false), both(false)], None).unwrap(),
            Step::Phase { rotation: r.clone(), phase: 2 }
        );
        assert_eq!(step(vec![both(true), both(true)], None).unwrap().phase(), 3);
        assert_eq!(step(vec![steady("BB"), steady("BB")], None).unwrap(), Step::Start);
        // A cluster behind is named with the command that catches it up, and that command converges.
        let e = step(vec![both(false), steady("AA"), both(false)], None).unwrap_err().to_string();
        assert!(e.starts_with("c2 is at phase 0 of the root rotation while c1, c3 are at phase 1; nothing was changed"), "{e}");
        assert!(
            e.ends_with("Catch up first: kubectl mesh-ca rotate root --phase 1 --context c1,c2,c3"),
            "{e}"
        );
        assert_eq!(step(vec![both(false), steady("AA"), both(false)], Some(1)).unwrap().phase(), 1);
        assert_eq!(
            step(vec![both(false), both(false)], Some(1)).unwrap().phase(),
            1,
            "a repeated phase is allowed (and changes nothing)"
        );
        let e = step(vec![steady("BB"), both(true), both(true)], None).unwrap_err().to_string();
        assert!(e.contains("c2, c3 are at phase 2") && e.contains("--phase 3"), "{e}");
        // Never back, never a phase skipped.
        let e = step(vec![both(true), both(false)], Some(1)).unwrap_err().to_string();
        assert!(e.contains("c1 is already at phase 2") && e.contains("never goes back"), "{e}");
        let e = step(vec![steady("AA"), both(false)], Some(2)).unwrap_err().to_string();
        assert!(e.contains("c1 is at phase 0") && e.contains("--phase 1"), "{e}");
        let e = step(vec![steady("CC")], None).unwrap_err().to_string();
        assert!(e.contains("not part of the rotation from root AA to BB"), "{e}");
    }
}
