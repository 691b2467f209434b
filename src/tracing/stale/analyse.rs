//! The verdict on every workload with injected pods: only its current revision's pods count, and
//! each is judged by the rule the command gives.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::core::v1::Pod;

use super::{
    controller, file_read, ns_name, pod_tracing, template_injected, FileRead, Finding, Inventory,
    Kind, Rule, Verdict, DEPLOYMENT_REVISION, REVISION_HASH,
};
use crate::tracing::meshconfig::Tracing;

type Key = (String, String);

/// What decides which revision of a workload is current, and the workloads themselves.
struct Workloads<'a> {
    /// Newest ReplicaSet revision (and name) per Deployment.
    newest_rs: BTreeMap<Key, (i64, String)>,
    /// The Deployment of each ReplicaSet.
    rs_owner: BTreeMap<Key, Key>,
    /// Newest ControllerRevision (and hash) per DaemonSet.
    newest_cr: BTreeMap<Key, (i64, String)>,
    sts: BTreeMap<Key, &'a StatefulSet>,
    deps: BTreeMap<Key, &'a Deployment>,
    dss: BTreeMap<Key, &'a DaemonSet>,
}

impl<'a> Workloads<'a> {
    fn of(inv: &'a Inventory) -> Workloads<'a> {
        let mut newest_rs: BTreeMap<Key, (i64, String)> = BTreeMap::new();
        let rs_owner: BTreeMap<Key, Key> = inv
            .replica_sets
            .iter()
            .filter_map(|rs| {
                let o = controller(&rs.metadata).filter(|o| o.kind == "Deployment")?;
                let (ns, name) = ns_name(&rs.metadata);
                let rev: i64 =
                    rs.metadata.annotations.as_ref()?.get(DEPLOYMENT_REVISION)?.parse().ok()?;
                let key = (ns.clone(), o.name.clone());
                if newest_rs.get(&key).is_none_or(|(r, _)| rev > *r) {
                    newest_rs.insert(key.clone(), (rev, name.clone()));
                }
                Some(((ns, name), key))
            })
            .collect();
        let mut newest_cr: BTreeMap<Key, (i64, String)> = BTreeMap::new();
        for cr in &inv.controller_revisions {
            let Some(o) = controller(&cr.metadata).filter(|o| o.kind == "DaemonSet") else {
                continue;
            };
            let (ns, name) = ns_name(&cr.metadata);
            let hash = cr
                .metadata
                .labels
                .as_ref()
                .and_then(|l| l.get(REVISION_HASH).cloned())
                .unwrap_or_else(|| name.rsplit('-').next().unwrap_or_default().to_string());
            let key = (ns, o.name.clone());
            if newest_cr.get(&key).is_none_or(|(r, _)| cr.revision > *r) {
                newest_cr.insert(key, (cr.revision, hash));
            }
        }
        Workloads {
            newest_rs,
            rs_owner,
            newest_cr,
            sts: inv.stateful_sets.iter().map(|s| (ns_name(&s.metadata), s)).collect(),
            deps: inv.deployments.iter().map(|d| (ns_name(&d.metadata), d)).collect(),
            dss: inv.daemon_sets.iter().map(|d| (ns_name(&d.metadata), d)).collect(),
        }
    }

    /// The workload a pod belongs to; `None` for a pod of a superseded revision (it does not count).
    fn of_pod(&self, p: &Pod) -> Option<(Kind, String, String)> {
        let (ns, pod_name) = ns_name(&p.metadata);
        let hash = p.metadata.labels.as_ref().and_then(|l| l.get(REVISION_HASH)).cloned();
        let owner = controller(&p.metadata);
        Some(match owner.map(|o| (o.kind.as_str(), o.name.clone())) {
            Some(("ReplicaSet", rs)) => match self.rs_owner.get(&(ns.clone(), rs.clone())) {
                Some(dep_key) => {
                    if self.newest_rs.get(dep_key).map(|(_, n)| n) != Some(&rs) {
                        return None;
                    }
                    (Kind::Deployment, ns, dep_key.1.clone())
                }
                None => (Kind::Pod, ns, pod_name),
            },
            Some(("StatefulSet", name)) => {
                let current = self
                    .sts
                    .get(&(ns.clone(), name.clone()))
                    .and_then(|s| s.status.as_ref()?.update_revision.clone());
                if current.is_some() && current != hash {
                    return None;
                }
                (Kind::StatefulSet, ns, name)
            }
            Some(("DaemonSet", name)) => {
                let current =
                    self.newest_cr.get(&(ns.clone(), name.clone())).map(|(_, h)| h.clone());
                if current.is_some() && current != hash {
                    return None;
                }
                (Kind::DaemonSet, ns, name)
            }
            Some(("Job", name)) => (Kind::Job, ns, name),
            _ => (Kind::Pod, ns, pod_name),
        })
    }

    /// The verdict on a workload with stale pods: what a restart would do for it.
    fn verdict(&self, kind: Kind, key: &Key, stamped: bool) -> Verdict {
        let template = match kind {
            Kind::Deployment => {
                self.deps.get(key).and_then(|d| d.spec.as_ref()).map(|s| &s.template)
            }
            Kind::StatefulSet => {
                self.sts.get(key).and_then(|s| s.spec.as_ref()).map(|s| &s.template)
            }
            Kind::DaemonSet => self.dss.get(key).and_then(|s| s.spec.as_ref()).map(|s| &s.template),
            Kind::Job | Kind::Pod => None,
        };
        let d = self.deps.get(key).filter(|_| kind == Kind::Deployment);
        let gen = d.and_then(|d| d.metadata.generation).unwrap_or(0);
        let observed = d.and_then(|d| d.status.as_ref()?.observed_generation).unwrap_or(gen);
        if matches!(kind, Kind::Job | Kind::Pod) {
            Verdict::NotRestartable
        } else if !stamped
            && template_injected(
                template.and_then(|t| t.spec.as_ref()),
                template.and_then(|t| t.metadata.as_ref()),
            )
        {
            Verdict::NeedsReinjection
        } else if d.and_then(|d| d.spec.as_ref()?.paused).unwrap_or(false) {
            Verdict::Paused
        } else if observed < gen {
            Verdict::RollingOut
        } else {
            Verdict::Stale
        }
    }
}

/// Decide for every workload with injected pods, by `rule`.
pub fn analyse(inv: &Inventory, desired: &Tracing, rule: Rule) -> Vec<Finding> {
    let w = Workloads::of(inv);
    // (kind, ns, name) -> (pods, stale pods)
    let mut seen: BTreeMap<(Kind, String, String), (usize, usize)> = BTreeMap::new();
    let by_rule = |t: &Tracing| match rule {
        Rule::Differs => t != desired,
        Rule::All => true,
        Rule::CarriesAddress => t.address.is_some(),
    };
    let mut reads_file: std::collections::BTreeSet<(Kind, String, String)> = Default::default();
    for p in &inv.pods {
        let (stale, from_file) =
            match (pod_tracing(p), inv.mesh_file.as_ref().and_then(|mf| file_read(p, mf))) {
                (Some(t), _) => (by_rule(&t), false),
                (None, Some(FileRead::Stamped(t))) => (by_rule(&t), true),
                (None, Some(FileRead::StartedBefore(before))) => {
                    (before || rule == Rule::All, true)
                }
                (None, None) => continue,
            };
        let Some(key) = w.of_pod(p) else { continue }; // a superseded revision
        if from_file {
            reads_file.insert(key.clone());
        }
        let e = seen.entry(key).or_default();
        e.0 += 1;
        if stale {
            e.1 += 1;
        }
    }
    seen.into_iter()
        .map(|((kind, ns, name), (pods, stale_pods))| {
            let stamp = reads_file
                .contains(&(kind, ns.clone(), name.clone()))
                .then(|| serde_json::to_string(desired).unwrap_or_default());
            let key = (ns.clone(), name.clone());
            let verdict = match stale_pods {
                0 => Verdict::UpToDate,
                _ => w.verdict(kind, &key, stamp.is_some()),
            };
            Finding { kind, namespace: ns, name, pods, stale_pods, verdict, stamp }
        })
        .collect()
}
