//! `kubectl mesh-secret create`: print one cluster's remote secret.

use std::io::Write;

use super::super::cli::CreateArgs;
use super::super::identity;
use super::super::manifest::{self, READER_SA};
use super::super::reader::credentials;
use super::plan::NO_TOKEN_IN_DRY_RUN;
use super::require_namespace;
use crate::error::{Context as _, Error, Result};
use crate::outcome::{Action, Outcome};
use crate::output;
use crate::session::Session;

/// Print the remote secret for one cluster; the only command that prints a token, because the user
/// asked for the Secret. The token needs the reader identity on that cluster, which this makes (as
/// `istioctl create-remote-secret` does); a dry run makes nothing and prints the Secret only if a
/// token already exists.
pub async fn create(g: &Session, ns: &str, a: &CreateArgs, out: &mut dyn Write) -> Result<()> {
    let c = &g.one().await?;
    let name = a.name.clone().unwrap_or_else(|| c.context.clone());
    crate::cli::validate_dns_label(&name, "cluster name (--name)")?;
    let server = a.server.clone().unwrap_or_else(|| c.server.clone());
    manifest::check_server(&c.context, &server, a.allow_loopback, "--server ")?;
    require_namespace(c, ns).await?;
    let Some(creds) = credentials(c, ns, &server, &a.token, None, g.dry_run()).await? else {
        return Err(Error::msg(format!(
            "{}: the reader ServiceAccount {ns}/{READER_SA} in {} has no token yet {NO_TOKEN_IN_DRY_RUN}; \
             nothing was changed",
            Action::with(Outcome::Created, g.dry_run(), "the reader identity and its token"),
            c.context
        )));
    };
    if !g.dry_run().is_dry() {
        output::note(&format!(
            "the reader identity for {name} (ServiceAccount {ns}/{READER_SA}, ClusterRole/Binding {}) is in place in {}",
            identity::reader_rbac_name(ns),
            c.context
        ));
    }
    let secret = manifest::remote_secret(ns, &name, &creds);
    let mut v = serde_json::to_value(&secret).ctx(|| "encode the Secret")?;
    v["apiVersion"] = "v1".into();
    v["kind"] = "Secret".into();
    output::write_manifests(out, g.output().for_manifests(), &[v])
}
