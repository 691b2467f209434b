//! Pure certificate work, no files and no clusters: `make` (the root and the per-cluster
//! intermediates, with rcgen) and `check` (what a certificate says, and bundles checked the way istiod
//! checks them before it uses them). The types and file names they share are here.

mod check;
mod make;
#[cfg(test)]
mod tests;

pub use check::{
    check_bundle, check_root, fingerprint_of, fingerprints, inspect, key_matches, pem_certs,
    short_fingerprint, CertInfo, Problems,
};
pub use make::{make_intermediate, make_root, Spec};

use std::fmt;

use clap::ValueEnum;
use rcgen::{KeyPair, RsaKeySize, SignatureAlgorithm};
use serde::Serialize;

use crate::error::{Error, Result};

/// Key algorithms istiod accepts for a plugged-in CA (it rejects Ed25519).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyAlgorithm {
    /// ECDSA P-256 with SHA-256 (default: fast, small, what step-ca and linkerd default to)
    #[default]
    #[value(name = "ecdsa-p256")]
    EcdsaP256,
    /// ECDSA P-384 with SHA-384
    #[value(name = "ecdsa-p384")]
    EcdsaP384,
    /// RSA 2048 with SHA-256
    #[value(name = "rsa-2048")]
    Rsa2048,
    /// RSA 3072 with SHA-256
    #[value(name = "rsa-3072")]
    Rsa3072,
    /// RSA 4096 with SHA-256 (what Istio's Makefile.selfsigned.mk makes)
    #[value(name = "rsa-4096")]
    Rsa4096,
}

impl KeyAlgorithm {
    fn signature_algorithm(self) -> &'static SignatureAlgorithm {
        match self {
            KeyAlgorithm::EcdsaP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            KeyAlgorithm::EcdsaP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            _ => &rcgen::PKCS_RSA_SHA256,
        }
    }

    /// A fresh key pair of this algorithm.
    pub fn generate(self) -> Result<KeyPair> {
        let alg = self.signature_algorithm();
        let kp = match self {
            KeyAlgorithm::Rsa2048 => KeyPair::generate_rsa_for(alg, RsaKeySize::_2048),
            KeyAlgorithm::Rsa3072 => KeyPair::generate_rsa_for(alg, RsaKeySize::_3072),
            KeyAlgorithm::Rsa4096 => KeyPair::generate_rsa_for(alg, RsaKeySize::_4096),
            _ => KeyPair::generate_for(alg),
        };
        kp.map_err(|e| Error::msg(format!("failed to generate a {} key: {e}", self.name())))
    }

    pub fn name(self) -> &'static str {
        match self {
            KeyAlgorithm::EcdsaP256 => "ecdsa-p256",
            KeyAlgorithm::EcdsaP384 => "ecdsa-p384",
            KeyAlgorithm::Rsa2048 => "rsa-2048",
            KeyAlgorithm::Rsa3072 => "rsa-3072",
            KeyAlgorithm::Rsa4096 => "rsa-4096",
        }
    }
}

/// A certificate and its private key, both PEM. `Debug` never shows the key.
#[derive(Clone)]
pub struct CertKey {
    pub cert_pem: String,
    pub key_pem: String,
}

impl fmt::Debug for CertKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertKey")
            .field("cert_pem", &self.cert_pem)
            .field("key_pem", &"<redacted>")
            .finish()
    }
}

/// The four files istiod reads from `cacerts`, exactly as Istio's make target lays them out.
#[derive(Clone)]
pub struct Bundle {
    /// The intermediate (signing) certificate.
    pub ca_cert: String,
    /// Its private key (PKCS#8 PEM).
    pub ca_key: String,
    /// The intermediate, then the root.
    pub cert_chain: String,
    pub root_cert: String,
}

impl fmt::Debug for Bundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bundle")
            .field("ca_cert", &self.ca_cert)
            .field("ca_key", &"<redacted>")
            .finish()
    }
}

pub const CA_CERT: &str = "ca-cert.pem";
pub const CA_KEY: &str = "ca-key.pem";
pub const CERT_CHAIN: &str = "cert-chain.pem";
pub const ROOT_CERT: &str = "root-cert.pem";
pub const ROOT_KEY: &str = "root-key.pem";

/// The four keys of a `cacerts` Secret, in the order we write them.
pub const BUNDLE_FILES: [&str; 4] = [CA_CERT, CA_KEY, CERT_CHAIN, ROOT_CERT];

impl Bundle {
    pub fn files(&self) -> [(&'static str, &str); 4] {
        [
            (CA_CERT, &self.ca_cert),
            (CA_KEY, &self.ca_key),
            (CERT_CHAIN, &self.cert_chain),
            (ROOT_CERT, &self.root_cert),
        ]
    }
}
