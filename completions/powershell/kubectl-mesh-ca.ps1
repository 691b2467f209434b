
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kubectl-mesh-ca' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kubectl-mesh-ca'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kubectl-mesh-ca' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make the offline root CA (DIR/root-cert.pem, DIR/root-key.pem)')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Make an intermediate CA for each cluster (DIR/CLUSTER/*.pem), signed by the root')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Issue what is missing and install `cacerts` in the Istio namespace of each cluster')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the local files: chains, keys, CA flags, expiry')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Read `cacerts` from each cluster and show whether they all chain to one root')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate a credential: `rotate intermediate` issues new intermediates from the same root and installs them; `rotate root` moves the mesh to a new root in three phases')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the client version and commit; with --context or --all-contexts, each cluster''s Kubernetes and Istio control-plane versions')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a completion script: bash, zsh, fish or powershell for the plugin''s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-mesh-ca;init' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder of the root and the per-cluster bundles')
            [CompletionResult]::new('--key-algorithm', '--key-algorithm', [CompletionResultType]::ParameterName, 'Key algorithm of the root')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Validity of the root, in days')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organization (O=) of the root and its intermediates')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing root (every cluster must then get a new intermediate)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-ca;issue' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder of the root and the per-cluster bundles')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Validity of each intermediate, in days (never past the root''s expiry)')
            [CompletionResult]::new('--key-algorithm', '--key-algorithm', [CompletionResultType]::ParameterName, 'Key algorithm of the intermediates [default: the root''s]')
            [CompletionResult]::new('--renew-before', '--renew-before', [CompletionResultType]::ParameterName, 'Re-issue an intermediate that expires within this long')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Re-issue even valid intermediates')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-ca;install' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder of the root and the per-cluster bundles')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Validity of each intermediate, in days (never past the root''s expiry)')
            [CompletionResult]::new('--key-algorithm', '--key-algorithm', [CompletionResultType]::ParameterName, 'Key algorithm of the intermediates [default: the root''s]')
            [CompletionResult]::new('--renew-before', '--renew-before', [CompletionResultType]::ParameterName, 'Re-issue an intermediate that expires within this long')
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'Cluster name to use for a context (default: the context''s name); repeat or comma-separate')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Re-issue even valid intermediates')
            [CompletionResult]::new('--restart-istiod', '--restart-istiod', [CompletionResultType]::ParameterName, 'Restart istiod where it runs, so that it signs with the new intermediate at once (istiod otherwise reloads its mounted cacerts on its own once the kubelet has updated them)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-ca;verify' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder of the root and the per-cluster bundles')
            [CompletionResult]::new('--warn-within', '--warn-within', [CompletionResultType]::ParameterName, 'Warn about a root, intermediate or token that expires within this long (e.g. 60d, 720h)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'What makes the exit code non-zero: errors only, or warnings too')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-ca;status' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder of the root and the per-cluster bundles')
            [CompletionResult]::new('--warn-within', '--warn-within', [CompletionResultType]::ParameterName, 'Warn about a root, intermediate or token that expires within this long (e.g. 60d, 720h)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'What makes the exit code non-zero: errors only, or warnings too')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-ca;rotate' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('intermediate', 'intermediate', [CompletionResultType]::ParameterValue, 'New intermediates from the same root, installed as `cacerts` in each cluster (the old ones are kept beside them as *.bak); the root and every `istio-ca-root-cert` stay as they are')
            [CompletionResult]::new('root', 'root', [CompletionResultType]::ParameterValue, 'Move every cluster to a new root in three runs, with no moment where two clusters fail to trust each other: (1) root-cert.pem trusts the old and the new root, (2) new intermediates signed by the new root, (3) the old root dropped. Each run takes every cluster one phase on; the phase is recorded on `cacerts`, so an interrupted run resumes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-mesh-ca;rotate;intermediate' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder of the root and the per-cluster bundles')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Validity of each intermediate, in days (never past the root''s expiry)')
            [CompletionResult]::new('--key-algorithm', '--key-algorithm', [CompletionResultType]::ParameterName, 'Key algorithm of the intermediates [default: the root''s]')
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'Cluster name to use for a context (default: the context''s name); repeat or comma-separate')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--restart-istiod', '--restart-istiod', [CompletionResultType]::ParameterName, 'Restart istiod where it runs, so that it signs with the new intermediate at once (istiod otherwise reloads its mounted cacerts on its own once the kubelet has updated them)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-ca;rotate;root' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder of the root and the per-cluster bundles')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Validity of each intermediate, in days (never past the root''s expiry)')
            [CompletionResult]::new('--key-algorithm', '--key-algorithm', [CompletionResultType]::ParameterName, 'Key algorithm of the intermediates [default: the root''s]')
            [CompletionResult]::new('--phase', '--phase', [CompletionResultType]::ParameterName, 'Take every cluster to this phase (1, 2 or 3) instead of one phase on; clusters already there are left as they are, so an interrupted run resumes with the same command')
            [CompletionResult]::new('--root-days', '--root-days', [CompletionResultType]::ParameterName, 'Validity of the new root, in days (made in phase 1; its key algorithm is --key-algorithm, by default the current root''s)')
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'Cluster name to use for a context (default: the context''s name); repeat or comma-separate')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--restart-istiod', '--restart-istiod', [CompletionResultType]::ParameterName, 'Restart istiod where it runs, so that it signs with the new intermediate at once (istiod otherwise reloads its mounted cacerts on its own once the kubelet has updated them)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-ca;rotate;help' {
            [CompletionResult]::new('intermediate', 'intermediate', [CompletionResultType]::ParameterValue, 'New intermediates from the same root, installed as `cacerts` in each cluster (the old ones are kept beside them as *.bak); the root and every `istio-ca-root-cert` stay as they are')
            [CompletionResult]::new('root', 'root', [CompletionResultType]::ParameterValue, 'Move every cluster to a new root in three runs, with no moment where two clusters fail to trust each other: (1) root-cert.pem trusts the old and the new root, (2) new intermediates signed by the new root, (3) the old root dropped. Each run takes every cluster one phase on; the phase is recorded on `cacerts`, so an interrupted run resumes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-mesh-ca;rotate;help;intermediate' {
            break
        }
        'kubectl-mesh-ca;rotate;help;root' {
            break
        }
        'kubectl-mesh-ca;rotate;help;help' {
            break
        }
        'kubectl-mesh-ca;version' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-ca;completion' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-ca;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make the offline root CA (DIR/root-cert.pem, DIR/root-key.pem)')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Make an intermediate CA for each cluster (DIR/CLUSTER/*.pem), signed by the root')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Issue what is missing and install `cacerts` in the Istio namespace of each cluster')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the local files: chains, keys, CA flags, expiry')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Read `cacerts` from each cluster and show whether they all chain to one root')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate a credential: `rotate intermediate` issues new intermediates from the same root and installs them; `rotate root` moves the mesh to a new root in three phases')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the client version and commit; with --context or --all-contexts, each cluster''s Kubernetes and Istio control-plane versions')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a completion script: bash, zsh, fish or powershell for the plugin''s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-mesh-ca;help;init' {
            break
        }
        'kubectl-mesh-ca;help;issue' {
            break
        }
        'kubectl-mesh-ca;help;install' {
            break
        }
        'kubectl-mesh-ca;help;verify' {
            break
        }
        'kubectl-mesh-ca;help;status' {
            break
        }
        'kubectl-mesh-ca;help;rotate' {
            [CompletionResult]::new('intermediate', 'intermediate', [CompletionResultType]::ParameterValue, 'New intermediates from the same root, installed as `cacerts` in each cluster (the old ones are kept beside them as *.bak); the root and every `istio-ca-root-cert` stay as they are')
            [CompletionResult]::new('root', 'root', [CompletionResultType]::ParameterValue, 'Move every cluster to a new root in three runs, with no moment where two clusters fail to trust each other: (1) root-cert.pem trusts the old and the new root, (2) new intermediates signed by the new root, (3) the old root dropped. Each run takes every cluster one phase on; the phase is recorded on `cacerts`, so an interrupted run resumes')
            break
        }
        'kubectl-mesh-ca;help;rotate;intermediate' {
            break
        }
        'kubectl-mesh-ca;help;rotate;root' {
            break
        }
        'kubectl-mesh-ca;help;version' {
            break
        }
        'kubectl-mesh-ca;help;completion' {
            break
        }
        'kubectl-mesh-ca;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
