//! Every `Examples:` line of every `--help` is a command line its plugin accepts: each one is parsed
//! by the plugin's own clap definition, so an example cannot name a flag, value or subcommand that
//! does not exist. (Running each against a set-up mesh needs pods that run: several examples wait
//! for roll-outs.)

/// The example command lines of `cmd` and its subcommands: the `kubectl <plugin> …` lines of each
/// after-help, with the comment, any pipe and redirection cut off.
fn examples(cmd: &clap::Command, out: &mut Vec<String>) {
    if let Some(text) = cmd.get_after_help().or(cmd.get_after_long_help()) {
        for line in text.to_string().lines().map(str::trim).filter(|l| l.starts_with("kubectl mesh-")) {
            let line = line.split(" #").next().unwrap_or(line);
            let line = line.split(['|', '>']).next().unwrap_or(line).trim();
            out.push(line.to_string());
        }
    }
    for sub in cmd.get_subcommands() {
        examples(sub, out);
    }
}

#[test]
fn every_help_example_parses() {
    let mut total = 0;
    for (name, cmd) in kubectl_mesh::completions::plugins() {
        let mut lines = Vec::new();
        examples(&cmd, &mut lines);
        assert!(!lines.is_empty(), "{name} has no examples");
        for line in lines {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.get(1).copied() != Some(name) {
                continue; // another plugin's command, shown for context
            }
            let argv = std::iter::once(format!("kubectl-{name}")).chain(words[2..].iter().map(|w| w.to_string()));
            if let Err(e) = cmd.clone().try_get_matches_from(argv) {
                panic!("the example `{line}` in {name}'s help does not parse:\n{e}");
            }
            total += 1;
        }
    }
    assert!(total > 50, "only {total} examples found");
}
