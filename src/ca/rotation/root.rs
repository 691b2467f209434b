//! `rotate root`: one phase per run, across every chosen cluster. Everything is read and checked
//! before the first write; the local folder is written before the clusters, so an interrupted run
//! finds what it needs to resume.

use std::io::Write;
use std::time::Duration;

use k8s_openapi::api::core::v1::{ConfigMap, Secret};
use kube::api::Api;
use serde::Serialize;
use time::OffsetDateTime;

use super::phase::{self, bundle_for, next_step, Rotation, Stand, Step, LAST};
use super::root_files::{write_local, LocalRoots};
use crate::ca::cacerts_plan::{self, ClusterState, IstiodAction};
use crate::ca::cli::{IssueArgs, RotateRootArgs};
use crate::ca::files::CaDir;
use crate::ca::install::read_state;
use crate::ca::local;
use crate::ca::pki::{self, Bundle, CertKey};
use crate::ca::secret::{bundle_of, cacerts_secret, redacted, CACERTS};
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::execute;
use crate::outcome::Action;
use crate::output::{self, ObjectRow, Row};
use crate::session::Session;

/// One cluster before the run: what istiod runs with, and what `cacerts` holds.
struct Before {
    state: ClusterState,
    held: Bundle,
    stand: Stand,
    /// Every revision's mesh config sets `PROXY_CONFIG_XDS_AGENT` in `defaultConfig.proxyMetadata`.
    xds_agent: bool,
}

async fn read_before(c: &Cluster, ns: &str) -> Result<Before> {
    let state = read_state(c, ns).await?;
    let ctx = &c.context;
    let Some(secret) = &state.cacerts else {
        return Err(Error::msg(format!(
            "no {CACERTS} in {ns} of {ctx}: a root rotation starts from an installed root (kubectl mesh-ca install --context {ctx})"
        )));
    };
    let held = bundle_of(secret).ok_or_else(|| {
        Error::msg(format!("{ns}/{CACERTS} in {ctx} is incomplete: re-run kubectl mesh-ca install"))
    })?;
    let stand =
        Stand::of(&held).map_err(|e| Error::msg(format!("{ns}/{CACERTS} in {ctx}: {e}")))?;
    let cms: Api<ConfigMap> = Api::namespaced(c.client.clone(), ns);
    let mut xds_agent = !state.revisions.is_empty();
    for rev in &state.revisions {
        let name = if rev == "default" { "istio".to_string() } else { format!("istio-{rev}") };
        let cm = cms.get_opt(&name).await.ctx(|| format!("get ConfigMap {ns}/{name} in {ctx}"))?;
        xds_agent &= cm.as_ref().is_some_and(sets_xds_agent);
    }
    Ok(Before { state, held, stand, xds_agent })
}

/// Whether a mesh config ConfigMap turns on `PROXY_CONFIG_XDS_AGENT` for every proxy.
fn sets_xds_agent(cm: &ConfigMap) -> bool {
    let mesh = cm
        .data
        .as_ref()
        .and_then(|d| d.get("mesh"))
        .and_then(|m| serde_yaml::from_str::<serde_yaml::Value>(m).ok());
    let v = mesh.as_ref().and_then(|m| {
        m.get("defaultConfig")?.get("proxyMetadata")?.get("PROXY_CONFIG_XDS_AGENT").cloned()
    });
    match v {
        Some(serde_yaml::Value::String(s)) => s.eq_ignore_ascii_case("true") || s == "1",
        Some(serde_yaml::Value::Bool(b)) => b,
        _ => false,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RotateRow {
    context: String,
    cluster: String,
    phase: u8,
    /// Fingerprints of the roots `root-cert.pem` holds after this run.
    trusts: Vec<String>,
    signed_by: String,
    secret: Action,
    istiod: IstiodAction,
}

impl Row for RotateRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["context", "cluster", "phase", "trusts", "signed by", "secret", "istiod"]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        let trusts =
            self.trusts.iter().map(|f| pki::short_fingerprint(f)).collect::<Vec<_>>().join(" + ");
        vec![
            self.context.clone(),
            self.cluster.clone(),
            format!("{} of {LAST}", self.phase),
            trusts,
            pki::short_fingerprint(&self.signed_by),
            self.secret.to_string(),
            self.istiod.to_string(),
        ]
    }
}

pub async fn rotate_root(
    g: &Session,
    istio_ns: &str,
    a: &RotateRootArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let dir = CaDir::new(&a.new.dir.dir);
    let now = OffsetDateTime::now_utc();
    let roots = LocalRoots::read(&dir, now)?;
    let contexts = g.selected()?;
    let names = cluster::cluster_names(&contexts, &a.targets.cluster_names)?;
    let clusters = g.for_contexts(&contexts).await?;
    let before = cluster::fan_out_all(&clusters, |_, c| read_before(c, istio_ns)).await?;

    let stands: Vec<(String, Stand)> =
        before.iter().map(|(c, b)| (c.context.clone(), b.stand.clone())).collect();
    let local_rotation = roots.rotation()?;
    let all: Vec<&str> = contexts.iter().map(String::as_str).collect();
    let step = next_step(local_rotation.as_ref(), &roots.current_fp, &stands, a.phase, |p| {
        phase_command(a, istio_ns, &all, Some(p))
    })?;
    let phase = step.phase();
    let (old, new) = rotation_roots(&step, &roots, &dir, a, now)?;
    let rotation =
        Rotation { from: pki::fingerprint_of(&old)?, to: pki::fingerprint_of(&new.cert_pem)? };

    let issued = phase_two_bundles(phase, &dir, &new, &names, istio_ns, a, now)?;
    let bundles = phase_bundles(phase, &rotation, &before, issued.as_deref(), &old, &new.cert_pem);
    let secrets: Vec<Secret> =
        bundles.iter().map(|b| phase_secret(istio_ns, b, &rotation, phase)).collect();
    let short = |f: &str| pki::short_fingerprint(f);
    output::note(&format!(
        "root rotation {} -> {}, phase {phase} of {LAST}: {}",
        short(&rotation.from),
        short(&rotation.to),
        phase::describe(phase)
    ));
    warn_about_istiod(a, istio_ns, phase, &before);
    if g.dry_run() == DryRun::Client {
        let shown: Vec<serde_json::Value> = secrets.iter().map(redacted).collect();
        return output::write_manifests(out, g.output().for_manifests(), &shown);
    }
    let plan = phase_plan(istio_ns, a.targets.restart_istiod, phase, &before, &secrets);
    execute::review(g.dry_run(), &clusters, &plan).await?;
    if g.dry_run() == DryRun::None {
        write_local(&dir, &roots, &step, &names, &bundles, &old, &new)?;
    }
    let (done, failed) = execute::execute_reviewed(g.dry_run(), &clusters, &plan).await;
    let rows = rows_of(&done, &before, &names, &bundles, phase)?;
    output::print(out, g.output(), &rows)?;
    let to = Report { a, ns: istio_ns, all: &all, phase, dir: &dir };
    to.after(&rows, failed, &rotation, g.dry_run())
}

/// Phase 2's intermediates, signed by the new root (a bundle already issued by it is kept, so a
/// resumed run installs what the interrupted one wrote locally); none in the other phases.
fn phase_two_bundles(
    phase: u8,
    dir: &CaDir,
    new: &CertKey,
    names: &[String],
    istio_ns: &str,
    a: &RotateRootArgs,
    now: OffsetDateTime,
) -> Result<Option<Vec<local::Planned>>> {
    if phase != 2 {
        return Ok(None);
    }
    let info = pki::inspect(&new.cert_pem)?;
    let issue = IssueArgs { new: a.new.clone(), renew_before: Duration::ZERO, force: false };
    local::plan_bundles(dir, new, &info, names, istio_ns, &issue, now).map(Some)
}

/// A cluster's `cacerts` for this phase, annotated with the rotation and the phase.
fn phase_secret(istio_ns: &str, b: &Bundle, rotation: &Rotation, phase: u8) -> Secret {
    let mut s = cacerts_secret(istio_ns, b);
    s.metadata.annotations = Some(phase::annotations(rotation, phase));
    s
}

/// Every cluster's `cacerts`, then, with `--restart-istiod`, its istiods ("(phase N)").
fn phase_plan(
    istio_ns: &str,
    restart_istiod: bool,
    phase: u8,
    before: &[(&Cluster, Before)],
    secrets: &[Secret],
) -> execute::Plan {
    let sts: Vec<&ClusterState> = before.iter().map(|(_, b)| &b.state).collect();
    let restart: Vec<Option<String>> = sts
        .iter()
        .map(|st| (restart_istiod && !st.istiods.is_empty()).then(|| format!("phase {phase}")))
        .collect();
    cacerts_plan::plan(istio_ns, &sts, secrets, &restart)
}

/// Before any write: what istiod and the proxies will not take by themselves.
fn warn_about_istiod(a: &RotateRootArgs, ns: &str, phase: u8, before: &[(&Cluster, Before)]) {
    let names = |f: &dyn Fn(&Before) -> bool| -> Vec<&str> {
        before
            .iter()
            .filter(|(_, b)| !b.state.istiods.is_empty() && f(b))
            .map(|(c, _)| c.context.as_str())
            .collect()
    };
    let no_multiroot = names(&|b| !b.state.multiroot);
    if !no_multiroot.is_empty() && phase != 2 && !a.targets.restart_istiod {
        output::warn(&format!(
            "istiod in {} runs without ISTIO_MULTIROOT_MESH=true, so it ignores a changed root-cert.pem until it \
             restarts: add --restart-istiod, or set `kubectl set env deployment -n {ns} -l app=istiod \
             ISTIO_MULTIROOT_MESH=true` once",
            no_multiroot.join(", ")
        ));
    }
    let slow = names(&|b| !b.state.multiroot || !b.xds_agent);
    if !slow.is_empty() {
        output::warn(&format!(
            "proxies in {} take a new trust bundle only with their next certificate (within 24h) or a restart, \
             since ISTIO_MULTIROOT_MESH on istiod and PROXY_CONFIG_XDS_AGENT in meshConfig.defaultConfig.proxyMetadata \
             are not both on: before the next phase, wait for that or restart the workloads \
             (kubectl rollout restart deployment -n NAMESPACE)",
            slow.join(", ")
        ));
    }
}

/// The command that takes `contexts` to `phase` (or one phase on), with the flags of this run that
/// matter.
fn phase_command(
    a: &RotateRootArgs,
    istio_ns: &str,
    contexts: &[&str],
    phase: Option<u8>,
) -> String {
    let mut cmd = "kubectl mesh-ca rotate root".to_string();
    if let Some(p) = phase {
        cmd += &format!(" --phase {p}");
    }
    cmd += &format!(" --context {}", contexts.join(","));
    if a.new.dir.dir != std::path::Path::new("mesh-ca") {
        cmd += &format!(" --dir {}", a.new.dir.dir.display());
    }
    if istio_ns != "istio-system" {
        cmd += &format!(" --istio-namespace {istio_ns}");
    }
    if a.targets.restart_istiod {
        cmd += " --restart-istiod";
    }
    cmd
}

/// The two roots of this rotation: a new one is made (in memory) when it starts.
fn rotation_roots(
    step: &Step,
    roots: &LocalRoots,
    dir: &CaDir,
    a: &RotateRootArgs,
    now: OffsetDateTime,
) -> Result<(String, CertKey)> {
    Ok(match (step, &roots.next, &roots.previous) {
        (Step::Start, Some(_), _) => {
            return Err(Error::msg(format!(
                "every cluster already trusts only the root in {}, yet {} holds a root too; nothing was changed. \
                 Move it aside (it was never installed) and re-run",
                dir.next().root_cert_path().display(),
                dir.next().path.display()
            )))
        }
        (Step::Start, None, _) => {
            let info = pki::inspect(&roots.current.cert_pem)?;
            let spec = local::spec_like(&roots.current, &info, a.new.key_algorithm, a.root_days);
            (roots.current.cert_pem.clone(), pki::make_root(&spec, now)?)
        }
        (Step::Phase { .. }, Some(next), _) => (roots.current.cert_pem.clone(), next.clone()),
        (Step::Phase { .. }, None, Some(previous)) => (previous.clone(), roots.current.clone()),
        (Step::Phase { .. }, None, None) => unreachable!("a phase is only planned for a rotation under way"),
    })
}

/// Each cluster's bundle for this phase; a cluster already at it keeps what it holds (a resumed or
/// repeated run).
fn phase_bundles(
    phase: u8,
    rotation: &Rotation,
    before: &[(&Cluster, Before)],
    issued: Option<&[local::Planned]>,
    old: &str,
    new: &str,
) -> Vec<Bundle> {
    before
        .iter()
        .enumerate()
        .map(|(i, (_, b))| match b.stand.progress(rotation) {
            Some(p) if p == phase => b.held.clone(),
            _ => bundle_for(phase, &b.held, issued.map(|p| &p[i].bundle), old, new),
        })
        .collect()
}

/// The rows of the clusters the phase reached.
fn rows_of(
    done: &[ObjectRow],
    before: &[(&Cluster, Before)],
    names: &[String],
    bundles: &[Bundle],
    phase: u8,
) -> Result<Vec<RotateRow>> {
    let mut rows = Vec::new();
    for (((c, b), name), bundle) in before.iter().zip(names).zip(bundles) {
        if !done.iter().any(|r| r.cluster == c.context) {
            continue;
        }
        let (secret, restarted) = cacerts_plan::outcome_of(done, &c.context);
        // istiod takes a new intermediate on its own; a changed root-cert.pem only with
        // ISTIO_MULTIROOT_MESH, else at its next start.
        let istiod = match restarted {
            _ if b.state.istiods.is_empty() => IstiodAction::None,
            Some(r) => IstiodAction::Restarted(r),
            None if phase != 2 && !b.state.multiroot => IstiodAction::NeedsRestart,
            None => IstiodAction::Reloads,
        };
        rows.push(RotateRow {
            context: c.context.clone(),
            cluster: name.clone(),
            phase,
            trusts: pki::fingerprints(&bundle.root_cert)?,
            signed_by: pki::fingerprints(&bundle.cert_chain)?.last().cloned().unwrap_or_default(),
            secret,
            istiod,
        });
    }
    Ok(rows)
}

/// What a run says after its table.
struct Report<'a> {
    a: &'a RotateRootArgs,
    ns: &'a str,
    all: &'a [&'a str],
    phase: u8,
    dir: &'a CaDir,
}

impl Report<'_> {
    /// Which istiods still need a restart, whether every cluster was reached (else how to
    /// resume), and what comes next.
    fn after(
        &self,
        rows: &[RotateRow],
        failed: Result<()>,
        rotation: &Rotation,
        run: DryRun,
    ) -> Result<()> {
        let Report { a, ns: istio_ns, all, phase, dir } = *self;
        let short = |f: &str| pki::short_fingerprint(f);
        let needs_restart: Vec<&str> = rows
            .iter()
            .filter(|r| r.istiod == IstiodAction::NeedsRestart)
            .map(|r| r.context.as_str())
            .collect();
        if !needs_restart.is_empty() {
            output::warn(&format!(
            "istiod in {} keeps the old root-cert.pem until it restarts (ISTIO_MULTIROOT_MESH is off): run `kubectl rollout \
             restart deployment -n {istio_ns} -l app=istiod --context CONTEXT` for each",
            needs_restart.join(", ")
        ));
        }
        if let Err(e) = failed {
            return Err(Error::msg(format!(
            "phase {phase} of the root rotation did not reach every cluster ({e}); once they are back, resume with: {}",
            phase_command(a, istio_ns, all, Some(phase))
        )));
        }
        if run == DryRun::None {
            if phase < LAST {
                output::note(&format!(
                "phase {phase} of {LAST} done. Next, once every proxy holds {}: {} (phase {}: {})",
                if phase == 1 { "both roots" } else { "a certificate from the new intermediates" },
                phase_command(a, istio_ns, all, None),
                phase + 1,
                phase::describe(phase + 1)
            ));
            } else {
                output::note(&format!(
                "the rotation is finished: every cluster trusts root {} alone. The old root's key is kept in {} as root-key.pem.<time>.bak",
                short(&rotation.to),
                dir.path.display()
            ));
            }
        }
        Ok(())
    }
}
