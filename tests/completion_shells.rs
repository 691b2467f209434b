//! The committed completion scripts, sourced in a real bash, zsh and fish: each completes a
//! subcommand, a subcommand's flag and a flag's value past the first word (clap_complete's bash
//! script once completed nothing there, clap-rs/clap#6421). `completion SHELL` prints the same scripts.
//!
//! Needs bash, zsh and fish on PATH (`apt-get install zsh fish`; `.ci/run` installs them).

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Subcommand prefix → subcommand; a subcommand and a flag prefix → flag; a line → a value.
struct Case {
    plugin: &'static str,
    sub: (&'static str, &'static str),
    flag: (&'static str, &'static str),
    value: (&'static str, &'static [&'static str]),
}

const CASES: [Case; 4] = [
    Case {
        plugin: "mesh-ca",
        sub: ("st", "status"),
        flag: ("install --rest", "--restart-istiod"),
        value: ("status -o ", &["table", "wide", "yaml", "json"]),
    },
    Case {
        plugin: "mesh-secret",
        sub: ("unl", "unlink"),
        flag: ("link --token-t", "--token-ttl"),
        value: ("list -o ", &["table", "wide", "yaml", "json"]),
    },
    Case {
        plugin: "mesh-expose",
        sub: ("skyw", "skywalking"),
        flag: ("port --prot", "--protocol"),
        value: ("port --protocol ", &["http", "tcp", "grpc"]),
    },
    Case {
        plugin: "mesh-tracing",
        sub: ("doc", "doctor"),
        flag: ("set --via", "--via-gateway"),
        value: ("show -o ", &["table", "wide", "yaml", "json"]),
    },
];

fn shell_path(shell: &str) -> PathBuf {
    let out = Command::new("sh").args(["-c", &format!("command -v {shell}")]).output().unwrap();
    assert!(out.status.success(), "{shell} is not installed: `apt-get install zsh fish` (the completion tests source the scripts in a real {shell})");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// What `shell` offers for `line` (the words typed so far, a trailing space for a new word).
fn complete(shell: &str, plugin: &str, line: &str) -> Vec<String> {
    let bin = format!("kubectl-{plugin}");
    let c = root().join("completions");
    let out = match shell {
        "bash" => Command::new(shell_path("bash"))
            .arg(root().join("tests/shells/complete.bash"))
            .arg(c.join(format!("bash/{bin}")))
            .arg(line)
            .output(),
        "zsh" => Command::new(shell_path("zsh"))
            .arg("-f")
            .arg(root().join("tests/shells/complete.zsh"))
            .arg(c.join(format!("zsh/_{bin}")))
            .arg(line)
            .env("HOME", std::env::temp_dir())
            .output(),
        "fish" => Command::new(shell_path("fish"))
            .arg("--no-config")
            .arg("-c")
            .arg(format!(
                "source {}; complete -C '{line}'",
                c.join(format!("fish/{bin}.fish")).display()
            ))
            .output(),
        _ => unreachable!(),
    }
    .unwrap_or_else(|e| panic!("run {shell}: {e}"));
    assert!(
        out.status.success(),
        "{shell} completing {line:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // fish prints "candidate<TAB>description".
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn every_shell_completes_past_the_first_word() {
    for shell in ["bash", "zsh", "fish"] {
        for case in &CASES {
            let bin = format!("kubectl-{}", case.plugin);
            let got = complete(shell, case.plugin, &format!("{bin} {}", case.sub.0));
            assert!(
                got.iter().any(|g| g == case.sub.1),
                "{shell}: `{bin} {}<TAB>` offers {got:?}, not {}",
                case.sub.0,
                case.sub.1
            );
            let got = complete(shell, case.plugin, &format!("{bin} {}", case.flag.0));
            assert!(
                got.iter().any(|g| g == case.flag.1),
                "{shell}: `{bin} {}<TAB>` offers {got:?}, not {}",
                case.flag.0,
                case.flag.1
            );
            let (line, want) = case.value;
            if want.is_empty() {
                continue;
            }
            let got = complete(shell, case.plugin, &format!("{bin} {line}"));
            let mut sorted = got.clone();
            sorted.sort();
            let mut expected: Vec<String> = want.iter().map(|w| w.to_string()).collect();
            expected.sort();
            assert_eq!(sorted, expected, "{shell}: `{bin} {line}<TAB>`");
        }
    }
}

#[test]
fn completion_subcommand_prints_the_committed_scripts() {
    for (plugin, exe) in [
        ("mesh-ca", env!("CARGO_BIN_EXE_kubectl-mesh-ca")),
        ("mesh-secret", env!("CARGO_BIN_EXE_kubectl-mesh-secret")),
        ("mesh-expose", env!("CARGO_BIN_EXE_kubectl-mesh-expose")),
        ("mesh-tracing", env!("CARGO_BIN_EXE_kubectl-mesh-tracing")),
    ] {
        let bin = format!("kubectl-{plugin}");
        let helper = kubectl_mesh::commands::completions::kubectl_complete_name(plugin);
        for (shell, file) in [
            ("bash", format!("bash/{bin}")),
            ("zsh", format!("zsh/_{bin}")),
            ("fish", format!("fish/{bin}.fish")),
            ("powershell", format!("powershell/{bin}.ps1")),
            ("kubectl", format!("kubectl/{helper}")),
        ] {
            let out = Command::new(exe)
                .args(["completion", shell])
                .env_remove("KUBECONFIG")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{bin} completion {shell}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let committed = std::fs::read(root().join("completions").join(&file)).unwrap();
            assert!(
                out.stdout == committed,
                "{bin} completion {shell} differs from completions/{file}"
            );
        }
        let out =
            Command::new(exe).args(["completion", "bash", "--context", "x"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "completion is local: --context is refused");
    }
}
