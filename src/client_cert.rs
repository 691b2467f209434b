//! X.509 v1 client certificates: what `openssl x509 -req` makes without an extensions file, as many
//! guides do. kubectl takes them. kube's rustls set-up refuses them ("invalid private key: invalid
//! peer certificate: UnsupportedCertVersion") because rustls re-parses the certificate to check it
//! against the key, and its parser knows only v3. For such a user we give rustls the identity
//! through a resolver that never re-parses it, and build the client around that TLS set-up. Every
//! other user goes through kube's own builder.

use std::sync::Arc;

use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use kube::client::{Body, ConfigExt};
use kube::{Client, Config};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::{CertifiedKey, SingleCertAndKey};
use secrecy::ExposeSecret;
use tower::ServiceBuilder;

use crate::error::{Context as _, Error, Result};

/// The user's client certificate chain and key, when its first certificate is X.509 v1.
pub struct V1Identity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    /// Where the certificate came from, for errors.
    source: String,
}

/// `Some` when the context's user authenticates with a v1 client certificate.
pub fn v1_identity(config: &Config) -> Result<Option<V1Identity>> {
    let a = &config.auth_info;
    let (cert_pem, source) = match (&a.client_certificate_data, &a.client_certificate) {
        (Some(data), _) => {
            (decode_b64(data, "client-certificate-data")?, "client-certificate-data".to_string())
        }
        (None, Some(path)) => {
            (std::fs::read(path).ctx(|| format!("read client-certificate {path}"))?, path.clone())
        }
        (None, None) => return Ok(None),
    };
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::msg(format!("{source}: not a PEM certificate ({e}); the kubeconfig user's certificate must be PEM")))?;
    let Some(first) = chain.first() else {
        return Err(Error::msg(format!("{source}: holds no PEM certificate")));
    };
    let (_, cert) = x509_parser::parse_x509_certificate(first)
        .map_err(|e| Error::msg(format!("{source}: not an X.509 certificate ({e})")))?;
    if cert.version() != x509_parser::x509::X509Version::V1 {
        return Ok(None);
    }
    let key_pem = match (&a.client_key_data, &a.client_key) {
        (Some(data), _) => decode_b64(data.expose_secret(), "client-key-data")?,
        (None, Some(path)) => std::fs::read(path).ctx(|| format!("read client-key {path}"))?,
        (None, None) => {
            return Err(Error::msg(format!(
                "{source}: a client certificate without client-key or client-key-data"
            )))
        }
    };
    // PKCS#1 RSA, SEC1 EC or PKCS#8, as kubectl reads them.
    let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| {
        Error::msg(format!(
            "the client key of {source} is not a PEM private key (PKCS#1, SEC1 or PKCS#8): {e}"
        ))
    })?;
    Ok(Some(V1Identity { chain, key, source }))
}

fn decode_b64(data: &str, what: &str) -> Result<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| Error::msg(format!("{what} in the kubeconfig is not base64: {e}")))
}

/// A client for `config` that presents `id` (a v1 certificate) without rustls re-parsing it. The
/// rest is kube's: server verification (CA, `tls-server-name`, `insecure-skip-tls-verify`), the
/// base URL, headers, timeouts, any token or exec credential.
pub fn client(mut config: Config, id: V1Identity) -> Result<Client> {
    let V1Identity { chain, key, source } = id;
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let signing_key = provider
        .key_provider
        .load_private_key(key)
        .map_err(|e| Error::msg(format!("the client key of {source} cannot sign: {e}")))?;
    // Let kube set up verification of the server, with no identity, then add ours.
    config.auth_info.client_certificate = None;
    config.auth_info.client_certificate_data = None;
    config.auth_info.client_key = None;
    config.auth_info.client_key_data = None;
    let mut tls = config.rustls_client_config().ctx(|| "set up TLS")?;
    tls.client_auth_cert_resolver =
        Arc::new(SingleCertAndKey::from(CertifiedKey::new(chain, signing_key)));
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    let mut https = hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(tls).https_or_http();
    if let Some(name) = &config.tls_server_name {
        let name = rustls::pki_types::ServerName::try_from(name.clone()).map_err(|e| {
            Error::usage(format!("tls-server-name {name:?} is not a valid server name: {e}"))
        })?;
        https = https.with_server_name_resolver(hyper_rustls::FixedServerNameResolver::new(name));
    }
    let https = https.enable_http1().wrap_connector(http);
    let mut connector = hyper_timeout::TimeoutConnector::new(https);
    connector.set_connect_timeout(config.connect_timeout);
    connector.set_read_timeout(config.read_timeout);
    connector.set_write_timeout(config.write_timeout);
    connector.set_reset_reader_on_write(config.reset_reader_on_write);
    let http_client = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
        .build::<_, Body>(connector);
    let service = ServiceBuilder::new()
        .layer(config.base_uri_layer())
        .option_layer(config.auth_layer().ctx(|| "set up authentication")?)
        .layer(config.extra_headers_layer().ctx(|| "set up headers")?)
        .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
        .service(http_client);
    Ok(Client::new(service, config.default_namespace))
}
