//! `make completions`: write the generated completion scripts into the given folder
//! (default `completions/`).
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "completions".into()));
    for f in kubectl_mesh::commands::completions::generate_all() {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("has a parent"))?;
        std::fs::write(&path, &f.contents)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = if f.executable { 0o755 } else { 0o644 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))?;
        }
        println!("{}", path.display());
    }
    Ok(())
}
