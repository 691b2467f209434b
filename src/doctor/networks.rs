//! The networks stage, judged by istiod: on a multi-network mesh every control plane's istiod knows
//! an east-west gateway for every other network (its `/debug/networkz`), or it cannot route there.

use k8s_openapi::api::core::v1::Namespace;
use kube::api::Api;

use super::check::{Check, CheckId};
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error};
use crate::istiod::{NetworkGateway, Views, NETWORKZ};

/// The label Istio reads a cluster's network from (on its Istio namespace).
const NETWORK_LABEL: &str = "topology.istio.io/network";

/// Each cluster's network, from its Istio namespace's label (`None`: not labelled, or unreadable).
pub(super) async fn networks(clusters: &[Cluster], ns: &str) -> Vec<Option<String>> {
    let got = cluster::fan_out(clusters, |_, c| async move {
        let nss: Api<Namespace> = Api::all(c.client.clone());
        let got = nss.get_metadata_opt(ns).await.ctx(|| format!("get namespace {ns}"))?;
        let labels = got.and_then(|n| n.metadata.labels);
        Ok::<_, Error>(labels.and_then(|l| l.get(NETWORK_LABEL).cloned()))
    })
    .await;
    got.into_iter().map(|(_, r)| r.ok().flatten()).collect()
}

/// One check per control plane whose istiod answered, on a mesh of more than one network (a single
/// network needs no gateways). istiod that could not be asked is the remote-secrets stage's finding.
pub(super) fn checks(
    contexts: &[String],
    ns: &str,
    networks: &[Option<String>],
    views: &[Option<Views>],
) -> Vec<Check> {
    let mut all: Vec<&str> = networks.iter().flatten().map(String::as_str).collect();
    all.sort();
    all.dedup();
    if all.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, ctx) in contexts.iter().enumerate() {
        let Some(Ok(views)) = &views[i] else { continue };
        let own = networks[i].as_deref();
        let others: Vec<&str> = all.iter().copied().filter(|n| Some(*n) != own).collect();
        for v in views {
            let gateways: Vec<NetworkGateway> = match v.json(NETWORKZ) {
                Ok(g) => g,
                Err(_) => continue, // not answered: said by remotesecrets.istiod
            };
            let missing: Vec<&str> = others
                .iter()
                .copied()
                .filter(|n| !gateways.iter().any(|g| g.network == *n))
                .collect();
            let rev = match views.len() {
                1 => String::new(),
                _ => format!(" (revision {})", v.istiod.revision),
            };
            out.push(if missing.is_empty() {
                Check::ok(
                    CheckId::NetworksGateways,
                    ctx,
                    format!("istiod{rev} knows a gateway for each of {}", others.join(", ")),
                )
            } else {
                Check::error(
                    CheckId::NetworksGateways,
                    ctx,
                    format!("istiod{rev} knows no east-west gateway for {}", missing.join(", ")),
                    format!(
                        "each network's east-west gateway Service needs an address (kubectl get svc -n {ns} \
                         -l topology.istio.io/network=NETWORK in that network's clusters), and this \
                         control plane a remote secret for a cluster there"
                    ),
                )
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::check::Status;
    use crate::istiod::{Istiod, View};

    fn view(body: &str) -> Option<Views> {
        let i = Istiod { pod: "istiod-x".into(), revision: "default".into(), port: 15014 };
        Some(Ok(vec![View::new(i, vec![(NETWORKZ.into(), Ok(body.as_bytes().to_vec()))])]))
    }

    #[test]
    fn every_other_network_needs_a_gateway_istiod_knows() {
        let ctxs = ["c1".to_string(), "c2".to_string(), "c3".to_string()];
        let nets = [Some("n1".to_string()), Some("n2".to_string()), Some("n3".to_string())];
        let both = r#"[{"Network":"n2","Cluster":"c2","Addr":"192.0.2.2","Port":15443},
                      {"Network":"n3","Cluster":"c3","Addr":"192.0.2.3","Port":15443}]"#;
        let one = r#"[{"Network":"n2","Cluster":"c2","Addr":"192.0.2.2","Port":15443}]"#;
        let views = [view(both), view(one), None];
        let got = checks(&ctxs, "istio-system", &nets, &views);
        assert_eq!(got.len(), 2, "the third is not a control plane: {got:?}");
        assert_eq!(
            (got[0].status, got[0].detail.as_str()),
            (Status::Ok, "istiod knows a gateway for each of n2, n3")
        );
        assert_eq!(got[1].status, Status::Error);
        assert_eq!(got[1].detail, "istiod knows no east-west gateway for n1, n3");
        let flat = [Some("n1".to_string()), Some("n1".to_string()), None];
        assert!(checks(&ctxs, "istio-system", &flat, &views).is_empty(), "one network needs none");
    }
}
