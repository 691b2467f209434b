//! Completion for `kubectl mesh-… <TAB>` through kubectl itself (1.26+).
//!
//! kubectl runs `kubectl_complete-mesh_ca WORDS…` (our generated script, which calls
//! `kubectl-mesh-ca __complete WORDS…`) and reads Cobra's protocol: one candidate per line, then
//! `:<directive>`. The last word is the one being completed (possibly empty).

use std::io::Write;

use clap::{Arg, ArgAction, Command};

use crate::error::{Context as _, Result};

pub const COMPLETE_ARG: &str = "__complete";

/// Cobra's ShellCompDirectiveNoFileComp.
const NO_FILE_COMP: u8 = 4;
/// Cobra's ShellCompDirectiveDefault (let the shell complete file names).
const DEFAULT_COMP: u8 = 0;

pub fn run(cmd: &Command, words: &[String], out: &mut dyn Write) -> Result<()> {
    let (candidates, directive) = candidates(cmd, words, contexts_from_kubeconfig);
    for c in candidates {
        writeln!(out, "{c}").ctx(|| "write completions")?;
    }
    writeln!(out, ":{directive}").ctx(|| "write completions")
}

/// The contexts of the kubeconfig the words name (`--kubeconfig`), else of `KUBECONFIG`'s merged
/// files or `~/.kube/config`: the loader every command uses.
fn contexts_from_kubeconfig(words: &[String]) -> Vec<String> {
    let path = words
        .iter()
        .position(|w| w == "--kubeconfig")
        .and_then(|i| words.get(i + 1))
        .cloned()
        .or_else(|| words.iter().find_map(|w| w.strip_prefix("--kubeconfig=").map(str::to_string)));
    let args = crate::cli::GlobalArgs { kubeconfig: path.map(Into::into), ..Default::default() };
    crate::cluster::load_kubeconfig(&args)
        .map(|k| k.contexts.into_iter().map(|c| c.name).collect())
        .unwrap_or_default()
}

fn takes_value(a: &Arg) -> bool {
    matches!(a.get_action(), ArgAction::Set | ArgAction::Append)
}

fn find_flag<'a>(cmd: &'a Command, word: &str) -> Option<&'a Arg> {
    if let Some(long) = word.strip_prefix("--") {
        cmd.get_arguments().find(|a| a.get_long() == Some(long))
    } else if let Some(short) = word.strip_prefix('-').filter(|s| s.chars().count() == 1) {
        let c = short.chars().next()?;
        cmd.get_arguments().find(|a| a.get_short() == Some(c))
    } else {
        None
    }
}

fn values_for(
    arg: &Arg,
    words: &[String],
    contexts: &dyn Fn(&[String]) -> Vec<String>,
) -> (Vec<String>, u8) {
    if arg.get_id() == "contexts" {
        return (contexts(words), NO_FILE_COMP);
    }
    let pv: Vec<String> =
        arg.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
    if pv.is_empty() {
        (vec![], DEFAULT_COMP)
    } else {
        (pv, NO_FILE_COMP)
    }
}

/// Candidates for a flag's value being typed. A list flag (`--context a,b`) completes the item
/// after the last comma, offering only what the list does not hold yet.
fn complete_value(
    arg: &Arg,
    typed: &str,
    words: &[String],
    contexts: &dyn Fn(&[String]) -> Vec<String>,
) -> (Vec<String>, u8) {
    let (vals, d) = values_for(arg, words, contexts);
    let (done, item) =
        match typed.rsplit_once(',').filter(|_| arg.get_value_delimiter() == Some(',')) {
            Some((done, item)) => (Some(done), item),
            None => (None, typed),
        };
    let have: Vec<&str> = done.map(|d| d.split(',').collect()).unwrap_or_default();
    let vals = vals
        .into_iter()
        .filter(|v| v.starts_with(item) && !have.contains(&v.as_str()))
        .map(|v| match done {
            Some(done) => format!("{done},{v}"),
            None => v,
        })
        .collect();
    (vals, d)
}

/// Candidates for the last word of `words` (completed with `cmd`), and Cobra's directive.
pub fn candidates(
    root: &Command,
    words: &[String],
    contexts: impl Fn(&[String]) -> Vec<String>,
) -> (Vec<String>, u8) {
    let mut root = root.clone();
    root.build();
    let (partial, done) = match words.split_last() {
        Some((last, rest)) => (last.as_str(), rest),
        None => ("", &[][..]),
    };
    // Walk the finished words: descend into subcommands, skip flags and their values.
    let mut cmd = &root;
    let mut i = 0;
    while i < done.len() {
        let w = &done[i];
        if w.starts_with('-') {
            if !w.contains('=') && find_flag(cmd, w).is_some_and(takes_value) {
                i += 1;
            }
        } else if let Some(sub) = cmd.find_subcommand(w) {
            cmd = sub;
        }
        i += 1;
    }
    // A flag's value: `--context <TAB>` or `--context=<TAB>`.
    if let Some(prev) = done.last().filter(|w| w.starts_with('-') && !w.contains('=')) {
        if let Some(arg) = find_flag(cmd, prev).filter(|a| takes_value(a)) {
            return complete_value(arg, partial, words, &contexts);
        }
    }
    if let Some((flag, value)) = partial.split_once('=').filter(|(f, _)| f.starts_with("--")) {
        if let Some(arg) = find_flag(cmd, flag) {
            let (vals, d) = complete_value(arg, value, words, &contexts);
            return (vals.into_iter().map(|v| format!("{flag}={v}")).collect(), d);
        }
    }
    if partial.starts_with('-') {
        let flags = cmd
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| {
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                a.get_long().map(|l| (format!("--{l}"), help))
            })
            .filter(|(f, _)| f.starts_with(partial))
            .map(|(f, h)| if h.is_empty() { f } else { format!("{f}\t{}", first_line(&h)) })
            .collect();
        return (flags, NO_FILE_COMP);
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .filter(|s| s.get_name().starts_with(partial))
        .map(|s| match s.get_about() {
            Some(a) => format!("{}\t{}", s.get_name(), first_line(&a.to_string())),
            None => s.get_name().to_string(),
        })
        .collect();
    let positional = cmd.get_positionals().next().is_some();
    (subs, if positional { DEFAULT_COMP } else { NO_FILE_COMP })
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Parser, Subcommand};

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        g: crate::cli::GlobalArgs,
        #[command(subcommand)]
        cmd: Sub,
    }
    #[derive(Subcommand)]
    enum Sub {
        /// Make a root
        Init {
            #[arg(long)]
            days: Option<u32>,
        },
        /// Install it
        Install,
    }

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    fn ctx(_: &[String]) -> Vec<String> {
        vec!["cluster1".into(), "cluster2".into(), "other".into()]
    }

    #[test]
    fn subcommands_flags_and_values() {
        use clap::CommandFactory;
        let c = Cli::command();
        let (s, d) = candidates(&c, &words(&["in"]), ctx);
        assert_eq!(s, ["init\tMake a root", "install\tInstall it"]);
        assert_eq!(d, NO_FILE_COMP);
        let (s, _) = candidates(&c, &words(&["init", "--da"]), ctx);
        assert_eq!(s, ["--days"]);
        let (s, _) = candidates(&c, &words(&["install", "--context", "clu"]), ctx);
        assert_eq!(s, ["cluster1", "cluster2"]);
        let (s, _) = candidates(&c, &words(&["install", "--context=o"]), ctx);
        assert_eq!(s, ["--context=other"]);
        let (s, _) = candidates(&c, &words(&["-o", ""]), ctx);
        assert_eq!(s, ["table", "wide", "yaml", "json"]);
        let (s, _) = candidates(&c, &words(&["--context", "cluster1", "i"]), ctx);
        assert_eq!(s.len(), 2);
        // A list completes its next item, without the ones it holds.
        let (s, d) = candidates(&c, &words(&["install", "--context", "cluster1,"]), ctx);
        assert_eq!(
            (s, d),
            (vec!["cluster1,cluster2".to_string(), "cluster1,other".to_string()], NO_FILE_COMP)
        );
        let (s, _) = candidates(&c, &words(&["install", "--context=cluster2,cl"]), ctx);
        assert_eq!(s, ["--context=cluster2,cluster1"]);
    }
}
