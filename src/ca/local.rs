//! `init`, `issue` and `verify`: local files only, no cluster.

use std::io::Write;

use time::OffsetDateTime;

use super::cli::{CheckArgs, InitArgs, IssueArgs, IssueCmd};
use super::files::CaDir;
use super::pki::{self, Bundle, CertInfo, CertKey, KeyAlgorithm, Spec};
use super::row::{fail_on_problems, render_rows, CaRow};
use crate::cli::{validate_dns_label, DryRun};
use crate::error::{Error, Result};
use crate::outcome::{Action, Outcome};
use crate::session::Session;

/// The root, checked: a root that is not a usable CA, or whose key does not match, is an error.
pub fn load_root(dir: &CaDir, now: OffsetDateTime) -> Result<(CertKey, CertInfo)> {
    let root = dir.read_root()?;
    let (info, problems) = pki::check_root(&root.cert_pem, Some(&root.key_pem), now)
        .map_err(|e| Error::msg(format!("{}: {e}", dir.root_cert_path().display())))?;
    if !problems.is_empty() {
        return Err(Error::msg(format!(
            "the root in {} is not usable: {}",
            dir.path.display(),
            problems.join("; ")
        )));
    }
    Ok((root, info))
}

/// Make the root. A folder that already holds a usable root keeps it ("kept"), so `init` can be
/// re-run; `--force` replaces it and keeps the old files as `*.pem.<timestamp>.bak`. A dry run
/// writes nothing.
pub fn init(g: &Session, a: &InitArgs, out: &mut dyn Write) -> Result<()> {
    let dir = CaDir::new(&a.dir.dir);
    let now = OffsetDateTime::now_utc();
    if dir.has_root() && !a.force {
        let (_, info) = load_root(&dir, now).map_err(|e| {
            Error::usage(format!(
                "{e}. Pass --force to replace it with a new root (the old files are kept as *.bak; every cluster \
                 then needs a new intermediate: `kubectl mesh-ca install --force`)"
            ))
        })?;
        let mut row = CaRow::new("(root)", &info, &info.fingerprint, vec![], now);
        row.action = Some(Outcome::Kept.into());
        return render_rows(out, g, &[row]);
    }
    let replacing = dir.has_root();
    let root = pki::make_root(
        &Spec { org: a.org.clone(), days: a.days, algorithm: a.key_algorithm },
        now,
    )?;
    let info = pki::inspect(&root.cert_pem)?;
    let action = if g.dry_run().is_dry() {
        if replacing {
            Action::with(Outcome::Replaced, g.dry_run(), "the root (the old one kept as *.bak)")
        } else {
            Action::new(Outcome::Created, g.dry_run())
        }
    } else {
        let backups = dir.write_root(&root)?;
        match backups.iter().find(|b| b.to_string_lossy().contains(pki::ROOT_KEY)) {
            Some(b) => Action::with(
                Outcome::Replaced,
                g.dry_run(),
                format!("(old key kept as {})", b.display()),
            ),
            None => Outcome::Created.into(),
        }
    };
    let mut row = CaRow::new("(root)", &info, &info.fingerprint, vec![], now);
    row.action = Some(action);
    render_rows(out, g, &[row])
}

/// What `issue` (and `install`) will do for one cluster.
pub struct Planned {
    pub cluster: String,
    pub bundle: Bundle,
    /// Issued, kept, or re-issued, and why ("(expires in 3 days)").
    pub outcome: Outcome,
    pub why: String,
}

impl Planned {
    pub fn is_new(&self) -> bool {
        self.outcome != Outcome::Kept
    }

    /// The action as a table shows it: under a dry run, what would happen.
    pub fn shown_action(&self, dry_run: DryRun) -> Action {
        Action::with(self.outcome, dry_run, self.why.clone())
    }
}

/// Decide, for every cluster, whether its existing intermediate stays or a new one is made. Nothing
/// is written: the caller writes once everything else has been checked.
pub fn plan_bundles(
    dir: &CaDir,
    root: &CertKey,
    root_info: &CertInfo,
    clusters: &[String],
    istio_ns: &str,
    a: &IssueArgs,
    now: OffsetDateTime,
) -> Result<Vec<Planned>> {
    for (i, c) in clusters.iter().enumerate() {
        validate_dns_label(c, "cluster name")?;
        if clusters[..i].contains(c) {
            return Err(Error::usage(format!("cluster {c:?} given twice")));
        }
    }
    let spec = spec_like(root, root_info, a.new.key_algorithm, a.new.days);
    let san = format!("istiod.{istio_ns}.svc");
    let mut decided = Vec::new();
    for c in clusters {
        let existing = match dir.read_bundle(c) {
            Ok(b) => b,
            Err(_) if a.force => None,
            Err(e) => return Err(e),
        };
        let reason = match &existing {
            None => None,
            Some(_) if a.force => Some("--force".to_string()),
            Some(b) => match pki::check_bundle(b, Some(&root.cert_pem), now) {
                Err(e) => Some(e.to_string()),
                Ok((_, p)) if !p.is_empty() => Some(p.join("; ")),
                Ok((info, _))
                    if (info.days_left(now) as u64) * 86400 < a.renew_before.as_secs() =>
                {
                    Some(format!("expires in {} days", info.days_left(now)))
                }
                Ok((info, _)) if !info.dns_names.contains(&san) => {
                    Some(format!("SAN is not {san}"))
                }
                Ok((info, _))
                    if a.new.key_algorithm.is_some_and(|k| k.name() != info.algorithm) =>
                {
                    Some(format!("algorithm is {}", info.algorithm))
                }
                Ok(_) => None,
            },
        };
        decided.push((c, existing, reason));
    }
    // The new keys are made concurrently: an RSA 4096 key takes seconds, and each is independent.
    std::thread::scope(|s| {
        let made: Vec<_> = decided
            .into_iter()
            .map(|(c, existing, reason)| {
                let keep = existing.filter(|_| reason.is_none());
                let new = keep
                    .is_none()
                    .then(|| s.spawn(|| pki::make_intermediate(root, c, istio_ns, &spec, now)));
                (c, keep, reason, new)
            })
            .collect();
        made.into_iter()
            .map(|(c, keep, reason, new)| {
                let (bundle, outcome, why) = match (keep, new) {
                    (Some(b), _) => (b, Outcome::Kept, String::new()),
                    (None, Some(h)) => {
                        let b = h.join().map_err(|_| {
                            Error::msg(format!("making the intermediate for {c} failed"))
                        })??;
                        match reason {
                            None => (b, Outcome::Issued, String::new()),
                            Some(why) => (b, Outcome::Reissued, format!("({why})")),
                        }
                    }
                    (None, None) => {
                        unreachable!("a cluster either keeps its intermediate or gets a new one")
                    }
                };
                Ok(Planned { cluster: c.clone(), bundle, outcome, why })
            })
            .collect()
    })
}

/// Write the bundles that are new.
pub fn write_planned(dir: &CaDir, planned: &[Planned]) -> Result<()> {
    for p in planned.iter().filter(|p| p.is_new()) {
        dir.write_bundle(&p.cluster, &p.bundle)?;
    }
    Ok(())
}

/// What a certificate made under `root` should say: the root's organization, and its key algorithm
/// unless one is given.
pub fn spec_like(
    root: &CertKey,
    root_info: &CertInfo,
    algorithm: Option<KeyAlgorithm>,
    days: u32,
) -> Spec {
    let algorithm = algorithm.or_else(|| algorithm_of(root_info)).unwrap_or_default();
    let org = org_of(&root.cert_pem).unwrap_or_else(|| "Istio".into());
    Spec { org, days, algorithm }
}

fn algorithm_of(info: &CertInfo) -> Option<KeyAlgorithm> {
    use clap::ValueEnum;
    KeyAlgorithm::from_str(&info.algorithm, false).ok()
}

fn org_of(cert_pem: &str) -> Option<String> {
    let ders = pki::pem_certs(cert_pem).ok()?;
    let (_, cert) = x509_parser::parse_x509_certificate(&ders[0]).ok()?;
    let org = cert.subject().iter_organization().next()?.as_str().ok()?.to_string();
    Some(org)
}

pub fn issue(g: &Session, istio_ns: &str, a: &IssueCmd, out: &mut dyn Write) -> Result<()> {
    let dir = CaDir::new(&a.issue.new.dir.dir);
    let now = OffsetDateTime::now_utc();
    let (root, root_info) = load_root(&dir, now)?;
    let planned = plan_bundles(&dir, &root, &root_info, &a.clusters, istio_ns, &a.issue, now)?;
    if !g.dry_run().is_dry() {
        write_planned(&dir, &planned)?;
    }
    let rows = planned
        .iter()
        .map(|p| {
            let info = pki::inspect(&p.bundle.ca_cert)?;
            let mut row = CaRow::new(&p.cluster, &info, &root_info.fingerprint, vec![], now);
            row.action = Some(p.shown_action(g.dry_run()));
            Ok(row)
        })
        .collect::<Result<Vec<_>>>()?;
    render_rows(out, g, &rows)
}

/// Every local bundle checked against the local root. Fails if anything is wrong.
pub fn verify(g: &Session, a: &CheckArgs, out: &mut dyn Write) -> Result<()> {
    let dir = CaDir::new(&a.dir.dir);
    let now = OffsetDateTime::now_utc();
    let root = dir.read_root()?;
    let mut rows = Vec::new();
    let root_fp = match pki::check_root(&root.cert_pem, Some(&root.key_pem), now) {
        Ok((info, mut problems)) => {
            problems.extend(dir.loose_key_permissions(None));
            let w = a.expiry.warning("the root", info.not_after_time, now);
            rows.push(CaRow::new("(root)", &info, &info.fingerprint, problems, now).warn(w));
            info.fingerprint
        }
        Err(e) => {
            rows.push(CaRow::failed("(root)", format!("{}: {e}", pki::ROOT_CERT)));
            "-".into()
        }
    };
    for c in dir.clusters()? {
        let row = match dir.read_bundle(&c) {
            Ok(Some(b)) => match pki::check_bundle(&b, Some(&root.cert_pem), now) {
                Ok((info, mut problems)) => {
                    problems.extend(dir.loose_key_permissions(Some(&c)));
                    let fp = pki::fingerprint_of(&b.root_cert).unwrap_or_else(|_| root_fp.clone());
                    let w = a.expiry.warning("the intermediate", info.not_after_time, now);
                    CaRow::new(&c, &info, &fp, problems, now).warn(w)
                }
                Err(e) => CaRow::failed(&c, e.to_string()),
            },
            Ok(None) => continue,
            Err(e) => CaRow::failed(&c, e.to_string()),
        };
        rows.push(row);
    }
    render_rows(out, g, &rows)?;
    fail_on_problems(&rows, &a.expiry)
}
