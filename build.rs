//! The commit the binaries were built from, for `version`: `KUBECTL_MESH_COMMIT` if set (release
//! builds from a tarball), else `git rev-parse`, else "unknown".
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=KUBECTL_MESH_COMMIT");
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
    let commit =
        std::env::var("KUBECTL_MESH_COMMIT").ok().filter(|c| !c.is_empty()).or_else(|| {
            let out =
                Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output().ok()?;
            out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        });
    println!("cargo:rustc-env=KUBECTL_MESH_COMMIT={}", commit.unwrap_or_else(|| "unknown".into()));
}
