//! `status`: every cluster's `cacerts`, checked, with one root expected across all of them.

use std::collections::BTreeSet;
use std::io::Write;

use time::OffsetDateTime;

use super::check::CaCheck;
use super::cli::CheckArgs;
use super::files::CaDir;
use super::row::{self, CaRow};
use super::secret::CACERTS;
use crate::cluster::{self};
use crate::error::Result;
use crate::session::Session;

/// `cacerts` of every cluster, checked, with one root expected across all of them.
pub async fn status(g: &Session, istio_ns: &str, a: &CheckArgs, out: &mut dyn Write) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    let local_root = CaDir::new(&a.dir.dir).read_root_cert()?;
    let clusters = g.clusters().await?;
    let local_root = local_root.as_deref();
    let results =
        cluster::fan_out(&clusters, |_, c| super::check_cluster(c, istio_ns, local_root, now))
            .await;
    let mut rows = Vec::new();
    for (c, r) in results {
        let mut row = match r {
            Err(e) => CaRow::failed("-", e.to_string()),
            Ok(CaCheck::Missing) => CaRow::failed(
                "-",
                format!(
                    "no {CACERTS} in {istio_ns}: run `kubectl mesh-ca install --context {}`",
                    c.context
                ),
            ),
            Ok(CaCheck::Incomplete(missing)) => {
                CaRow::failed("-", format!("{CACERTS} lacks {}", missing.join(", ")))
            }
            Ok(CaCheck::Invalid(e)) => CaRow::failed("-", e),
            Ok(CaCheck::Checked { info, root_fingerprint, root_not_after, problems, rotation }) => {
                let w = [
                    a.expiry.warning("the intermediate", info.not_after_time, now),
                    root_not_after.and_then(|t| a.expiry.warning("the root", t, now)),
                ];
                let mut row = CaRow::new(
                    info.locality.as_deref().unwrap_or("-"),
                    &info,
                    &root_fingerprint,
                    problems,
                    now,
                );
                row.rotation = Some(rotation.unwrap_or_else(|| "-".into()));
                row.warn(w.into_iter().flatten())
            }
        };
        row.context = Some(c.context.clone());
        rows.push(row);
    }
    // In the middle of a root rotation, clusters differ in roots by design; they must agree on the phase.
    let phases: BTreeSet<&str> = rows.iter().filter_map(|r| r.rotation.as_deref()).collect();
    let rotating = phases.iter().any(|p| *p != "-");
    if rotating && phases.len() > 1 {
        for r in rows.iter_mut().filter(|r| r.rotation.is_some()) {
            r.problems.push("the clusters are at different phases of the root rotation: `kubectl mesh-ca rotate root` says how to catch up".into());
            r.status = r.problems.join("; ");
        }
    }
    let roots: BTreeSet<&str> =
        rows.iter().map(|r| r.root_fingerprint.as_str()).filter(|f| *f != "-").collect();
    if roots.len() > 1 && !rotating {
        let n = roots.len();
        for r in rows.iter_mut().filter(|r| r.root_fingerprint != "-") {
            r.problems.push(format!("clusters chain to {n} different roots"));
            r.status = r.problems.join("; ");
        }
    }
    row::render_rows(out, g, &rows)?;
    row::fail_on_problems(&rows, &a.expiry)
}
