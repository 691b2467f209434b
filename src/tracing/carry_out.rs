//! Carry out a proxy-config plan: write the mesh configs, restart the stale workloads (bounded per
//! cluster, concurrent across clusters), wait for their roll-outs, and report; or print the plan
//! for `--dry-run=client`.

use std::io::Write;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use serde_json::json;

use super::cli::{ApplyArgs, RestartOpts};
use super::meshconfig;
use super::plan::{write_mesh, Planned};
use super::report::{Report, Restart, Summary, Tally};
use super::stale::{self, Finding, Verdict};
use crate::access::Access;
use crate::cli::{DryRun, Output};
use crate::cluster::Cluster;
use crate::error::{Context as _, Error, Result};
use crate::outcome::{Action, Outcome};
use crate::output;
use crate::rollout;
use crate::session::Session;

async fn restart_findings(
    c: &Cluster,
    findings: &[Finding],
    opts: &RestartOpts,
    dry: DryRun,
) -> Vec<Restart> {
    stream::iter(findings.iter())
        .map(|f| async move {
            let result = if !f.restartable() {
                Action::NotDone(f.verdict.text().to_string())
            } else if dry == DryRun::Client {
                Action::new(Outcome::Restarted, dry)
            } else {
                let r = match f.kind.rollout() {
                    Some(kind) => {
                        let t = rollout::Target { kind, namespace: &f.namespace, name: &f.name };
                        let stamp = f.stamp.as_deref().map(|v| (stale::READ_TRACING_ANNOTATION, v));
                        rollout::restart_stamped(c, &t, stamp, dry).await
                    }
                    None => Ok(()),
                };
                match r {
                    Ok(()) => Action::new(Outcome::Restarted, dry),
                    Err(e) => Action::Failed(e.to_string()),
                }
            };
            Restart {
                cluster: c.context.clone(),
                kind: f.kind,
                namespace: f.namespace.clone(),
                name: f.name.clone(),
                verdict: f.verdict,
                result,
            }
        })
        .buffer_unordered(opts.concurrency as usize)
        .collect()
        .await
}

/// Follow the workloads this run restarted until their roll-outs finish.
async fn wait_rollouts(c: &Cluster, outcomes: &[Restart], timeout: Duration) -> Result<()> {
    let targets: Vec<rollout::Target> = outcomes
        .iter()
        .filter(|o| o.result.did(Outcome::Restarted))
        .filter_map(|o| {
            o.kind.rollout().map(|kind| rollout::Target {
                kind,
                namespace: &o.namespace,
                name: &o.name,
            })
        })
        .collect();
    rollout::wait(c, &targets, timeout).await
}

/// Write the planned mesh configs, then restart the stale workloads, and report (or print the
/// plan, for `--dry-run=client`). The caller has read everything and checked access.
pub(super) async fn carry_out(
    g: &Session,
    ns: &str,
    plans: &[Planned<'_>],
    a: &ApplyArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let cm_name = a.revision.mesh_configmap();
    let t0 = std::time::Instant::now();
    if g.dry_run() == DryRun::Client {
        return print_dry_run(out, g.output(), ns, plans, a.no_restart);
    }
    write_meshes(g, ns, plans, &cm_name).await?;
    tracing::debug!(ms = t0.elapsed().as_millis() as u64, "mesh config phase done");
    // Then restart, concurrently across clusters and bounded within each.
    let t_restart = std::time::Instant::now();
    let outcomes = restart_all(g, plans, a).await;
    tracing::debug!(restart_ms = t_restart.elapsed().as_millis() as u64, "restart phase done");
    // A roll-out that does not finish in one cluster must not hide the others' summaries.
    let waited = wait_all(g, plans, a, &outcomes).await;
    let summaries = summaries(g.dry_run(), plans, &outcomes, &waited);
    let not_rolled_out: Vec<String> =
        waited.iter().flatten().filter_map(|r| r.as_ref().err()).map(|e| e.to_string()).collect();
    let workloads: Vec<Restart> =
        outcomes.into_iter().flatten().filter(|o| o.verdict != Verdict::UpToDate).collect();
    let failed: usize = summaries.iter().map(|s| s.tally.failed).sum();
    let report = Report { clusters: summaries, workloads };
    print_report(out, g.output(), &report)?;
    if let Some(first) = report.workloads.iter().find_map(|w| w.result.failure()) {
        // The first failure in full (it names the cluster, the workload and the action).
        let more =
            if failed > 1 { format!(" ({} more in the table)", failed - 1) } else { String::new() };
        return Err(Error::msg(format!("{first}{more}")));
    }
    if !not_rolled_out.is_empty() {
        return Err(Error::msg(not_rolled_out.join("; ")));
    }
    Ok(())
}

/// The planned mesh configs written (concurrently), and a word on keeping them.
async fn write_meshes(g: &Session, ns: &str, plans: &[Planned<'_>], cm_name: &str) -> Result<()> {
    futures::future::try_join_all(
        plans
            .iter()
            .filter(|p| p.new_text.is_some())
            .map(|p| write_mesh(p.cluster, ns, &p.cm_name, &p.edit, g.dry_run())),
    )
    .await?;
    if plans.iter().any(|p| p.new_text.is_some()) {
        output::warn(&format!(
            "istioctl and helm upgrades re-render the {cm_name} ConfigMap; run `kubectl mesh-tracing set … --print-config` \
             for the meshConfig that keeps this"
        ));
    }
    Ok(())
}

/// With `--wait`, each cluster's roll-outs followed until they finish (`None`: not waited for).
async fn wait_all(
    g: &Session,
    plans: &[Planned<'_>],
    a: &ApplyArgs,
    outcomes: &[Vec<Restart>],
) -> Vec<Option<Result<()>>> {
    if !(a.restart.wait && !a.no_restart && g.dry_run() == DryRun::None) {
        return plans.iter().map(|_| None).collect();
    }
    let waits =
        plans.iter().zip(outcomes).map(|(p, o)| wait_rollouts(p.cluster, o, a.restart.timeout));
    futures::future::join_all(waits).await.into_iter().map(Some).collect()
}

/// Every plan's stale workloads restarted (or, with `--no-restart`, said not to be), each
/// cluster's sorted by namespace and name.
async fn restart_all(g: &Session, plans: &[Planned<'_>], a: &ApplyArgs) -> Vec<Vec<Restart>> {
    futures::future::join_all(plans.iter().map(|p| async move {
        if a.no_restart {
            return p
                .findings
                .iter()
                .filter(|f| f.verdict != Verdict::UpToDate)
                .map(|f| Restart {
                    cluster: p.cluster.context.clone(),
                    kind: f.kind,
                    namespace: f.namespace.clone(),
                    name: f.name.clone(),
                    verdict: f.verdict,
                    result: Action::NotDone("not restarted (--no-restart)".into()),
                })
                .collect();
        }
        let mut v = restart_findings(p.cluster, &p.findings, &a.restart, g.dry_run()).await;
        v.sort_by(|x, y| {
            (x.namespace.as_str(), x.name.as_str()).cmp(&(y.namespace.as_str(), y.name.as_str()))
        });
        v
    }))
    .await
}

/// Each cluster's line: its mesh config, the old and new settings, the counts, the roll-out.
fn summaries(
    run: DryRun,
    plans: &[Planned<'_>],
    outcomes: &[Vec<Restart>],
    waited: &[Option<Result<()>>],
) -> Vec<Summary> {
    plans
        .iter()
        .zip(outcomes)
        .zip(waited)
        .map(|((p, o), w)| Summary {
            cluster: p.cluster.context.clone(),
            config: match (&p.via, &p.new_text) {
                (Some(primary), _) => Action::NotDone(format!("from {primary}")),
                (None, Some(_)) => Action::new(Outcome::Updated, run),
                (None, None) => Outcome::Unchanged.into(),
            },
            old: p.old.clone(),
            new: p.desired.clone(),
            tally: Tally::of(o),
            rollout: w.as_ref().map(|r| match r {
                Ok(()) => "done".to_string(),
                Err(e) => e.to_string(),
            }),
        })
        .collect()
}

/// The clusters' table, then the workloads' (or the whole report as JSON/YAML).
fn print_report(out: &mut dyn Write, fmt: Output, report: &Report) -> Result<()> {
    match fmt {
        Output::Table | Output::Wide => {
            output::render(out, Output::Table, || output::row_table(&report.clusters, false), &())?;
            if !report.workloads.is_empty() {
                writeln!(out).ctx(|| "write output")?;
                output::render(
                    out,
                    Output::Table,
                    || output::row_table(&report.workloads, false),
                    &(),
                )?;
            }
        }
        fmt => output::render(out, fmt, || unreachable!(), report)?,
    }
    Ok(())
}

/// The writes the plan makes in `c`: its mesh config, and a restart per stale workload's kind and
/// namespace.
pub(super) fn needed_access(
    plans: &[Planned<'_>],
    c: &Cluster,
    ns: &str,
    no_restart: bool,
) -> Vec<Access> {
    let Some(p) = plans.iter().find(|p| p.cluster.context == c.context) else { return vec![] };
    let mut v = Vec::new();
    if p.new_text.is_some() {
        v.push(Access::new("patch", "", "configmaps", Some(ns)));
    }
    if !no_restart {
        for f in p.findings.iter().filter(|f| f.restartable()) {
            if let Some(kind) = f.kind.rollout() {
                let a = Access::new("patch", "apps", kind.resource(), Some(&f.namespace));
                if !v.contains(&a) {
                    v.push(a);
                }
            }
        }
    }
    v
}

fn print_dry_run(
    out: &mut dyn Write,
    fmt: Output,
    ns: &str,
    plans: &[Planned<'_>],
    no_restart: bool,
) -> Result<()> {
    if !fmt.is_table() {
        let v: Vec<serde_json::Value> = plans
            .iter()
            .map(|p| {
                json!({"cluster": p.cluster.context, "meshConfigChanged": p.new_text.is_some(), "meshConfigFrom": p.via,
                       "diff": p.new_text.as_ref().map(|n| meshconfig::unified_diff(&p.old_text, n, "mesh")),
                       "restart": if no_restart { vec![] } else { p.findings.iter().filter(|f| f.restartable()).map(|f| format!("{:?}/{}/{}", f.kind, f.namespace, f.name)).collect::<Vec<_>>() }})
            })
            .collect();
        return output::render(out, fmt, || unreachable!(), &v);
    }
    for p in plans {
        let label = format!("{} {ns}/{} mesh", p.cluster.context, p.cm_name);
        match (&p.via, &p.new_text) {
            (Some(primary), _) => writeln!(
                out,
                "# {}: a remote cluster; its proxies follow {primary}'s mesh config",
                p.cluster.context
            )
            .ctx(|| "write output")?,
            (None, Some(n)) => write!(out, "{}", meshconfig::unified_diff(&p.old_text, n, &label))
                .ctx(|| "write output")?,
            (None, None) => writeln!(out, "# {label}: unchanged").ctx(|| "write output")?,
        }
        if !no_restart {
            for f in p.findings.iter().filter(|f| f.verdict != Verdict::UpToDate) {
                let what = if f.restartable() {
                    "would restart".to_string()
                } else {
                    f.verdict.text().to_string()
                };
                writeln!(
                    out,
                    "# {} {:?} {}/{}: {what}",
                    p.cluster.context, f.kind, f.namespace, f.name
                )
                .ctx(|| "write output")?;
            }
        }
    }
    Ok(())
}
