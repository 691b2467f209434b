//! The local folder during a root rotation: the roots it holds (current, incoming, outgoing), and
//! what each phase writes there before any cluster is touched.

use time::OffsetDateTime;

use super::phase::{Rotation, Step};
use crate::ca::files::CaDir;
use crate::ca::local;
use crate::ca::pki::{self, Bundle, CertKey};
use crate::error::Result;

/// The roots the local folder holds: the current one, and the incoming (`root.next`) or outgoing
/// (`root.previous`) one while a rotation is under way.
pub(super) struct LocalRoots {
    pub(super) current: CertKey,
    pub(super) current_fp: String,
    pub(super) next: Option<CertKey>,
    pub(super) previous: Option<String>,
}

impl LocalRoots {
    pub(super) fn read(dir: &CaDir, now: OffsetDateTime) -> Result<LocalRoots> {
        let (current, info) = local::load_root(dir, now)?;
        let next =
            if dir.next().has_root() { Some(local::load_root(&dir.next(), now)?.0) } else { None };
        Ok(LocalRoots {
            current,
            current_fp: info.fingerprint,
            next,
            previous: dir.previous().read_root_cert()?,
        })
    }

    /// The rotation the folder is in: to `root.next` before phase 2, from `root.previous` after.
    pub(super) fn rotation(&self) -> Result<Option<Rotation>> {
        Ok(match (&self.next, &self.previous) {
            (Some(n), _) => Some(Rotation {
                from: self.current_fp.clone(),
                to: pki::fingerprint_of(&n.cert_pem)?,
            }),
            (None, Some(p)) => {
                Some(Rotation { from: pki::fingerprint_of(p)?, to: self.current_fp.clone() })
            }
            (None, None) => None,
        })
    }
}
/// The local folder, before any cluster: a new root into `root.next` (phase 1); the new
/// intermediates, then the new root promoted to `DIR/root-*.pem` with the old one's certificate in
/// `root.previous` and its key kept as a backup (phase 2); the bundles trusting the new root alone
/// (phase 3).
pub(super) fn write_local(
    dir: &CaDir,
    roots: &LocalRoots,
    step: &Step,
    names: &[String],
    bundles: &[Bundle],
    old: &str,
    new: &CertKey,
) -> Result<()> {
    let phase = step.phase();
    if *step == Step::Start {
        dir.next().write_root(new)?;
    }
    if phase >= 2 {
        for (name, b) in names.iter().zip(bundles) {
            dir.write_bundle(name, b)?;
        }
    }
    if phase == 2 && roots.next.is_some() {
        dir.previous().write_root_cert(old)?;
        dir.write_root(new)?;
        dir.next().remove_copy_of(new)?;
    }
    Ok(())
}
