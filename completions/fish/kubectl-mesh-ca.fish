complete -c kubectl-mesh-ca -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-ca -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-ca -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-ca -s o -l output -d 'Output format' -r -f -a "table\t''
yaml\t''
json\t''"
complete -c kubectl-mesh-ca -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-ca -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-ca -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-ca -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-ca -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-ca -s h -l help -d 'Print help'
complete -c kubectl-mesh-ca -s V -l version -d 'Print version'
