//! `install`: the clusters' side of the CA (`cacerts` and the istiods that read it).

use std::io::Write;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Namespace, Secret};
use kube::api::{Api, ListParams};
use serde::Serialize;
use time::OffsetDateTime;

use super::cli::InstallArgs;
use super::files::CaDir;
use super::local;
use super::pki;
use super::rotation::Stand;
use super::secret::{bundle_of, cacerts_secret, missing_files, redacted, CACERTS};
use crate::access::{self, Access};
use crate::apply;
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::outcome::{Action, Outcome};
use crate::output::{self, Row};
use crate::rollout;
use crate::session::Session;

/// What a cluster looks like before we write.
pub(crate) struct ClusterState {
    pub namespace_exists: bool,
    pub cacerts: Option<Secret>,
    /// istiod Deployments in the Istio namespace.
    pub istiods: Vec<String>,
    /// Their revisions (`istio.io/rev`; "default" without one).
    pub revisions: Vec<String>,
    /// Every istiod runs with `ISTIO_MULTIROOT_MESH=true` (it then takes a changed root-cert.pem
    /// without a restart).
    pub multiroot: bool,
    /// istiod made its own CA (it runs self-signed).
    pub self_signed: bool,
}

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

/// What became of a cluster's istiods when its `cacerts` was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum IstiodAction {
    /// No istiod runs in the Istio namespace.
    None,
    Restarted(Action),
    /// `cacerts` did not change: the running istiod has it.
    Current,
    /// istiod loads `cacerts` only at start.
    NeedsRestart,
    /// istiod takes the change by itself (a new intermediate, or a root with ISTIO_MULTIROOT_MESH).
    Reloads,
}

impl std::fmt::Display for IstiodAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IstiodAction::None => f.write_str("-"),
            IstiodAction::Restarted(a) => a.fmt(f),
            IstiodAction::Current => f.write_str("ok"),
            IstiodAction::NeedsRestart => f.write_str("needs restart"),
            IstiodAction::Reloads => f.write_str("reloads cacerts"),
        }
    }
}

impl Serialize for IstiodAction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
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
    let mut conflicts = Vec::new();
    for (c, st) in &states {
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
        if theirs.as_deref() != Some(root_info.fingerprint.as_str()) {
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
            pki::short_fingerprint(&root_info.fingerprint)
        )));
    }

    // Build every Secret once: printed by --dry-run=client, applied otherwise.
    let secrets: Vec<Secret> =
        planned.iter().map(|p| cacerts_secret(istio_ns, &p.bundle)).collect();
    if g.dry_run() == DryRun::Client {
        let shown: Vec<serde_json::Value> = secrets.iter().map(redacted).collect();
        return output::write_manifests(out, g.output().for_manifests(), &shown);
    }
    // May we make every write in every cluster? Asked before the first one (and before any file).
    access::require(g.dry_run(), &clusters, |i, _| {
        let st = states.get(i).map(|(_, st)| st);
        let mut v = vec![Access::new("patch", "", "secrets", Some(istio_ns))];
        if st.is_some_and(|st| !st.namespace_exists) {
            v.push(Access::new("create", "", "namespaces", None));
        }
        if a.targets.restart_istiod && st.is_some_and(|st| !st.istiods.is_empty()) {
            v.push(Access::new("patch", "apps", "deployments", Some(istio_ns)));
        }
        v
    })
    .await?;
    if g.dry_run() == DryRun::None {
        local::write_planned(&dir, &planned)?;
    }

    let jobs: Vec<(&Cluster, &ClusterState, &Secret)> =
        states.iter().zip(&secrets).map(|((c, st), s)| (*c, st, s)).collect();
    let results = cluster::fan_out_all(&clusters, |_, c| {
        let (_, st, secret) =
            jobs.iter().find(|(jc, _, _)| jc.context == c.context).expect("one job per cluster");
        apply_one(c, istio_ns, st, secret, g.dry_run(), a.targets.restart_istiod)
    })
    .await?;

    let rows: Vec<InstallRow> = results
        .iter()
        .zip(&planned)
        .map(|((c, (secret, istiod)), p)| InstallRow {
            context: c.context.clone(),
            cluster: p.cluster.clone(),
            bundle: p.shown_action(g.dry_run()),
            secret: secret.clone(),
            root_fingerprint: root_info.fingerprint.clone(),
            istiod: istiod.clone(),
        })
        .collect();
    for ((c, st), row) in states.iter().zip(&rows) {
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
    output::print(out, g.output(), &rows)
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

/// Create the namespace if needed, apply `cacerts` unless it already holds this bundle, and
/// restart istiod if asked. Returns (what happened to the Secret, what happened to istiod).
async fn apply_one(
    c: &Cluster,
    ns: &str,
    st: &ClusterState,
    secret: &Secret,
    dry_run: DryRun,
    restart: bool,
) -> Result<(Action, IstiodAction)> {
    let (action, unchanged) = apply_cacerts(c, ns, st, secret, dry_run).await?;
    // istiod reads cacerts at start: --restart-istiod restarts it whether or not the Secret changed
    // (the re-run that a "needs restart" warning asks for finds it unchanged), and says why.
    let istiod = if st.istiods.is_empty() {
        IstiodAction::None
    } else if restart {
        let why = if unchanged { "--restart-istiod" } else { "cacerts changed" };
        restart_istiods(c, ns, st, dry_run, why).await?
    } else if unchanged {
        IstiodAction::Current
    } else {
        IstiodAction::NeedsRestart
    };
    Ok((action, istiod))
}

/// Restart every istiod of the cluster; says so, with `why`.
pub(crate) async fn restart_istiods(
    c: &Cluster,
    ns: &str,
    st: &ClusterState,
    dry_run: DryRun,
    why: &str,
) -> Result<IstiodAction> {
    for d in &st.istiods {
        rollout::restart(
            c,
            &rollout::Target { kind: rollout::Kind::Deployment, namespace: ns, name: d },
            dry_run,
        )
        .await?;
    }
    Ok(IstiodAction::Restarted(Action::with(Outcome::Restarted, dry_run, format!("({why})"))))
}

/// Create the namespace if needed and apply `cacerts` unless it already holds this data. Returns
/// what happened to the Secret, and whether it was already so.
pub(crate) async fn apply_cacerts(
    c: &Cluster,
    ns: &str,
    st: &ClusterState,
    secret: &Secret,
    dry_run: DryRun,
) -> Result<(Action, bool)> {
    let ctx = &c.context;
    if !st.namespace_exists {
        let nss: Api<Namespace> = Api::all(c.client.clone());
        let obj = Namespace {
            metadata: kube::api::ObjectMeta { name: Some(ns.into()), ..Default::default() },
            ..Default::default()
        };
        apply::apply(&nss, ns, &obj, dry_run, || format!("Namespace {ns} in {ctx}")).await?;
    }
    let unchanged = st.cacerts.as_ref().is_some_and(|s| s.data == secret.data);
    let verb = if st.cacerts.is_some() { Outcome::Updated } else { Outcome::Created };
    let action = if unchanged {
        Outcome::Unchanged.into()
    } else if dry_run == DryRun::Server && !st.namespace_exists {
        // A server dry run cannot place a Secret in a namespace that it did not really create:
        // the namespace was validated above, the Secret is what the client built.
        Action::with(verb, dry_run, format!("(in the new namespace {ns})"))
    } else {
        let api: Api<Secret> = Api::namespaced(c.client.clone(), ns);
        apply::apply(&api, CACERTS, secret, dry_run, || format!("Secret {ns}/{CACERTS} in {ctx}"))
            .await?;
        Action::new(verb, dry_run)
    };
    Ok((action, unchanged))
}
