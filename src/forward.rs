//! HTTP GETs to a pod's port through a port-forward via the API server (kube's `Api::portforward`,
//! as `kubectl port-forward` and istioctl do): never a pod IP or a loopback shortcut, so it works the
//! same against any cluster the kubeconfig reaches.

use std::time::Duration;

use http_body_util::BodyExt as _;
use k8s_openapi::api::core::v1::Pod;
use kube::api::Api;
use kube::Client;

use crate::error::{Context as _, Error, Result};

/// GET each of `paths` from `port` of pod `ns/pod`, over one port-forward and one HTTP/1
/// connection, within `timeout` in all. Each path's answer (2xx), or why it has none.
pub async fn get(
    client: &Client,
    ns: &str,
    pod: &str,
    port: u16,
    paths: &[&str],
    timeout: Duration,
) -> Result<Vec<std::result::Result<Vec<u8>, String>>> {
    let what = || format!("ask pod {ns}/{pod} port {port}");
    tokio::time::timeout(timeout, get_now(client, ns, pod, port, paths))
        .await
        .map_err(|_| Error::msg(format!("{}: no answer within {timeout:?}", what())))?
        .ctx(what)
}

async fn get_now(
    client: &Client,
    ns: &str,
    pod: &str,
    port: u16,
    paths: &[&str],
) -> Result<Vec<std::result::Result<Vec<u8>, String>>> {
    let pods: Api<Pod> = Api::namespaced(client.clone(), ns);
    let mut forward = pods
        .portforward(pod, &[port])
        .await
        .ctx(|| format!("port-forward to pod {ns}/{pod} port {port}"))?;
    let stream = forward
        .take_stream(port)
        .ok_or_else(|| Error::msg("the port-forward has no stream for the port"))?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .ctx(|| "start HTTP over the port-forward")?;
    let driver = tokio::spawn(conn);
    let mut answers = Vec::new();
    for path in paths {
        let req = http::Request::get(*path)
            .header(http::header::HOST, "localhost")
            .body(http_body_util::Empty::<bytes::Bytes>::new())
            .map_err(|e| Error::msg(e.to_string()))?;
        sender.ready().await.ctx(|| "keep the connection")?;
        let resp = sender.send_request(req).await.ctx(|| format!("GET {path}"))?;
        let status = resp.status();
        let body = resp.into_body().collect().await.ctx(|| format!("read {path}"))?.to_bytes();
        answers.push(match status.is_success() {
            true => Ok(body.to_vec()),
            false => Err(format!("{pod} answered {status} for {path}")),
        });
    }
    drop(sender);
    driver.abort();
    forward.abort();
    Ok(answers)
}
