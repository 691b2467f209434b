//! `version` and `completion`, which every plugin has: the running side of `crate::meta::Meta`.

use std::io::Write;

use super::completions;
use crate::error::{Context as _, Result};
use crate::meta::{self, Meta};
use crate::run::Plugin;
use crate::session::Session;

pub async fn run<P: Plugin>(m: &Meta, s: &Session, out: &mut dyn Write) -> Result<()> {
    match m {
        Meta::Version => meta::version(s, out).await,
        Meta::Completion(a) => {
            s.local_only("completion")?;
            let script = completions::script(P::NAME, P::binary_command(), a.shell);
            out.write_all(&script).ctx(|| "write the completion script")
        }
    }
}
