//! Everything a command of the suite could touch, as one comparable value: "nothing changed" is
//! `snapshot(before) == snapshot(after)`.

use std::collections::BTreeMap;
use std::path::Path;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ConfigMap, Secret, Service, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind, ListParams};
use kube::Resource;

use super::Fixture;

pub type Snapshot = BTreeMap<String, String>;

fn add<K: Resource>(snap: &mut Snapshot, ctx: &str, kind: &str, items: Vec<K>) {
    for o in items {
        let m = o.meta();
        let key = format!(
            "{ctx}/{kind}/{}/{}",
            m.namespace.clone().unwrap_or_default(),
            m.name.clone().unwrap_or_default()
        );
        snap.insert(key, m.resource_version.clone().unwrap_or_default());
    }
}

/// Every object a command of the suite could touch, in the test's namespaces of every cluster, with
/// its resourceVersion; plus every file of the CA folder with its bytes.
pub async fn snapshot(fxs: &[&Fixture], dir: &Path) -> Snapshot {
    let mut s = Snapshot::new();
    let ours = ListParams::default().labels("app.kubernetes.io/managed-by=kubectl-mesh");
    for fx in fxs {
        let c = &fx.client;
        let ctx = &fx.context;
        for ns in std::iter::once(&fx.istio_ns).chain(&fx.app_ns) {
            let lp = ListParams::default();
            add(
                &mut s,
                ctx,
                "secret",
                Api::<Secret>::namespaced(c.clone(), ns).list(&lp).await.unwrap().items,
            );
            // istiod's own bookkeeping (leader elections, IP auto-allocation) moves on its own.
            let cms = Api::<ConfigMap>::namespaced(c.clone(), ns).list(&lp).await.unwrap().items;
            let cms = cms.into_iter().filter(|m| {
                let n = m.metadata.name.as_deref().unwrap_or_default();
                !n.contains("leader") && !n.contains("election") && !n.contains("autoallocate")
            });
            add(&mut s, ctx, "configmap", cms.collect());
            add(
                &mut s,
                ctx,
                "service",
                Api::<Service>::namespaced(c.clone(), ns).list(&lp).await.unwrap().items,
            );
            add(
                &mut s,
                ctx,
                "serviceaccount",
                Api::<ServiceAccount>::namespaced(c.clone(), ns).list(&lp).await.unwrap().items,
            );
            // A Deployment's spec generation: its status moves on its own while pods come and go.
            for d in Api::<Deployment>::namespaced(c.clone(), ns).list(&lp).await.unwrap().items {
                s.insert(
                    format!("{ctx}/deployment/{ns}/{}", d.metadata.name.unwrap()),
                    format!("gen {:?}", d.metadata.generation),
                );
            }
            let istio = [
                ("networking.istio.io", "Gateway"),
                ("networking.istio.io", "VirtualService"),
                ("networking.istio.io", "ServiceEntry"),
                ("telemetry.istio.io", "Telemetry"),
            ];
            for (group, kind) in istio {
                let ar = ApiResource::from_gvk(&GroupVersionKind::gvk(group, "v1", kind));
                let api: Api<DynamicObject> = Api::namespaced_with(c.clone(), ns, &ar);
                add(&mut s, ctx, kind, api.list(&lp).await.unwrap().items);
            }
        }
        add(
            &mut s,
            ctx,
            "clusterrole",
            Api::<ClusterRole>::all(c.clone()).list(&ours).await.unwrap().items,
        );
        add(
            &mut s,
            ctx,
            "clusterrolebinding",
            Api::<ClusterRoleBinding>::all(c.clone()).list(&ours).await.unwrap().items,
        );
    }
    fn files(p: &Path, s: &mut Snapshot) {
        for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                files(&e.path(), s);
            } else {
                let bytes = std::fs::read(e.path()).unwrap();
                s.insert(
                    format!("file {}", e.path().display()),
                    format!("{} bytes, {:x}", bytes.len(), crc(&bytes)),
                );
            }
        }
    }
    files(dir, &mut s);
    s
}

fn crc(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf29ce484222325u64, |h, x| (h ^ *x as u64).wrapping_mul(0x100000001b3))
}
