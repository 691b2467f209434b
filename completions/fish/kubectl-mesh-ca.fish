# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_mesh_ca_global_optspecs
    string join \n kubeconfig= context= all-contexts istio-namespace= o/output= dry-run= request-timeout= v/v= n/namespace= h/help V/version
end

function __fish_kubectl_mesh_ca_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_mesh_ca_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_mesh_ca_using_subcommand
    set -l cmd (__fish_kubectl_mesh_ca_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -f -a "init" -d 'Make the offline root CA (DIR/root-cert.pem, DIR/root-key.pem)'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -f -a "issue" -d 'Make an intermediate CA for each cluster (DIR/CLUSTER/*.pem), signed by the root'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -f -a "install" -d 'Issue what is missing and install `cacerts` in the Istio namespace of each cluster'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -f -a "verify" -d 'Check the local files: chains, keys, CA flags, expiry'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -f -a "status" -d 'Read `cacerts` from each cluster and show whether they all chain to one root'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -f -a "rotate" -d 'Rotate a credential: `rotate intermediate` issues new intermediates from the same root and installs them; `rotate root` moves the mesh to a new root in three phases'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -f -a "version" -d 'Print the client version and commit; with --context or --all-contexts, each cluster\'s Kubernetes and Istio control-plane versions'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -f -a "completion" -d 'Print a completion script: bash, zsh, fish or powershell for the plugin\'s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l dir -d 'Folder of the root and the per-cluster bundles' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l key-algorithm -d 'Key algorithm of the root' -r -f -a "ecdsa-p256\t'ECDSA P-256 with SHA-256 (default: fast, small, what step-ca and linkerd default to)'
ecdsa-p384\t'ECDSA P-384 with SHA-384'
rsa-2048\t'RSA 2048 with SHA-256'
rsa-3072\t'RSA 3072 with SHA-256'
rsa-4096\t'RSA 4096 with SHA-256 (what Istio\'s Makefile.selfsigned.mk makes)'"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l days -d 'Validity of the root, in days' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l org -d 'Organization (O=) of the root and its intermediates' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l force -d 'Replace an existing root (every cluster must then get a new intermediate)'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l dir -d 'Folder of the root and the per-cluster bundles' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l days -d 'Validity of each intermediate, in days (never past the root\'s expiry)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l key-algorithm -d 'Key algorithm of the intermediates [default: the root\'s]' -r -f -a "ecdsa-p256\t'ECDSA P-256 with SHA-256 (default: fast, small, what step-ca and linkerd default to)'
ecdsa-p384\t'ECDSA P-384 with SHA-384'
rsa-2048\t'RSA 2048 with SHA-256'
rsa-3072\t'RSA 3072 with SHA-256'
rsa-4096\t'RSA 4096 with SHA-256 (what Istio\'s Makefile.selfsigned.mk makes)'"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l renew-before -d 'Re-issue an intermediate that expires within this long' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l force -d 'Re-issue even valid intermediates'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand issue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l dir -d 'Folder of the root and the per-cluster bundles' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l days -d 'Validity of each intermediate, in days (never past the root\'s expiry)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l key-algorithm -d 'Key algorithm of the intermediates [default: the root\'s]' -r -f -a "ecdsa-p256\t'ECDSA P-256 with SHA-256 (default: fast, small, what step-ca and linkerd default to)'
ecdsa-p384\t'ECDSA P-384 with SHA-384'
rsa-2048\t'RSA 2048 with SHA-256'
rsa-3072\t'RSA 3072 with SHA-256'
rsa-4096\t'RSA 4096 with SHA-256 (what Istio\'s Makefile.selfsigned.mk makes)'"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l renew-before -d 'Re-issue an intermediate that expires within this long' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l cluster-name -d 'Cluster name to use for a context (default: the context\'s name); repeat or comma-separate' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l force -d 'Re-issue even valid intermediates'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l restart-istiod -d 'Restart istiod where it runs, so that it signs with the new intermediate at once (istiod otherwise reloads its mounted cacerts on its own once the kubelet has updated them)'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -l dir -d 'Folder of the root and the per-cluster bundles' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -l warn-within -d 'Warn about a root, intermediate or token that expires within this long (e.g. 60d, 720h)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -l fail-on -d 'What makes the exit code non-zero: errors only, or warnings too' -r -f -a "warn\t'Warnings (something expires within --warn-within) fail too'
error\t'Only errors fail'"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -l dir -d 'Folder of the root and the per-cluster bundles' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -l warn-within -d 'Warn about a root, intermediate or token that expires within this long (e.g. 60d, 720h)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -l fail-on -d 'What makes the exit code non-zero: errors only, or warnings too' -r -f -a "warn\t'Warnings (something expires within --warn-within) fail too'
error\t'Only errors fail'"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -f -a "intermediate" -d 'New intermediates from the same root, installed as `cacerts` in each cluster (the old ones are kept beside them as *.bak); the root and every `istio-ca-root-cert` stay as they are'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -f -a "root" -d 'Move every cluster to a new root in three runs, with no moment where two clusters fail to trust each other: (1) root-cert.pem trusts the old and the new root, (2) new intermediates signed by the new root, (3) the old root dropped. Each run takes every cluster one phase on; the phase is recorded on `cacerts`, so an interrupted run resumes'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and not __fish_seen_subcommand_from intermediate root help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l dir -d 'Folder of the root and the per-cluster bundles' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l days -d 'Validity of each intermediate, in days (never past the root\'s expiry)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l key-algorithm -d 'Key algorithm of the intermediates [default: the root\'s]' -r -f -a "ecdsa-p256\t'ECDSA P-256 with SHA-256 (default: fast, small, what step-ca and linkerd default to)'
ecdsa-p384\t'ECDSA P-384 with SHA-384'
rsa-2048\t'RSA 2048 with SHA-256'
rsa-3072\t'RSA 3072 with SHA-256'
rsa-4096\t'RSA 4096 with SHA-256 (what Istio\'s Makefile.selfsigned.mk makes)'"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l cluster-name -d 'Cluster name to use for a context (default: the context\'s name); repeat or comma-separate' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l restart-istiod -d 'Restart istiod where it runs, so that it signs with the new intermediate at once (istiod otherwise reloads its mounted cacerts on its own once the kubelet has updated them)'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from intermediate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l dir -d 'Folder of the root and the per-cluster bundles' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l days -d 'Validity of each intermediate, in days (never past the root\'s expiry)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l key-algorithm -d 'Key algorithm of the intermediates [default: the root\'s]' -r -f -a "ecdsa-p256\t'ECDSA P-256 with SHA-256 (default: fast, small, what step-ca and linkerd default to)'
ecdsa-p384\t'ECDSA P-384 with SHA-384'
rsa-2048\t'RSA 2048 with SHA-256'
rsa-3072\t'RSA 3072 with SHA-256'
rsa-4096\t'RSA 4096 with SHA-256 (what Istio\'s Makefile.selfsigned.mk makes)'"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l phase -d 'Take every cluster to this phase (1, 2 or 3) instead of one phase on; clusters already there are left as they are, so an interrupted run resumes with the same command' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l root-days -d 'Validity of the new root, in days (made in phase 1; its key algorithm is --key-algorithm, by default the current root\'s)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l cluster-name -d 'Cluster name to use for a context (default: the context\'s name); repeat or comma-separate' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l restart-istiod -d 'Restart istiod where it runs, so that it signs with the new intermediate at once (istiod otherwise reloads its mounted cacerts on its own once the kubelet has updated them)'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from root" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "intermediate" -d 'New intermediates from the same root, installed as `cacerts` in each cluster (the old ones are kept beside them as *.bak); the root and every `istio-ca-root-cert` stay as they are'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "root" -d 'Move every cluster to a new root in three runs, with no moment where two clusters fail to trust each other: (1) root-cert.pem trusts the old and the new root, (2) new intermediates signed by the new root, (3) the old root dropped. Each run takes every cluster one phase on; the phase is recorded on `cacerts`, so an interrupted run resumes'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand version" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand version" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand version" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand version" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand version" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand version" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand version" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand version" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand completion" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand completion" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand completion" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand completion" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand completion" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand completion" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand completion" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand completion" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and not __fish_seen_subcommand_from init issue install verify status rotate version completion help" -f -a "init" -d 'Make the offline root CA (DIR/root-cert.pem, DIR/root-key.pem)'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and not __fish_seen_subcommand_from init issue install verify status rotate version completion help" -f -a "issue" -d 'Make an intermediate CA for each cluster (DIR/CLUSTER/*.pem), signed by the root'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and not __fish_seen_subcommand_from init issue install verify status rotate version completion help" -f -a "install" -d 'Issue what is missing and install `cacerts` in the Istio namespace of each cluster'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and not __fish_seen_subcommand_from init issue install verify status rotate version completion help" -f -a "verify" -d 'Check the local files: chains, keys, CA flags, expiry'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and not __fish_seen_subcommand_from init issue install verify status rotate version completion help" -f -a "status" -d 'Read `cacerts` from each cluster and show whether they all chain to one root'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and not __fish_seen_subcommand_from init issue install verify status rotate version completion help" -f -a "rotate" -d 'Rotate a credential: `rotate intermediate` issues new intermediates from the same root and installs them; `rotate root` moves the mesh to a new root in three phases'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and not __fish_seen_subcommand_from init issue install verify status rotate version completion help" -f -a "version" -d 'Print the client version and commit; with --context or --all-contexts, each cluster\'s Kubernetes and Istio control-plane versions'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and not __fish_seen_subcommand_from init issue install verify status rotate version completion help" -f -a "completion" -d 'Print a completion script: bash, zsh, fish or powershell for the plugin\'s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and not __fish_seen_subcommand_from init issue install verify status rotate version completion help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and __fish_seen_subcommand_from rotate" -f -a "intermediate" -d 'New intermediates from the same root, installed as `cacerts` in each cluster (the old ones are kept beside them as *.bak); the root and every `istio-ca-root-cert` stay as they are'
complete -c kubectl-mesh-ca -n "__fish_kubectl_mesh_ca_using_subcommand help; and __fish_seen_subcommand_from rotate" -f -a "root" -d 'Move every cluster to a new root in three runs, with no moment where two clusters fail to trust each other: (1) root-cert.pem trusts the old and the new root, (2) new intermediates signed by the new root, (3) the old root dropped. Each run takes every cluster one phase on; the phase is recorded on `cacerts`, so an interrupted run resumes'
