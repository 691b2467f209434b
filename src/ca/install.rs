//! `install`: the clusters' side of the CA (`cacerts` and the istiods that read it).

use std::io::Write;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Namespace, Secret};
use kube::api::{Api, ListParams};
use serde::Serialize;
use time::OffsetDateTime;

use super::cacerts_plan::{self, ClusterState, IstiodAction};
use super::cli::InstallArgs;
use super::files::CaDir;
use super::local;
use super::pki;
use super::rotation::Stand;
use super::secret::{bundle_of, cacerts_secret, missing_files, redacted, CACERTS};
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::execute;
use crate::outcome::Action;
use crate::output::{self, ObjectRow, Row};
use crate::session::Session;

/// `name=value` in the env of an istiod Deployment's containers, read as a boolean.
fn env_true(d: &Deployment, name: &str) -> bool {
    let containers = d
        .spec
        .as_ref()
        .and_then(|s| s.template.spec.as_ref())
        .map(|p| p.containers.as_slice())
        .unwrap_or_default();
    containers.iter().flat_map(|c| c.env.iter().flatten()).any(|e| {
        e.name == name
            && e.value.as_deref().is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
    })
}

pub(crate) async fn read_state(c: &Cluster, ns: &str) -> Result<ClusterState> {
    let nss: Api<Namespace> = Api::all(c.client.clone());
    let secrets: Api<Secret> = Api::namespaced(c.client.clone(), ns);
    let deps: Api<Deployment> = Api::namespaced(c.client.clone(), ns);
    let ctx = &c.context;
    let (nsobj, cacerts, istiods, ca_secret) = futures::try_join!(
        async { nss.get_opt(ns).await.ctx(|| format!("get Namespace {ns} in {ctx}")) },
        async {
            secrets.get_opt(CACERTS).await.ctx(|| format!("get Secret {ns}/{CACERTS} in {ctx}"))
        },
        async {
            deps.list(&ListParams::default().labels("app=istiod"))
                .await
                .ctx(|| format!("list istiod Deployments in {ns} in {ctx}"))
        },
        async {
            secrets
                .get_opt("istio-ca-secret")
                .await
                .ctx(|| format!("get Secret {ns}/istio-ca-secret in {ctx}"))
        },
    )?;
    let rev = |d: &Deployment| {
        d.metadata
            .labels
            .as_ref()
            .and_then(|l| l.get("istio.io/rev"))
            .cloned()
            .unwrap_or_else(|| "default".into())
    };
    Ok(ClusterState {
        namespace_exists: nsobj.is_some(),
        cacerts,
        revisions: istiods.items.iter().map(rev).collect(),
        multiroot: !istiods.items.is_empty()
            && istiods.items.iter().all(|d| env_true(d, "ISTIO_MULTIROOT_MESH")),
        istiods: istiods.items.into_iter().filter_map(|d| d.metadata.name).collect(),
        self_signed: ca_secret.is_some(),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InstallRow {
    context: String,
    cluster: String,
    bundle: Action,
    secret: Action,
    root_fingerprint: String,
    istiod: IstiodAction,
}

pub async fn install(
    g: &Session,
    istio_ns: &str,
    a: &InstallArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let dir = CaDir::new(&a.issue.new.dir.dir);
    let now = OffsetDateTime::now_utc();
    // Everything local first: root, names, the bundles we would install (nothing written yet).
    let (root, root_info) = local::load_root(&dir, now)?;
    let contexts = g.selected()?;
    let names = cluster::cluster_names(&contexts, &a.targets.cluster_names)?;
    let planned = local::plan_bundles(&dir, &root, &root_info, &names, istio_ns, &a.issue, now)?;

    // Then every cluster read, concurrently; any failure stops everything before a write.
    let clusters = g.for_contexts(&contexts).await?;
    let states = cluster::fan_out_all(&clusters, |_, c| read_state(c, istio_ns)).await?;
    check_installed(istio_ns, &dir, &root_info.fingerprint, &states)?;

    // Build every Secret once: printed by --dry-run=client, applied otherwise.
    let secrets: Vec<Secret> =
        planned.iter().map(|p| cacerts_secret(istio_ns, &p.bundle)).collect();
    if g.dry_run() == DryRun::Client {
        let shown: Vec<serde_json::Value> = secrets.iter().map(redacted).collect();
        return output::write_manifests(out, g.output().for_manifests(), &shown);
    }
    let sts: Vec<&ClusterState> = states.iter().map(|(_, st)| st).collect();
    let restart: Vec<Option<String>> =
        sts.iter().zip(&secrets).map(|(st, s)| restart_why(a, st, s)).collect();
    let plan = cacerts_plan::plan(istio_ns, &sts, &secrets, &restart);
    // May we make every write in every cluster? Asked before the first one (and before any file).
    execute::review(g.dry_run(), &clusters, &plan).await?;
    if g.dry_run() == DryRun::None {
        local::write_planned(&dir, &planned)?;
    }
    let (done, failed) = execute::execute_reviewed(g.dry_run(), &clusters, &plan).await;
    failed?;
    let rows =
        install_rows(g.dry_run(), &states, &planned, &secrets, &done, &root_info.fingerprint);
    warn_needs_restart(istio_ns, &states, &rows);
    output::print(out, g.output(), &rows)
}

/// A row per cluster: its bundle, what became of `cacerts` (from the executed rows `done`), and of
/// its istiods.
fn install_rows(
    run: DryRun,
    states: &[(&Cluster, ClusterState)],
    planned: &[local::Planned],
    secrets: &[Secret],
    done: &[ObjectRow],
    fingerprint: &str,
) -> Vec<InstallRow> {
    states
        .iter()
        .zip(planned)
        .zip(secrets)
        .map(|(((c, st), p), s)| {
            let (secret, restarted) = cacerts_plan::outcome_of(done, &c.context);
            let istiod = match restarted {
                _ if st.istiods.is_empty() => IstiodAction::None,
                Some(r) => IstiodAction::Restarted(r),
                None if cacerts_plan::is_current(st, s) => IstiodAction::Current,
                None => IstiodAction::NeedsRestart,
            };
            InstallRow {
                context: c.context.clone(),
                cluster: p.cluster.clone(),
                bundle: p.shown_action(run),
                secret,
                root_fingerprint: fingerprint.to_string(),
                istiod,
            }
        })
        .collect()
}

/// istiod loads `cacerts` only at start: say how to restart each one that runs with the old.
fn warn_needs_restart(istio_ns: &str, states: &[(&Cluster, ClusterState)], rows: &[InstallRow]) {
    for ((c, st), row) in states.iter().zip(rows) {
        if row.istiod == IstiodAction::NeedsRestart {
            output::warn(&format!(
                "istiod in {} is running with {}; it loads cacerts only at start: run `kubectl rollout restart \
                 deployment -n {istio_ns} {} --context {}` or re-run with --restart-istiod",
                c.context,
                if st.self_signed { "its self-signed CA" } else { "the previous cacerts" },
                st.istiods.join(" "),
                c.context
            ));
        }
    }
}

/// istiod reads cacerts at start: --restart-istiod restarts it whether or not the Secret changed
/// (the re-run that a "needs restart" warning asks for finds it unchanged), and says why.
fn restart_why(a: &InstallArgs, st: &ClusterState, secret: &Secret) -> Option<String> {
    let why = match cacerts_plan::is_current(st, secret) {
        true => "--restart-istiod",
        false => "cacerts changed",
    };
    (a.targets.restart_istiod && !st.istiods.is_empty()).then(|| why.to_string())
}

/// Every cluster's `cacerts` must be complete, out of any root rotation, and chain to this root.
fn check_installed(
    istio_ns: &str,
    dir: &CaDir,
    fingerprint: &str,
    states: &[(&Cluster, ClusterState)],
) -> Result<()> {
    let mut conflicts = Vec::new();
    for (c, st) in states {
        let Some(existing) = &st.cacerts else { continue };
        let missing = missing_files(existing);
        if !missing.is_empty() {
            return Err(Error::msg(format!(
                "{istio_ns}/{CACERTS} in {} lacks {}, so it cannot be checked against {}; nothing was changed. \
                 Delete that Secret (`kubectl delete secret -n {istio_ns} {CACERTS} --context {}`) and re-run install",
                c.context,
                missing.join(", "),
                dir.root_cert_path().display(),
                c.context
            )));
        }
        if let Some(phase) =
            bundle_of(existing).and_then(|b| Stand::of(&b).ok()).and_then(|s| s.phase_text())
        {
            return Err(Error::msg(format!(
                "{istio_ns}/{CACERTS} in {} is in {phase} of a root rotation; nothing was changed. Finish it first: \
                 kubectl mesh-ca rotate root (install and rotate intermediate would undo it)",
                c.context
            )));
        }
        let theirs = bundle_of(existing).and_then(|b| pki::fingerprint_of(&b.root_cert).ok());
        if theirs.as_deref() != Some(fingerprint) {
            conflicts.push(format!(
                "{} (root {})",
                c.context,
                theirs.map(|f| pki::short_fingerprint(&f)).unwrap_or_else(|| "unreadable".into())
            ));
        }
    }
    if !conflicts.is_empty() {
        return Err(Error::msg(format!(
            "{istio_ns}/{CACERTS} in {} chains to a different root than {} ({}); nothing was changed. \
             To rotate the mesh to this root, follow Istio's root-transition procedure (install a combined \
             root-cert.pem first), or delete those Secrets and restart istiod and the workloads there",
            conflicts.join(", "),
            dir.root_cert_path().display(),
            pki::short_fingerprint(fingerprint)
        )));
    }
    Ok(())
}

impl Row for InstallRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["context", "cluster", "bundle", "secret", "root", "istiod"]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        let root = pki::short_fingerprint(&self.root_fingerprint);
        vec![
            self.context.clone(),
            self.cluster.clone(),
            self.bundle.to_string(),
            self.secret.to_string(),
            root,
            self.istiod.to_string(),
        ]
    }
}
