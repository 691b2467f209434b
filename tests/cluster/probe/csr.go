package main

// `mesh-probe csr`: request a workload certificate from istiod's CA (the secure gRPC port, 15012
// in a pod) the way a pod's proxy does: a CSR for the pod's SPIFFE identity, its service-account
// token as the bearer credential, the ClusterID header, TLS verified against the mesh's root.
// Prints {"chain": [PEM, ...]}: the leaf, then the signing chain istiod returned.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"

	pb "istio.io/api/security/v1alpha1"
	pkiutil "istio.io/istio/security/pkg/pki/util"
)

func csrMain(args []string) error {
	fs := flag.NewFlagSet("csr", flag.ExitOnError)
	ca := fs.String("ca", "", "istiod's secure gRPC address (HOST:PORT)")
	root := fs.String("root", "", "the mesh's root certificate (PEM file) to verify istiod with")
	san := fs.String("san", "", "the name istiod's serving certificate carries (istiod-REV.NS.svc)")
	tokenFile := fs.String("token", "", "a file with the pod's service-account token (audience istio-ca)")
	clusterID := fs.String("cluster", "", "the cluster's id (the ClusterID header)")
	spiffe := fs.String("identity", "", "the SPIFFE identity to request (spiffe://TRUST_DOMAIN/ns/NS/sa/SA)")
	_ = fs.Parse(args)

	rootPEM, err := os.ReadFile(*root)
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(rootPEM) {
		return fmt.Errorf("%s holds no PEM certificate", *root)
	}
	token, err := os.ReadFile(*tokenFile)
	if err != nil {
		return err
	}
	csr, _, err := pkiutil.GenCSR(pkiutil.CertOptions{Host: *spiffe, RSAKeySize: 2048})
	if err != nil {
		return err
	}
	creds := credentials.NewTLS(&tls.Config{RootCAs: pool, ServerName: *san, MinVersion: tls.VersionTLS12})
	conn, err := grpc.NewClient(*ca, grpc.WithTransportCredentials(creds))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+strings.TrimSpace(string(token)), "ClusterID", *clusterID)
	resp, err := pb.NewIstioCertificateServiceClient(conn).CreateCertificate(ctx, &pb.IstioCertificateRequest{Csr: string(csr), ValidityDuration: 3600})
	if err != nil {
		return fmt.Errorf("create certificate: %v", err)
	}
	return json.NewEncoder(os.Stdout).Encode(map[string][]string{"chain": resp.CertChain})
}
