//! One client per kubeconfig context, created once, and concurrent fan-out over clusters.

use std::future::Future;
use std::time::Duration;

use futures::future::join_all;
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};

use crate::cli::GlobalArgs;
use crate::error::{Context as _, Error, Result};

/// A cluster we talk to: the context name the user gave and a client for it.
#[derive(Clone)]
pub struct Cluster {
    pub context: String,
    /// The API server URL from the kubeconfig.
    pub server: String,
    /// The API server's CA from the kubeconfig (data or file), PEM; `None` if it has none.
    pub ca_pem: Option<String>,
    pub client: Client,
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cluster")
            .field("context", &self.context)
            .field("server", &self.server)
            .finish()
    }
}

/// The user's kubeconfig: `--kubeconfig`, else the files in `$KUBECONFIG` merged, else `~/.kube/config`.
pub fn load_kubeconfig(args: &GlobalArgs) -> Result<Kubeconfig> {
    if let Some(path) = &args.kubeconfig {
        return Kubeconfig::read_from(path).ctx(|| format!("read kubeconfig {}", path.display()));
    }
    match std::env::var_os("KUBECONFIG").filter(|v| !v.is_empty()) {
        Some(list) => merge_kubeconfigs(&std::env::split_paths(&list).collect::<Vec<_>>()),
        None => Kubeconfig::read()
            .ctx(|| "read kubeconfig ~/.kube/config (or set --kubeconfig or KUBECONFIG)"),
    }
}

/// The files of a `KUBECONFIG` list merged as kubectl merges them: the first file to set a value
/// wins, and a file that does not exist is skipped (an empty list, or one where no file exists, is
/// an error that names them).
fn merge_kubeconfigs(paths: &[std::path::PathBuf]) -> Result<Kubeconfig> {
    let present: Vec<&std::path::PathBuf> =
        paths.iter().filter(|p| !p.as_os_str().is_empty() && p.exists()).collect();
    if present.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::usage(format!(
            "none of the files in KUBECONFIG exists ({}): fix KUBECONFIG or pass --kubeconfig",
            names.join(", ")
        )));
    }
    let mut merged = Kubeconfig::default();
    for p in present {
        let next = Kubeconfig::read_from(p).ctx(|| format!("read kubeconfig {}", p.display()))?;
        merged = merged.merge(next).ctx(|| format!("merge kubeconfig {}", p.display()))?;
    }
    Ok(merged)
}

/// Which contexts a command acts on: `--all-contexts`, the `--context` list, or the current context.
/// Unknown and duplicate names are usage errors, found before anything is touched.
pub fn select_contexts(
    kubeconfig: &Kubeconfig,
    all: bool,
    given: &[String],
) -> Result<Vec<String>> {
    let known: Vec<&str> = kubeconfig.contexts.iter().map(|c| c.name.as_str()).collect();
    if all {
        if known.is_empty() {
            return Err(Error::usage("--all-contexts: the kubeconfig has no contexts"));
        }
        return Ok(known.iter().map(|s| s.to_string()).collect());
    }
    let chosen: Vec<String> = if given.is_empty() {
        match &kubeconfig.current_context {
            Some(c) if !c.is_empty() => vec![c.clone()],
            _ => return Err(Error::usage("no current context in the kubeconfig: pass --context")),
        }
    } else {
        given.to_vec()
    };
    for (i, c) in chosen.iter().enumerate() {
        if c.is_empty() {
            return Err(Error::usage("--context: empty context name"));
        }
        if !known.contains(&c.as_str()) {
            return Err(Error::usage(format!(
                "context {c:?} not found in the kubeconfig (known: {})",
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            )));
        }
        if chosen[..i].contains(c) {
            return Err(Error::usage(format!("context {c:?} given twice")));
        }
    }
    Ok(chosen)
}

/// Cluster name per context: `--cluster-name CTX=NAME`, else the context's name.
pub fn cluster_names(contexts: &[String], pairs: &[String]) -> Result<Vec<String>> {
    let mut names: Vec<String> = contexts.to_vec();
    for p in pairs {
        let (ctx, name) = p
            .split_once('=')
            .ok_or_else(|| Error::usage(format!("--cluster-name {p:?}: expected CONTEXT=NAME")))?;
        let i = contexts.iter().position(|c| c == ctx).ok_or_else(|| {
            Error::usage(format!(
                "--cluster-name {p:?}: context {ctx:?} is not one of the --context list"
            ))
        })?;
        names[i] = name.to_string();
    }
    for (ctx, name) in contexts.iter().zip(&names) {
        if !crate::cli::is_dns_label(name) {
            return Err(Error::usage(format!(
                "cluster name {name:?} (of context {ctx:?}) is not a DNS-1123 label: pass --cluster-name {ctx}=NAME"
            )));
        }
    }
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(Error::usage(format!(
                "two contexts would be cluster {n:?}: pass --cluster-name to tell them apart"
            )));
        }
    }
    Ok(names)
}

/// Build a client for one context (no request is sent yet).
pub async fn client_for(
    kubeconfig: &Kubeconfig,
    context: &str,
    timeout: Duration,
) -> Result<Cluster> {
    check_context_refs(kubeconfig, context)?;
    let opts = KubeConfigOptions { context: Some(context.to_string()), ..Default::default() };
    let mut config = Config::from_custom_kubeconfig(kubeconfig.clone(), &opts)
        .await
        .ctx(|| format!("load context {context} from the kubeconfig"))?;
    if !timeout.is_zero() {
        config.connect_timeout = Some(timeout.min(Duration::from_secs(10)));
        config.read_timeout = Some(timeout);
        config.write_timeout = Some(timeout);
        config.reset_reader_on_write = true;
    }
    let server = config.cluster_url.to_string().trim_end_matches('/').to_string();
    let ca_pem = config
        .root_cert
        .as_ref()
        .filter(|c| !c.is_empty())
        .map(|ders| ders.iter().map(|d| der_to_pem(d)).collect());
    let built = match crate::client_cert::v1_identity(&config) {
        Ok(Some(id)) => crate::client_cert::client(config, id),
        Ok(None) => Client::try_from(config)
            .map_err(|e| Error::msg(describe_client_error(kubeconfig, context, &e))),
        Err(e) => Err(e),
    };
    // A context whose credentials cannot be had (an exec plugin that fails, say) is one failed
    // cluster, not a failed command: its client answers every request with the reason, so a
    // read-only command shows it in that cluster's row and a writing one stops at its first check.
    let client = built.unwrap_or_else(|e| failing_client(e.to_string()));
    Ok(Cluster { context: context.to_string(), server, ca_pem, client })
}

/// What went wrong creating a client, in words: an exec credential plugin's failure names the
/// plugin and says what it printed, not the command line with its environment.
fn describe_client_error(kubeconfig: &Kubeconfig, context: &str, e: &kube::Error) -> String {
    use kube::client::AuthError;
    let exec = || {
        let user = kubeconfig
            .contexts
            .iter()
            .find(|c| c.name == context)?
            .context
            .as_ref()?
            .user
            .clone()?;
        let auth = kubeconfig.auth_infos.iter().find(|u| u.name == user)?.auth_info.as_ref()?;
        Some((user, auth.exec.as_ref()?.command.clone().unwrap_or_default()))
    };
    match e {
        kube::Error::Auth(AuthError::AuthExecRun { out, .. }) => {
            let (user, command) = exec().unwrap_or_default();
            let said = String::from_utf8_lossy(&out.stderr);
            let said =
                said.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("(no output)").trim();
            format!(
                "the exec credential plugin {command:?} of user {user:?} failed ({}): {said}",
                out.status
            )
        }
        kube::Error::Auth(AuthError::AuthExecStart(io)) => {
            let (user, command) = exec().unwrap_or_default();
            format!("the exec credential plugin {command:?} of user {user:?} could not be started: {io}")
        }
        other => crate::error::one_line(other),
    }
}

/// A client that answers every request with `reason`.
fn failing_client(reason: String) -> Client {
    let reason = std::sync::Arc::new(reason);
    let svc = tower::service_fn(move |_req: http::Request<kube::client::Body>| {
        let reason = reason.clone();
        async move { Err::<http::Response<kube::client::Body>, _>(Error::msg(reason.as_str())) }
    });
    Client::new(svc, "default")
}

/// A context must name a cluster and a user the kubeconfig has, as kubectl insists; a missing user
/// must not silently become anonymous.
fn check_context_refs(kubeconfig: &Kubeconfig, context: &str) -> Result<()> {
    let Some(ctx) =
        kubeconfig.contexts.iter().find(|c| c.name == context).and_then(|c| c.context.as_ref())
    else {
        return Ok(());
    };
    if !ctx.cluster.is_empty() && !kubeconfig.clusters.iter().any(|c| c.name == ctx.cluster) {
        return Err(Error::usage(format!(
            "context {context:?} names cluster {:?}, which the kubeconfig does not have: fix the context or add the cluster",
            ctx.cluster
        )));
    }
    if let Some(user) = ctx.user.as_deref().filter(|u| !u.is_empty()) {
        if !kubeconfig.auth_infos.iter().any(|u| u.name == user) {
            return Err(Error::usage(format!(
                "context {context:?} names user {user:?}, which the kubeconfig does not have: fix the context or add the user"
            )));
        }
    }
    Ok(())
}

/// A DER certificate as PEM.
pub fn der_to_pem(der: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

impl Cluster {
    /// One cheap request that proves the context works (reachable, credentials accepted).
    pub async fn check_reachable(&self) -> Result<()> {
        self.client.apiserver_version().await.ctx(|| {
            format!(
                "reach context {} ({}); check --context and --kubeconfig",
                self.context, self.server
            )
        })?;
        Ok(())
    }
}

/// Run `f` on every cluster concurrently; results come back in the clusters' order.
pub async fn fan_out<'a, T, F, Fut>(clusters: &'a [Cluster], f: F) -> Vec<(&'a Cluster, Result<T>)>
where
    F: Fn(usize, &'a Cluster) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let results = join_all(clusters.iter().enumerate().map(|(i, c)| f(i, c))).await;
    clusters.iter().zip(results).map(|(c, r)| (c, r.map_err(|e| e.at_server(&c.server)))).collect()
}

/// Like [`fan_out`], but fails with every cluster's error (one line) if any cluster failed.
pub async fn fan_out_all<'a, T, F, Fut>(
    clusters: &'a [Cluster],
    f: F,
) -> Result<Vec<(&'a Cluster, T)>>
where
    F: Fn(usize, &'a Cluster) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    all_ok(fan_out(clusters, f).await)
}

/// Every cluster's value, or one error naming every cluster that failed.
pub fn all_ok<T>(results: Vec<(&Cluster, Result<T>)>) -> Result<Vec<(&Cluster, T)>> {
    let mut ok = Vec::new();
    let mut failed: Vec<Error> = Vec::new();
    for (c, r) in results {
        match r {
            Ok(v) => ok.push((c, v)),
            Err(e) => failed.push(e),
        }
    }
    match failed.len() {
        0 => Ok(ok),
        1 => Err(failed.remove(0)),
        _ => {
            let code_usage = failed.iter().all(|e| e.exit_code() == 2);
            let text = failed.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ");
            Err(if code_usage { Error::Usage(text) } else { Error::Msg(text) })
        }
    }
}

/// Check that every cluster is reachable, concurrently, before a command writes anywhere.
pub async fn check_all_reachable(clusters: &[Cluster]) -> Result<()> {
    fan_out_all(clusters, |_, c| c.check_reachable()).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kc() -> Kubeconfig {
        Kubeconfig::from_yaml(
            "apiVersion: v1\nkind: Config\ncurrent-context: b\nclusters: []\nusers: []\ncontexts:\n- name: a\n  context: {cluster: x, user: y}\n- name: b\n  context: {cluster: x, user: y}\n",
        )
        .unwrap()
    }

    #[test]
    fn selects_current_listed_or_all() {
        let k = kc();
        assert_eq!(select_contexts(&k, false, &[]).unwrap(), ["b"]);
        assert_eq!(select_contexts(&k, false, &["a".into(), "b".into()]).unwrap(), ["a", "b"]);
        assert_eq!(select_contexts(&k, true, &[]).unwrap(), ["a", "b"]);
    }

    #[test]
    fn cluster_names_default_to_contexts_and_must_be_labels() {
        let ctx = vec!["cluster1".to_string(), "arn:aws:eks:x".to_string()];
        let e = cluster_names(&ctx, &[]).unwrap_err().to_string();
        assert!(e.contains("--cluster-name arn:aws:eks:x=NAME"), "{e}");
        let n = cluster_names(&ctx, &["arn:aws:eks:x=east".into()]).unwrap();
        assert_eq!(n, ["cluster1", "east"]);
        assert!(cluster_names(&ctx, &["nope=x".into()]).is_err());
        assert!(cluster_names(&ctx, &["arn:aws:eks:x=cluster1".into()])
            .unwrap_err()
            .to_string()
            .contains("two contexts"));
    }

    #[test]
    fn a_kubeconfig_list_skips_missing_files_as_kubectl_does() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a");
        let b = tmp.path().join("b");
        std::fs::write(&a, "apiVersion: v1\nkind: Config\ncurrent-context: one\nclusters: []\nusers: []\ncontexts:\n- name: one\n  context: {cluster: x, user: y}\n").unwrap();
        std::fs::write(&b, "apiVersion: v1\nkind: Config\ncurrent-context: two\nclusters: []\nusers: []\ncontexts:\n- name: two\n  context: {cluster: x, user: y}\n").unwrap();
        let missing = tmp.path().join("nonexistent");
        let k = merge_kubeconfigs(&[missing.clone(), a.clone(), b.clone()]).unwrap();
        let names: Vec<&str> = k.contexts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["one", "two"]);
        assert_eq!(k.current_context.as_deref(), Some("one"), "the first file to set it wins");
        let e = merge_kubeconfigs(std::slice::from_ref(&missing)).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let text = e.to_string();
        assert!(text.contains(&missing.display().to_string()) && !text.contains("'\""), "{text}");
    }

    #[test]
    fn a_context_with_a_missing_user_is_named() {
        let k = Kubeconfig::from_yaml(
            "apiVersion: v1\nkind: Config\nclusters: [{name: x, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: []\ncontexts:\n- name: a\n  context: {cluster: x, user: ghost}\n",
        )
        .unwrap();
        let e = check_context_refs(&k, "a").unwrap_err().to_string();
        assert!(e.contains("names user \"ghost\""), "{e}");
    }

    #[test]
    fn unknown_and_duplicate_contexts_are_usage_errors() {
        let k = kc();
        let e = select_contexts(&k, false, &["nope".into()]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("\"nope\" not found"), "{e}");
        assert!(select_contexts(&k, false, &["a".into(), "a".into()])
            .unwrap_err()
            .to_string()
            .contains("twice"));
    }
}
