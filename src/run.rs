//! The one way out of every plugin: parse, run, print the error once, map it to an exit code.

use std::ffi::OsString;
use std::future::Future;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::cli::{GlobalArgs, IstioNamespaceAlias};
use crate::error::{Error, Result};
use crate::session::Session;

/// A plugin binary: its clap definition and what it does.
pub trait Plugin: Parser + Sized {
    /// The plugin's name as kubectl shows it (`mesh-ca`).
    const NAME: &'static str;

    fn global(&self) -> &GlobalArgs;

    /// `-n`, where this plugin's objects all live in the Istio namespace.
    fn istio_namespace_alias(&self) -> Option<&IstioNamespaceAlias> {
        None
    }

    /// Run the command with the session built once from the global flags.
    fn run(self, s: &Session, out: &mut dyn Write) -> impl Future<Output = Result<()>>;

    /// The clap command as the user sees it through kubectl (`kubectl mesh-ca …`).
    fn kubectl_command() -> clap::Command {
        Self::command()
            .name(format!("kubectl-{}", Self::NAME))
            .bin_name(format!("kubectl {}", Self::NAME))
    }

    /// The clap command with the executable's own name, for shell completion scripts.
    fn binary_command() -> clap::Command {
        Self::command()
            .name(format!("kubectl-{}", Self::NAME))
            .bin_name(format!("kubectl-{}", Self::NAME))
    }
}

/// `main` of every plugin binary.
pub fn main<P: Plugin>() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == crate::complete::COMPLETE_ARG) {
        let words: Vec<String> =
            args[2..].iter().map(|a| a.to_string_lossy().into_owned()).collect();
        return finish(crate::complete::run(
            &P::kubectl_command(),
            &words,
            &mut io::stdout().lock(),
        ));
    }
    if let Err(e) = crate::cli::refuse_overrides(&args) {
        return finish(Err(e));
    }
    let matches = match P::kubectl_command().try_get_matches_from(same_help(args)) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let plugin = match P::from_arg_matches(&matches) {
        Ok(p) => p,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    init_logging(plugin.global().verbosity);
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            return finish(Err(Error::msg(format!("failed to start the async runtime: {e}"))))
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let session = match Session::new(plugin.global().clone(), plugin.istio_namespace_alias()) {
        Ok(s) => s,
        Err(e) => return finish(Err(e)),
    };
    // What was printed goes out before the error line, success or not.
    let result = rt.block_on(plugin.run(&session, &mut out));
    let flushed =
        out.flush().map_err(|e| Error::Failed { action: "write output".into(), source: e.into() });
    finish(result.and(flushed))
}

/// `-h` shows what `--help` shows (clap's `-h` would drop every paragraph after a flag's first).
fn same_help(args: Vec<OsString>) -> Vec<OsString> {
    let end = args.iter().position(|a| a == "--").unwrap_or(args.len());
    args.into_iter()
        .enumerate()
        .map(|(i, a)| if i < end && a == "-h" { OsString::from("--help") } else { a })
        .collect()
}

/// Map a result to an exit code, printing the error (once, one line) on stderr.
/// A closed pipe (`| head`) is not an error.
pub fn finish(result: Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn is_broken_pipe(e: &Error) -> bool {
    match e {
        Error::Failed { source, .. } => source
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe),
        _ => false,
    }
}

/// `-v N`, kubectl-style: 1..=5 our debug logs, 6..=7 also the client's requests, 8+ everything.
fn init_logging(level: u8) {
    if level == 0 {
        return;
    }
    let filter = match level {
        1..=5 => "kubectl_mesh=debug",
        6..=7 => "kubectl_mesh=debug,kube=debug",
        _ => "trace",
    };
    // From 6 on, as kubectl's -v 6: each request's span closes with its latency (time.busy + time.idle).
    let spans = if level >= 6 { FmtSpan::CLOSE } else { FmtSpan::NONE };
    let _ = tracing_subscriber::fmt()
        .with_span_events(spans)
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(io::stderr)
        .with_ansi(io::IsTerminal::is_terminal(&io::stderr()))
        .with_target(false)
        .try_init();
}
