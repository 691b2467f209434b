# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_mesh_secret_global_optspecs
    string join \n kubeconfig= context= all-contexts istio-namespace= o/output= dry-run= request-timeout= v/v= n/namespace= h/help V/version
end

function __fish_kubectl_mesh_secret_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_mesh_secret_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_mesh_secret_using_subcommand
    set -l cmd (__fish_kubectl_mesh_secret_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -f -a "create" -d 'Print the remote secret for one cluster (for GitOps or `| kubectl apply -f -`); it makes the reader identity and token it needs in that cluster, and applies nothing elsewhere'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -f -a "link" -d 'Give every control plane a remote secret for every other cluster it must watch'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -f -a "list" -d 'Show each cluster\'s remote secrets and whether they work right now'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -f -a "rotate" -d 'Give every remote secret between these clusters a new token: mint it, replace the secret, wait until the receiving istiod uses it, then revoke the old one (never before)'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -f -a "unlink" -d 'Remove the remote secrets `link` made between exactly these clusters; a source\'s token and RBAC go only when no remote secret elsewhere still uses them'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -f -a "version" -d 'Print the client version and commit; with --context or --all-contexts, each cluster\'s Kubernetes and Istio control-plane versions'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -f -a "completion" -d 'Print a completion script: bash, zsh, fish or powershell for the plugin\'s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l name -d 'Cluster name (the data key and secret name suffix) [default: the context\'s name]' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l server -d 'API server address for the other clusters to use [default: the kubeconfig\'s]' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l token-ttl -d 'Use a TokenRequest token valid this long (e.g. 720h) instead of a long-lived service-account token Secret; `link` renews tokens within a fifth of this of expiry' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l token-timeout -d 'How long to wait for the token controller to fill a new token Secret' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l allow-loopback -d 'Allow a loopback API server address'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l primary -d 'Cluster(s) running a control plane (primary-remote); use with --remote instead of --context' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l remote -d 'Cluster(s) without a control plane: only the primaries get their secrets' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l cluster-name -d 'Cluster name for a context (default: the context\'s name); repeat or comma-separate' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l server -d 'API server address other clusters should use for a context; repeat or comma-separate' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l token-ttl -d 'Use a TokenRequest token valid this long (e.g. 720h) instead of a long-lived service-account token Secret; `link` renews tokens within a fifth of this of expiry' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l token-timeout -d 'How long to wait for the token controller to fill a new token Secret' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l allow-loopback -d 'Allow loopback API server addresses (only useful when all clusters run on one machine)'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand link" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -l warn-within -d 'Warn about a root, intermediate or token that expires within this long (e.g. 60d, 720h)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -l fail-on -d 'What makes the exit code non-zero: errors only, or warnings too' -r -f -a "warn\t'Warnings (something expires within --warn-within) fail too'
error\t'Only errors fail'"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -l cluster-name -d 'Cluster name for a context (default: the context\'s name); repeat or comma-separate' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -l token-ttl -d 'Use a TokenRequest token valid this long (e.g. 720h) instead of a long-lived service-account token Secret; `link` renews tokens within a fifth of this of expiry' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -l token-timeout -d 'How long to wait for the token controller to fill a new token Secret' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -l wait -d 'How long to wait for each receiving istiod to use its new token; the old token is revoked only once it has' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -l primary -d 'Cluster(s) running a control plane (primary-remote); use with --remote instead of --context' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -l remote -d 'Cluster(s) without a control plane: only the primaries get their secrets' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -l cluster-name -d 'Cluster name for a context (default: the context\'s name); repeat or comma-separate' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand unlink" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand version" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand version" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand version" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand version" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand version" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand version" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand version" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand version" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand completion" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand completion" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand completion" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand completion" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand completion" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand completion" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand completion" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand completion" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand help; and not __fish_seen_subcommand_from create link list rotate unlink version completion help" -f -a "create" -d 'Print the remote secret for one cluster (for GitOps or `| kubectl apply -f -`); it makes the reader identity and token it needs in that cluster, and applies nothing elsewhere'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand help; and not __fish_seen_subcommand_from create link list rotate unlink version completion help" -f -a "link" -d 'Give every control plane a remote secret for every other cluster it must watch'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand help; and not __fish_seen_subcommand_from create link list rotate unlink version completion help" -f -a "list" -d 'Show each cluster\'s remote secrets and whether they work right now'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand help; and not __fish_seen_subcommand_from create link list rotate unlink version completion help" -f -a "rotate" -d 'Give every remote secret between these clusters a new token: mint it, replace the secret, wait until the receiving istiod uses it, then revoke the old one (never before)'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand help; and not __fish_seen_subcommand_from create link list rotate unlink version completion help" -f -a "unlink" -d 'Remove the remote secrets `link` made between exactly these clusters; a source\'s token and RBAC go only when no remote secret elsewhere still uses them'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand help; and not __fish_seen_subcommand_from create link list rotate unlink version completion help" -f -a "version" -d 'Print the client version and commit; with --context or --all-contexts, each cluster\'s Kubernetes and Istio control-plane versions'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand help; and not __fish_seen_subcommand_from create link list rotate unlink version completion help" -f -a "completion" -d 'Print a completion script: bash, zsh, fish or powershell for the plugin\'s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`'
complete -c kubectl-mesh-secret -n "__fish_kubectl_mesh_secret_using_subcommand help; and not __fish_seen_subcommand_from create link list rotate unlink version completion help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
