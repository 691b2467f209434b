//! Unit tests of making and checking certificates.
use super::*;
use time::{Duration, OffsetDateTime};

fn spec(alg: KeyAlgorithm) -> Spec {
    Spec { org: "Istio".into(), days: 3650, algorithm: alg }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

#[test]
fn root_and_intermediate_have_istio_shape() {
    let root = make_root(&spec(KeyAlgorithm::EcdsaP256), now()).unwrap();
    let (info, problems) = check_root(&root.cert_pem, Some(&root.key_pem), now()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(info.subject, "O=Istio, CN=Root CA");
    assert!(info.is_ca && info.key_cert_sign && info.path_len.is_none());
    assert_eq!(info.algorithm, "ecdsa-p256");
    assert_eq!(info.days_left(now()), 3649);

    let b =
        make_intermediate(&root, "cluster1", "istio-system", &spec(KeyAlgorithm::EcdsaP256), now())
            .unwrap();
    let (info, problems) = check_bundle(&b, Some(&root.cert_pem), now()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(info.subject, "O=Istio, CN=Intermediate CA, L=cluster1");
    assert_eq!(info.issuer, "O=Istio, CN=Root CA");
    assert_eq!(info.path_len, Some(0));
    assert_eq!(info.locality.as_deref(), Some("cluster1"));
    assert_eq!(info.dns_names, ["istiod.istio-system.svc"]);
    assert_eq!(b.cert_chain, format!("{}{}", b.ca_cert, b.root_cert));
    assert!(b.ca_key.starts_with("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
    // Never valid past the root.
    assert!(info.not_after_time <= inspect(&root.cert_pem).unwrap().not_after_time);
}

#[test]
fn rsa_and_p384_work_too() {
    for alg in [KeyAlgorithm::Rsa2048, KeyAlgorithm::EcdsaP384] {
        let root = make_root(&spec(alg), now()).unwrap();
        let b = make_intermediate(&root, "c", "mesh", &spec(alg), now()).unwrap();
        let (info, problems) = check_bundle(&b, Some(&root.cert_pem), now()).unwrap();
        assert!(problems.is_empty(), "{alg:?}: {problems:?}");
        assert_eq!(
            info.algorithm,
            if alg == KeyAlgorithm::Rsa2048 { "rsa-2048" } else { "ecdsa-p384" }
        );
    }
}

#[test]
fn a_bundle_from_another_root_or_with_the_wrong_key_is_caught() {
    let s = spec(KeyAlgorithm::EcdsaP256);
    let root1 = make_root(&s, now()).unwrap();
    let root2 = make_root(&s, now()).unwrap();
    let b1 = make_intermediate(&root1, "c1", "istio-system", &s, now()).unwrap();
    let b2 = make_intermediate(&root2, "c2", "istio-system", &s, now()).unwrap();
    let (_, p) = check_bundle(&b1, Some(&root2.cert_pem), now()).unwrap();
    assert!(p.iter().any(|x| x.contains("not this mesh's root")), "{p:?}");
    // The right files, but root-cert.pem swapped for another root.
    let mut swapped = b1.clone();
    swapped.root_cert = root2.cert_pem.clone();
    swapped.cert_chain = format!("{}{}", b1.ca_cert, root2.cert_pem);
    let (_, p) = check_bundle(&swapped, None, now()).unwrap();
    assert!(p.iter().any(|x| x.contains("not signed by certificate 2")), "{p:?}");
    // Key of another bundle.
    let mut wrong_key = b1.clone();
    wrong_key.ca_key = b2.ca_key.clone();
    let (_, p) = check_bundle(&wrong_key, None, now()).unwrap();
    assert_eq!(p, [format!("{CA_KEY} does not match {CA_CERT}")]);
    let (_, p) = check_root(&root1.cert_pem, Some(&root2.key_pem), now()).unwrap();
    assert_eq!(p, [format!("{ROOT_KEY} does not match {ROOT_CERT}")]);
}

#[test]
fn expiry_and_bad_input() {
    let s = Spec { days: 1, ..spec(KeyAlgorithm::EcdsaP256) };
    let root = make_root(&s, now()).unwrap();
    let (_, p) = check_root(&root.cert_pem, None, now() + Duration::days(2)).unwrap();
    assert!(p.iter().any(|x| x.contains("expired")), "{p:?}");
    assert!(make_root(&Spec { days: 0, ..s.clone() }, now()).is_err());
    let truncated = &root.cert_pem[..root.cert_pem.len() / 2];
    assert!(inspect(truncated).is_err());
    assert!(inspect("").is_err());
    let e = key_matches(
        &root.cert_pem,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap_err();
    assert!(!e.to_string().contains("AAAA"));
}

#[test]
fn debug_never_shows_keys() {
    let root = make_root(&spec(KeyAlgorithm::EcdsaP256), now()).unwrap();
    let d = format!("{root:?}");
    assert!(!d.contains("PRIVATE KEY") && d.contains("<redacted>"));
}
