//! The `cacerts` Secret, built once: the same value is printed by `--dry-run` (key redacted) and
//! applied.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::ByteString;
use kube::api::ObjectMeta;

use super::pki::{Bundle, CA_KEY};
use crate::apply::managed_labels;

pub const CACERTS: &str = "cacerts";

pub fn cacerts_secret(namespace: &str, b: &Bundle) -> Secret {
    let data: BTreeMap<String, ByteString> =
        b.files().iter().map(|(k, v)| (k.to_string(), ByteString(v.as_bytes().to_vec()))).collect();
    Secret {
        metadata: ObjectMeta {
            name: Some(CACERTS.into()),
            namespace: Some(namespace.into()),
            labels: Some(managed_labels()),
            ..Default::default()
        },
        type_: Some("Opaque".into()),
        data: Some(data),
        ..Default::default()
    }
}

/// The Secret as `--dry-run=client` shows it: the private key replaced, certificates as text.
pub fn redacted(s: &Secret) -> serde_json::Value {
    let mut v = serde_json::to_value(s).expect("a Secret serializes");
    v["apiVersion"] = "v1".into();
    v["kind"] = "Secret".into();
    let data = s.data.clone().unwrap_or_default();
    let string_data: serde_json::Map<String, serde_json::Value> = data
        .iter()
        .map(|(k, v)| {
            let text = if k == CA_KEY {
                "<redacted>".to_string()
            } else {
                String::from_utf8_lossy(&v.0).into_owned()
            };
            (k.clone(), text.into())
        })
        .collect();
    if let Some(o) = v.as_object_mut() {
        o.remove("data");
        o.insert("stringData".into(), string_data.into());
    }
    v
}

/// The files an existing `cacerts` Secret lacks (or holds as something other than text).
pub fn missing_files(s: &Secret) -> Vec<&'static str> {
    let d = s.data.clone().unwrap_or_default();
    super::pki::BUNDLE_FILES
        .into_iter()
        .filter(|k| d.get(*k).is_none_or(|v| std::str::from_utf8(&v.0).is_err()))
        .collect()
}

/// The bundle held by an existing `cacerts` Secret (`None` if a key is missing or not text).
pub fn bundle_of(s: &Secret) -> Option<Bundle> {
    let d = s.data.as_ref()?;
    let get = |k: &str| d.get(k).and_then(|v| String::from_utf8(v.0.clone()).ok());
    Some(Bundle {
        ca_cert: get(super::pki::CA_CERT)?,
        ca_key: get(CA_KEY)?,
        cert_chain: get(super::pki::CERT_CHAIN)?,
        root_cert: get(super::pki::ROOT_CERT)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle() -> Bundle {
        Bundle {
            ca_cert: "C".into(),
            ca_key: "SECRET-KEY".into(),
            cert_chain: "CR".into(),
            root_cert: "R".into(),
        }
    }

    #[test]
    fn four_keys_in_the_istio_namespace() {
        let s = cacerts_secret("istio-system", &bundle());
        assert_eq!(s.metadata.name.as_deref(), Some("cacerts"));
        let keys: Vec<&String> = s.data.as_ref().unwrap().keys().collect();
        assert_eq!(keys, ["ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem"]);
        assert_eq!(bundle_of(&s).unwrap().ca_key, "SECRET-KEY");
        assert!(missing_files(&s).is_empty());
        let mut partial = s.clone();
        partial.data.as_mut().unwrap().remove("root-cert.pem");
        assert_eq!(missing_files(&partial), ["root-cert.pem"]);
        assert!(bundle_of(&partial).is_none());
    }

    #[test]
    fn dry_run_output_has_no_key() {
        let v = redacted(&cacerts_secret("istio-system", &bundle()));
        let text = serde_json::to_string(&v).unwrap();
        assert!(!text.contains("SECRET-KEY"));
        assert_eq!(v["stringData"]["ca-key.pem"], "<redacted>");
        assert_eq!(v["stringData"]["root-cert.pem"], "R");
        assert_eq!(v["kind"], "Secret");
    }
}
