//! `migrate --to telemetry|proxy-config`: move a mesh from one tracing path to the other. The new
//! settings go in first (while both are there the Telemetry API wins, so spans never stop), then
//! the old ones come out. Towards telemetry, only the workloads whose proxies carry the removed
//! `defaultConfig.tracing` restart (the stale-proxy analysis of `unset`); towards proxy-config,
//! every proxy has to read the new `defaultConfig.tracing` at start, so the stale ones restart.
//!
//! Everything is read and every write's access checked before the first write.

use std::io::Write;

use serde_json::{Map, Value};

use super::carry_out::{carry_out, needed_access};
use super::cli::{ApplyArgs, MigrateArgs, MigrateTo};
use super::meshconfig::{self, Tracing};
use super::plan::{plan_all, Wanted};
use super::set::validate_sampling;
use super::source::{self, Source};
use super::stale::Rule;
use super::telemetry::{self, build::Provider, Current};
use crate::access;
use crate::cli::Output;
use crate::cluster::Cluster;
use crate::error::{Context as _, Error, Result};
use crate::output;
use crate::session::Session;

/// One step's output, kept until both steps ran: a table is printed under a heading, JSON and YAML
/// become one document with a key per step.
struct Step {
    key: &'static str,
    heading: &'static str,
    out: Vec<u8>,
}

/// What both directions read first: each cluster's source, its own defaultConfig.tracing, and what
/// telemetry mode has set (for the cluster whose mesh config serves it).
struct Mesh<'a> {
    g: &'a Session,
    namespaces: &'a [String],
    clusters: Vec<Cluster>,
    sources: Vec<Source>,
    old: Vec<Option<Tracing>>,
    current: Vec<Option<Current>>,
    apply: ApplyArgs,
}

pub async fn migrate(
    g: &Session,
    namespaces: &[String],
    a: &MigrateArgs,
    out: &mut dyn Write,
) -> Result<()> {
    validate_sampling(a.sampling)?;
    let clusters = g.clusters().await?;
    if a.to == MigrateTo::Telemetry {
        let lacking = telemetry::lacking_telemetry_api(&clusters).await;
        if !lacking.is_empty() {
            return Err(Error::msg(format!(
                "{} serve(s) no telemetry.istio.io/v1: the Telemetry API needs Istio 1.22 or later there (upgrade first, or leave the mesh on proxy-config)",
                lacking.join(", ")
            )));
        }
    }
    let cm = a.revision.mesh_configmap();
    let sources: Vec<Source> = source::read_all(&clusters, g.istio_namespace(), &cm)
        .await
        .into_iter()
        .collect::<Result<_>>()?;
    let old = sources
        .iter()
        .map(|s| match s {
            Source::Own(_, m) => Some(meshconfig::read(m).tracing),
            Source::Remote(_) => None,
        })
        .collect();
    // Towards proxy-config the Telemetry side is removed: its access is checked here.
    let current = telemetry::current_all(g, &clusters, &cm, a.to == MigrateTo::ProxyConfig).await?;
    let apply = ApplyArgs {
        revision: a.revision.clone(),
        no_restart: false,
        restart: a.restart.clone(),
        print_config: false,
    };
    let m = Mesh { g, namespaces, clusters, sources, old, current, apply };
    let addresses = m.carried_addresses(a.to)?;
    match a.to {
        MigrateTo::Telemetry => to_telemetry(&m, addresses, a.sampling, out).await,
        MigrateTo::ProxyConfig => to_proxy_config(&m, addresses, a.sampling, out).await,
    }
}

impl Mesh<'_> {
    /// The cluster whose mesh config serves cluster `i` (itself, or its primary).
    fn serving(&self, i: usize) -> usize {
        self.sources[i].primary().unwrap_or(i)
    }

    /// Each cluster's collector address: its control plane's provider's where it has one (with
    /// both paths set, that is the one in effect), else its defaultConfig.tracing's.
    fn carried_addresses(&self, to: MigrateTo) -> Result<Vec<String>> {
        (0..self.clusters.len())
            .map(|i| {
                let p = self.serving(i);
                let from_old = self.old[p].as_ref().and_then(|t| t.address.clone());
                self.current[p].as_ref().map(|c| c.address.clone()).or(from_old).ok_or_else(|| {
                    let (ctx, mode) = (&self.clusters[p].context, if to == MigrateTo::Telemetry { "telemetry" } else { "proxy-config" });
                    Error::msg(format!(
                        "{ctx}'s mesh config has neither defaultConfig.tracing.zipkin.address nor a Telemetry API provider of ours: nothing to carry over; \
                         set it with `kubectl mesh-tracing set --mode {mode} --addr HOST:PORT --context {ctx}`"
                    ))
                })
            })
            .collect()
    }
}

async fn to_telemetry(
    m: &Mesh<'_>,
    addresses: Vec<String>,
    sampling: Option<f64>,
    out: &mut dyn Write,
) -> Result<()> {
    let (g, clusters) = (m.g, &m.clusters[..]);
    if m.old.iter().flatten().all(|t| t.address.is_none()) {
        output::note("no mesh config has defaultConfig.tracing any more: the mesh is on the Telemetry API already");
    }
    // The sampling: --sampling, else the Telemetry's (kept by `set`), else defaultConfig.tracing's.
    let samplings: Vec<Option<f64>> = (0..clusters.len())
        .map(|i| {
            let p = m.serving(i);
            sampling.or_else(|| {
                if m.current[p].is_some() {
                    None
                } else {
                    m.old[p].as_ref().and_then(|t| t.sampling)
                }
            })
        })
        .collect();
    // The removal's plan (and its access) before the first write.
    let (ns, cm) = (&g.istio_namespace(), m.apply.revision.mesh_configmap());
    let plans =
        plan_all(clusters, ns, &cm, m.namespaces, &Wanted::Unset, Rule::CarriesAddress).await?;
    access::require(g.dry_run(), clusters, |_, c| needed_access(&plans, c, ns, false)).await?;
    let mut first = Step {
        key: "telemetry",
        heading: "1/2 the Telemetry API: provider, ServiceEntry, mesh-wide Telemetry",
        out: Vec::new(),
    };
    telemetry::set(
        g,
        clusters,
        &cm,
        (&addresses, &addresses[0]),
        Provider::Zipkin,
        (&samplings, None),
        &mut first.out,
    )
    .await?;
    let mut second = Step {
        key: "proxyConfig",
        heading:
            "2/2 defaultConfig.tracing removed; the workloads whose proxies carried it restart",
        out: Vec::new(),
    };
    let done = carry_out(g, ns, &plans, &m.apply, &mut second.out).await;
    print_steps(out, g.output(), [first, second])?;
    done
}

async fn to_proxy_config(
    m: &Mesh<'_>,
    addresses: Vec<String>,
    sampling: Option<f64>,
    out: &mut dyn Write,
) -> Result<()> {
    let (g, clusters, current) = (m.g, &m.clusters[..], &m.current);
    if let Some((i, c)) = current.iter().enumerate().find_map(|(i, c)| {
        c.as_ref().filter(|c| c.tracer != Provider::Zipkin.key()).map(|c| (i, c))
    }) {
        return Err(Error::usage(format!(
            "{}'s provider exports {}, and defaultConfig.tracing speaks zipkin only: point the mesh at a zipkin collector with \
             `kubectl mesh-tracing set --mode proxy-config --addr HOST:PORT`",
            clusters[i].context, c.tracer
        )));
    }
    let sampling = match sampling {
        Some(s) => Some(s),
        None => {
            one_sampling(&clusters.iter().map(|c| c.context.as_str()).collect::<Vec<_>>(), current)?
        }
    };
    if current.iter().all(Option::is_none) {
        output::note("no mesh config has the Telemetry API provider any more: the mesh is on proxy-config already");
    }
    let (ns, cm) = (&g.istio_namespace(), m.apply.revision.mesh_configmap());
    let wanted =
        Wanted::Set { shared: addresses[0].clone(), addresses, sampling, cluster_tag: None };
    let plans = plan_all(clusters, ns, &cm, m.namespaces, &wanted, Rule::Differs).await?;
    access::require(g.dry_run(), clusters, |_, c| needed_access(&plans, c, ns, false)).await?;
    let mut first = Step {
        key: "proxyConfig",
        heading: "1/2 defaultConfig.tracing set; stale workloads restart to read it",
        out: Vec::new(),
    };
    let done = carry_out(g, ns, &plans, &m.apply, &mut first.out).await;
    if let Err(e) = done {
        print_steps(out, g.output(), [first])?;
        return Err(e);
    }
    let mut second = Step {
        key: "telemetry",
        heading: "2/2 the Telemetry API's settings removed",
        out: Vec::new(),
    };
    let done = telemetry::unset(g, clusters, &cm, &mut second.out).await;
    print_steps(out, g.output(), [first, second])?;
    done
}

/// The one sampling the Telemetries agree on (`None`: none set one); a usage error naming both
/// when they differ, since defaultConfig.tracing gets one value.
fn one_sampling<'a>(names: &[&'a str], current: &[Option<Current>]) -> Result<Option<f64>> {
    let set: Vec<(&'a str, f64)> =
        names.iter().zip(current).filter_map(|(c, x)| Some((*c, x.as_ref()?.sampling?))).collect();
    match set.iter().find(|(_, s)| *s != set[0].1) {
        Some((other, s)) => Err(Error::usage(format!(
            "the Telemetries sample differently ({} {}%, {other} {s}%): pass --sampling PCT for the mesh config",
            set[0].0, set[0].1
        ))),
        None => Ok(set.first().map(|(_, s)| *s)),
    }
}

fn print_steps<const N: usize>(out: &mut dyn Write, fmt: Output, steps: [Step; N]) -> Result<()> {
    if fmt.is_table() {
        for (n, s) in steps.iter().enumerate() {
            let gap = if n > 0 { "\n" } else { "" };
            writeln!(out, "{gap}# {}", s.heading).ctx(|| "write output")?;
            out.write_all(&s.out).ctx(|| "write output")?;
        }
        return Ok(());
    }
    let mut doc = Map::new();
    for s in steps {
        let v: Value = match fmt {
            Output::Json => serde_json::from_slice(&s.out).unwrap_or(Value::Null),
            _ => serde_yaml::from_slice(&s.out).unwrap_or(Value::Null),
        };
        doc.insert(s.key.to_string(), v);
    }
    output::render(out, fmt, || unreachable!(), &Value::Object(doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current(s: Option<f64>) -> Option<Current> {
        Some(Current { tracer: "zipkin".into(), address: "a:1".into(), sampling: s })
    }

    #[test]
    fn sampling_must_agree_for_one_mesh_config_value() {
        let cs = ["c1", "c2", "c3"];
        assert_eq!(
            one_sampling(&cs, &[current(Some(5.0)), None, current(Some(5.0))]).unwrap(),
            Some(5.0)
        );
        assert_eq!(one_sampling(&cs, &[current(None), None, None]).unwrap(), None);
        let e = one_sampling(&cs, &[current(Some(5.0)), current(Some(1.0)), None])
            .unwrap_err()
            .to_string();
        assert!(e.contains("c1 5%") && e.contains("c2 1%") && e.contains("--sampling"), "{e}");
    }
}
