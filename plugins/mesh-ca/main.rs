//! `kubectl mesh-ca`: see `kubectl_mesh::ca`.
fn main() -> std::process::ExitCode {
    kubectl_mesh::run::main::<kubectl_mesh::commands::MeshCa>()
}
