//! `kubectl mesh-expose`: see `kubectl_mesh::expose`.
fn main() -> std::process::ExitCode {
    kubectl_mesh::run::main::<kubectl_mesh::commands::MeshExpose>()
}
