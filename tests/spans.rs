//! The collector's view: `mesh-tracing spans` (and doctor's spans stage) ask a real Jaeger, through a
//! port-forward to its pod, how many spans each cluster sent and when the last one came. Spans are
//! posted as Envoy's zipkin tracer sends them (Envoy itself is in no registry we reach).
mod common;

use common::collector::Jaeger;
use common::istiod::{eventually, with_ns, RealIstio};
use common::*;

fn spans_json(
    ns: &str,
    all: &str,
    collector: &str,
    dir: &std::path::Path,
) -> (Vec<serde_json::Value>, std::process::Output) {
    let o = with_ns(
        ns,
        "mesh-tracing",
        &["spans", "--context", all, "--collector", collector, "-o", "json"],
        dir,
    );
    let rows = serde_json::from_str(&stdout(&o)).unwrap_or_default();
    (rows, o)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spans_of_every_cluster_are_counted_at_the_collector() {
    let ctxs = take_contexts(2);
    let id = unique("t-spans");
    let clusters: Vec<(String, String)> =
        ctxs.iter().enumerate().map(|(i, c)| (c.clone(), format!("network{}", i + 1))).collect();
    let istiods = RealIstio::start_all(&id, &clusters).await;
    let mut jaeger = Jaeger::start(&ctxs[0], &id).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let all = ctxs.join(",");

    // Spans from the first cluster only: it has them, the second is a warning with what to check.
    jaeger.post_envoy_spans(&istiods[0].cluster_id, 3);
    let mut last = None;
    eventually("three spans of the first cluster at the collector", 30, || {
        let (rows, o) = spans_json(&id, &all, &ctxs[0], dir);
        let got = rows.first().map(|r| r["spans"].clone());
        last = Some((rows, o));
        async move { got == Some(serde_json::json!(3)) }
    })
    .await;
    let (rows, o) = last.take().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["clusterId"], istiods[0].cluster_id.as_str());
    assert!(rows[0]["lastSpan"].as_str().is_some_and(|t| t.ends_with('Z')), "{rows:?}");
    assert_eq!(
        (rows[1]["spans"].clone(), rows[1]["lastSpan"].clone()),
        (serde_json::json!(0), serde_json::Value::Null)
    );
    let e = fails(o, 1);
    assert!(e.contains("1 of 2 clusters sent no span in the last 15m"), "{e}");
    assert!(
        e.contains(&format!(
            "{}: no span tagged istio.cluster_id={}",
            ctxs[1], istiods[1].cluster_id
        )),
        "{e}"
    );
    assert!(e.contains(&format!("kubectl mesh-tracing show --context {}", ctxs[1])), "{e}");

    // doctor's spans stage says the same, and for the silent cluster what the other stages found.
    let o = with_ns(
        &id,
        "mesh-tracing",
        &["doctor", "--context", &all, "--collector", &ctxs[0], "-o", "json"],
        dir,
    );
    let checks: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let spans: Vec<&serde_json::Value> =
        checks.iter().filter(|c| c["id"] == "spans.arriving").collect();
    assert_eq!(spans.len(), 2, "{checks:#?}");
    assert_eq!(
        (spans[0]["cluster"].as_str(), spans[0]["status"].as_str()),
        (Some(ctxs[0].as_str()), Some("ok"))
    );
    assert_eq!(spans[1]["status"], "warn", "{spans:#?}");
    assert!(
        spans[1]["fix"].as_str().is_some_and(|f| f.starts_with("likely, in order: ")),
        "{spans:#?}"
    );

    // Both send: exit 0, and the table says when.
    jaeger.post_envoy_spans(&istiods[1].cluster_id, 2);
    eventually("the second cluster's spans", 30, || {
        let (rows, _) = spans_json(&id, &all, &ctxs[0], dir);
        async move { rows.get(1).is_some_and(|r| r["spans"] == 2) }
    })
    .await;
    let table = ok(with_ns(
        &id,
        "mesh-tracing",
        &["spans", "--context", &all, "--collector", &ctxs[0]],
        dir,
    ));
    let header = table.lines().next().unwrap();
    assert!(header.contains("CLUSTER ID") && header.contains("LAST SPAN"), "{table}");
    assert_eq!(table.matches(" ago").count(), 2, "{table}");
    // A window that ends before them counts none.
    let (rows, _) = {
        let o = with_ns(
            &id,
            "mesh-tracing",
            &["spans", "--context", &all, "--collector", &ctxs[0], "--since", "1ms", "-o", "json"],
            dir,
        );
        (serde_json::from_str::<Vec<serde_json::Value>>(&stdout(&o)).unwrap(), o)
    };
    assert!(rows.iter().all(|r| r["spans"] == 0), "{rows:?}");

    // The collector gone (its process stopped behind the pod): it cannot be asked, exit 1.
    jaeger.stop();
    let o =
        with_ns(&id, "mesh-tracing", &["spans", "--context", &all, "--collector", &ctxs[0]], dir);
    let e = fails(o, 1);
    assert!(
        e.contains(&format!("the collector {}/{id}/{} cannot be asked", ctxs[0], jaeger.pod)),
        "{e}"
    );
    // No collector pod in the other cluster: said so.
    let o =
        with_ns(&id, "mesh-tracing", &["spans", "--context", &all, "--collector", &ctxs[1]], dir);
    let e = fails(o, 1);
    assert!(e.contains("no Running pod behind Service") && e.contains(&ctxs[1]), "{e}");
    drop(istiods);
}
