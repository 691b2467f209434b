# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_mesh_expose_global_optspecs
    string join \n kubeconfig= context= all-contexts istio-namespace= o/output= dry-run= request-timeout= v/v= n/namespace= h/help V/version
end

function __fish_kubectl_mesh_expose_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_mesh_expose_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_mesh_expose_using_subcommand
    set -l cmd (__fish_kubectl_mesh_expose_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "zipkin" -d 'Zipkin (9411) on gateway port 15018 (http-zipkin): Gateway zipkin-gateway, VirtualService zipkin-vs'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "jaeger" -d 'The Jaeger collector\'s zipkin port (9411) on gateway port 15018'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "otel" -d 'An OpenTelemetry collector: OTLP gRPC 4317 and OTLP HTTP 4318, on the same gateway ports'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "skywalking" -d 'SkyWalking OAP (11800, TCP) on gateway port 11800'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "port" -d 'Any service: `port NAME --port N --to HOST:PORT [--protocol http|tcp|grpc]`'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "istiod" -d 'istiod for remote clusters (Istio\'s expose-istiod: TLS passthrough on 15012 and 15017)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "services" -d 'Cross-network traffic (Istio\'s expose-services: AUTO_PASSTHROUGH on 15443 for *.local)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "status" -d 'Per cluster: the gateway, its address, each exposed port and its route target'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "version" -d 'Print the client version and commit; with --context or --all-contexts, each cluster\'s Kubernetes and Istio control-plane versions'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "completion" -d 'Print a completion script: bash, zsh, fish or powershell for the plugin\'s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l gateway -d 'The east-west gateway Service in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l external-ip -d 'Pin the gateway\'s address: add this IP to the Service\'s externalIPs (existing ones are kept)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l port -d 'Gateway port [default: the collector\'s convention]' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l to -d 'Route to HOST:PORT instead of the collector Service found in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l delete -d 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l print-config -d 'Print the IstioOperator / helm values that keep the gateway\'s ports across upgrades, and change nothing'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand zipkin" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l gateway -d 'The east-west gateway Service in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l external-ip -d 'Pin the gateway\'s address: add this IP to the Service\'s externalIPs (existing ones are kept)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l port -d 'Gateway port [default: the collector\'s convention]' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l to -d 'Route to HOST:PORT instead of the collector Service found in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l delete -d 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l print-config -d 'Print the IstioOperator / helm values that keep the gateway\'s ports across upgrades, and change nothing'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand jaeger" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l gateway -d 'The east-west gateway Service in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l external-ip -d 'Pin the gateway\'s address: add this IP to the Service\'s externalIPs (existing ones are kept)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l port -d 'Gateway port [default: the collector\'s convention]' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l to -d 'Route to HOST:PORT instead of the collector Service found in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l delete -d 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l print-config -d 'Print the IstioOperator / helm values that keep the gateway\'s ports across upgrades, and change nothing'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand otel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l gateway -d 'The east-west gateway Service in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l external-ip -d 'Pin the gateway\'s address: add this IP to the Service\'s externalIPs (existing ones are kept)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l port -d 'Gateway port [default: the collector\'s convention]' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l to -d 'Route to HOST:PORT instead of the collector Service found in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l delete -d 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l print-config -d 'Print the IstioOperator / helm values that keep the gateway\'s ports across upgrades, and change nothing'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand skywalking" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l gateway -d 'The east-west gateway Service in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l external-ip -d 'Pin the gateway\'s address: add this IP to the Service\'s externalIPs (existing ones are kept)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l port -d 'Gateway port' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l to -d 'Where the traffic goes' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l protocol -d 'Protocol of the traffic: names the port (<protocol>-NAME) and picks the VirtualService route' -r -f -a "http\t''
tcp\t''
grpc\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l delete -d 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l print-config -d 'Print the IstioOperator / helm values that keep the gateway\'s ports across upgrades, and change nothing'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand port" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -l gateway -d 'The east-west gateway Service in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -l external-ip -d 'Pin the gateway\'s address: add this IP to the Service\'s externalIPs (existing ones are kept)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -l delete -d 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -l print-config -d 'Print the IstioOperator / helm values that keep the gateway\'s ports across upgrades, and change nothing'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand istiod" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -l gateway -d 'The east-west gateway Service in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -l external-ip -d 'Pin the gateway\'s address: add this IP to the Service\'s externalIPs (existing ones are kept)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -l delete -d 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -l print-config -d 'Print the IstioOperator / helm values that keep the gateway\'s ports across upgrades, and change nothing'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand services" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -l gateway -d 'The east-west gateway Service in the Istio namespace' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand version" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand version" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand version" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand version" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand version" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand version" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand version" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand version" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand completion" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand completion" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand completion" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand completion" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand completion" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand completion" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand completion" -s n -l namespace -d 'Same as --istio-namespace (this plugin\'s objects live in the Istio namespace)' -r
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand completion" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "zipkin" -d 'Zipkin (9411) on gateway port 15018 (http-zipkin): Gateway zipkin-gateway, VirtualService zipkin-vs'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "jaeger" -d 'The Jaeger collector\'s zipkin port (9411) on gateway port 15018'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "otel" -d 'An OpenTelemetry collector: OTLP gRPC 4317 and OTLP HTTP 4318, on the same gateway ports'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "skywalking" -d 'SkyWalking OAP (11800, TCP) on gateway port 11800'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "port" -d 'Any service: `port NAME --port N --to HOST:PORT [--protocol http|tcp|grpc]`'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "istiod" -d 'istiod for remote clusters (Istio\'s expose-istiod: TLS passthrough on 15012 and 15017)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "services" -d 'Cross-network traffic (Istio\'s expose-services: AUTO_PASSTHROUGH on 15443 for *.local)'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "status" -d 'Per cluster: the gateway, its address, each exposed port and its route target'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "version" -d 'Print the client version and commit; with --context or --all-contexts, each cluster\'s Kubernetes and Istio control-plane versions'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "completion" -d 'Print a completion script: bash, zsh, fish or powershell for the plugin\'s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`'
complete -c kubectl-mesh-expose -n "__fish_kubectl_mesh_expose_using_subcommand help; and not __fish_seen_subcommand_from zipkin jaeger otel skywalking port istiod services status version completion help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
