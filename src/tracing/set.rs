//! `set`, `unset`, `restart`: carry out the plan (`plan`): edit the mesh configs, then restart
//! exactly the stale workloads, and report.

use std::io::Write;

use super::carry_out::{carry_out, needed_access};
use super::cli::{ApplyArgs, RestartArgs, SetArgs, UnsetArgs};
use super::meshconfig;
use super::plan::{plan_all, Wanted};
use super::stale::Rule;
use super::telemetry::{
    self,
    build::{Mode, Provider},
};
use crate::access::{self};
use crate::cluster::Cluster;
use crate::error::{Context as _, Error, Result};
use crate::expose::Exposed;
use crate::net;
use crate::output;
use crate::session::Session;

pub(super) fn validate_sampling(s: Option<f64>) -> Result<()> {
    match s {
        Some(v) if !(0.0..=100.0).contains(&v) || v.is_nan() => {
            Err(Error::usage(format!("--sampling {v} is outside 0..100 (a percentage)")))
        }
        _ => Ok(()),
    }
}

fn validate_addr(a: &str) -> Result<()> {
    net::parse_host_port(a, "--addr").map(|_| ())
}

pub async fn set(
    g: &Session,
    namespaces: &[String],
    a: &SetArgs,
    out: &mut dyn Write,
) -> Result<()> {
    validate_set(a)?;
    let ns = g.istio_namespace().to_string();
    let clusters = g.clusters().await?;
    let (addresses, shared) = addresses_of(g, &clusters, &ns, a).await?;
    let (mode, why) = mode_of(a, &clusters).await?;
    let done = if mode == Mode::Telemetry {
        let sampling = vec![a.sampling; clusters.len()];
        telemetry::set(
            g,
            &clusters,
            &a.apply.revision.mesh_configmap(),
            (&addresses, &shared),
            a.provider,
            (&sampling, a.cluster_tag.as_deref()),
            out,
        )
        .await
        .inspect(|()| telemetry::note_no_restart())
    } else if a.apply.print_config {
        let text = meshconfig::durable_config(
            &addresses[0],
            a.sampling.unwrap_or(100.0),
            a.cluster_tag.as_deref(),
        );
        out.write_all(text.as_bytes()).ctx(|| "write output")
    } else {
        let wanted = Wanted::Set {
            addresses,
            shared,
            sampling: a.sampling,
            cluster_tag: a.cluster_tag.clone(),
        };
        run_plan(g, &ns, namespaces, &clusters, &a.apply, &wanted, Rule::Differs, out).await
    };
    // Which path auto took, once it worked (a failure's one line stays one line).
    if let (Ok(()), Some(why)) = (&done, why) {
        output::note(&why);
    }
    done
}

/// `set`'s flags, checked before any cluster is asked anything.
fn validate_set(a: &SetArgs) -> Result<()> {
    validate_sampling(a.sampling)?;
    if let Some(tag) = &a.cluster_tag {
        let ok = !tag.is_empty()
            && tag.len() <= 63
            && tag.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
        if !ok {
            return Err(Error::usage(format!("--cluster-tag {tag:?} is not a tag name: letters, digits, '.', '_' or '-' (Kiali's is `cluster`)")));
        }
    }
    if a.same_address && a.via_gateway.is_none() {
        return Err(Error::usage("--same-address goes with --via-gateway"));
    }
    if let Some(addr) = &a.addr {
        validate_addr(addr)?;
    }
    if a.mode.mode == Mode::ProxyConfig && a.provider != Provider::Zipkin {
        return Err(provider_needs_telemetry(a.provider));
    }
    Ok(())
}

/// Where each cluster's proxies send spans, and the address that works from every cluster:
/// `--addr`, or the collector `--via-gateway` publishes (its own cluster uses the local address
/// unless `--same-address`).
async fn addresses_of(
    g: &Session,
    clusters: &[Cluster],
    ns: &str,
    a: &SetArgs,
) -> Result<(Vec<String>, String)> {
    let via = match (&a.addr, &a.via_gateway) {
        (Some(addr), _) => return Ok((vec![addr.clone(); clusters.len()], addr.clone())),
        (None, Some(via)) => via,
        (None, None) if a.apply.print_config => {
            return Err(Error::usage(
                "--print-config needs --addr (or --via-gateway) to know the address",
            ));
        }
        _ => return Err(Error::usage("pass --addr HOST:PORT or --via-gateway CONTEXT")),
    };
    let src = match clusters.iter().find(|c| &c.context == via) {
        Some(c) => c.clone(),
        None => g.for_contexts(std::slice::from_ref(via)).await?.remove(0),
    };
    // The exposure of the provider's protocol: zipkin's port, or `mesh-expose otel`'s OTLP/gRPC one.
    let which =
        if a.provider == Provider::Opentelemetry { Exposed::OtlpGrpc } else { Exposed::Zipkin };
    let crate::expose::Collector { published, local, .. } =
        crate::expose::exposed_address(&src, ns, which).await?;
    let addresses =
        clusters
            .iter()
            .map(|c| {
                if &c.context == via && !a.same_address {
                    local.clone()
                } else {
                    published.clone()
                }
            })
            .collect();
    Ok((addresses, published))
}

/// The path `set` takes, and, for `--mode auto`, why (said once it worked).
async fn mode_of(a: &SetArgs, clusters: &[Cluster]) -> Result<(Mode, Option<String>)> {
    let (mode, why) = match a.mode.mode {
        // Flags that only the mesh config path has choose it.
        Mode::Auto if a.apply.print_config || a.apply.no_restart || a.apply.restart.wait => {
            (Mode::ProxyConfig, None)
        }
        Mode::Auto => {
            let (m, why) = telemetry::auto_for_set(clusters).await;
            (m, Some(why))
        }
        m => (m, None),
    };
    if mode == Mode::ProxyConfig && a.provider != Provider::Zipkin {
        return Err(provider_needs_telemetry(a.provider));
    }
    if mode == Mode::Telemetry && (a.apply.print_config || a.apply.no_restart) {
        return Err(Error::usage("--print-config and --no-restart go with --mode proxy-config (telemetry mode restarts nothing)"));
    }
    Ok((mode, why))
}

fn provider_needs_telemetry(p: Provider) -> Error {
    Error::usage(format!("--provider {} needs the Telemetry API (--mode telemetry); defaultConfig.tracing speaks zipkin only", p.key()))
}

pub async fn unset(
    g: &Session,
    namespaces: &[String],
    u: &UnsetArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let a = &u.apply;
    if a.print_config {
        return Err(Error::usage("--print-config applies to `set`"));
    }
    let clusters = g.clusters().await?;
    let mode = match u.mode.mode {
        Mode::Auto if a.no_restart => Mode::ProxyConfig,
        Mode::Auto => telemetry::auto_for_unset(g, &clusters, &a.revision.mesh_configmap()).await,
        m => m,
    };
    if mode == Mode::Telemetry {
        return telemetry::unset(g, &clusters, &a.revision.mesh_configmap(), out)
            .await
            .inspect(|()| telemetry::note_no_restart());
    }
    run_plan(g, g.istio_namespace(), namespaces, &clusters, a, &Wanted::Unset, Rule::Differs, out)
        .await
}

pub async fn restart(
    g: &Session,
    namespaces: &[String],
    a: &RestartArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let clusters = g.clusters().await?;
    let args = ApplyArgs {
        revision: a.revision.clone(),
        no_restart: false,
        restart: a.restart.clone(),
        print_config: false,
    };
    run_plan(
        g,
        g.istio_namespace(),
        namespaces,
        &clusters,
        &args,
        &Wanted::Keep,
        if a.all { Rule::All } else { Rule::Differs },
        out,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn run_plan(
    g: &Session,
    ns: &str,
    namespaces: &[String],
    clusters: &[Cluster],
    a: &ApplyArgs,
    wanted: &Wanted,
    rule: Rule,
    out: &mut dyn Write,
) -> Result<()> {
    let cm_name = a.revision.mesh_configmap();
    // Read and validate everything first.
    let t0 = std::time::Instant::now();
    let plans = plan_all(clusters, ns, &cm_name, namespaces, wanted, rule).await?;
    tracing::debug!(ms = t0.elapsed().as_millis() as u64, "read phase done");
    // May we make every write in every cluster? Asked before the first one.
    access::require(g.dry_run(), clusters, |_, c| needed_access(&plans, c, ns, a.no_restart))
        .await?;
    carry_out(g, ns, &plans, a, out).await
}
