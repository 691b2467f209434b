//! `kubectl mesh-secret`: see `kubectl_mesh::secret`.
fn main() -> std::process::ExitCode {
    kubectl_mesh::run::main::<kubectl_mesh::commands::MeshSecret>()
}
