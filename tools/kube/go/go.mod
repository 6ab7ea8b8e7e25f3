// The wrapper module for the control plane used by `npm run kube`. Only the
// pin below is kept by hand: tools/kube/build.ts copies this module to the
// build cache and derives everything else from the downloaded k8s.io/kubernetes
// go.mod (each k8s.io/* staging module pinned to its published v0.x.y, and the
// etcd server at the version Kubernetes itself requires).
module secure-baseline/kube

go 1.25.0

require k8s.io/kubernetes v1.35.4
