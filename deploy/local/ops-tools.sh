#!/usr/bin/env bash
# The tools that check deploy/ and the HTTP APIs offline, installed from package registries and
# cached per machine:
#   helm                 built with `go install` from the Go module proxy;
#   promtool             taken from Debian's prometheus package (extracted, no service installed);
#   kubernetes-validate  from PyPI in its own virtualenv; it carries the Kubernetes API schemas,
#                        so validation needs no network;
#   st (schemathesis)    from PyPI in its own virtualenv: the property-based API contract test.
# Usage: ops-tools.sh install | bin   (bin prints the directory holding the commands)
set -euo pipefail

HELM_VERSION=v3.21.4
KUBERNETES_VALIDATE_VERSION=1.37.0
SCHEMATHESIS_VERSION=4.32.5
CACHE=${ROSTER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/roster}
TOOLS="$CACHE/ops-tools"
BIN="$TOOLS/bin"

log() { echo "[ops-tools] $*" >&2; }
die() { echo "[ops-tools] error: $*" >&2; exit 1; }

install_helm() {
  if [ -x "$BIN/helm" ] && "$BIN/helm" version --short 2>/dev/null | grep -q "^$HELM_VERSION"; then return; fi
  command -v go >/dev/null || die "go is required to build helm"
  log "building helm $HELM_VERSION with go install (a few minutes, once per machine)"
  GOBIN="$BIN" GOFLAGS=-mod=mod CGO_ENABLED=0 go install \
    -ldflags "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" || die "helm build failed"
}

install_promtool() {
  if [ -x "$BIN/promtool" ]; then return; fi
  log "taking promtool from Debian's prometheus package"
  local work; work=$(mktemp -d)
  (cd "$work" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get download prometheus >/dev/null; }; }) \
    || die "could not download Debian's prometheus package"
  dpkg-deb -x "$work"/prometheus_*.deb "$work/root"
  install -m 0755 "$work/root/usr/bin/promtool" "$BIN/promtool"
  rm -rf "$work"
}

# install_from_pypi <package> <version> <command>: the package in a virtualenv of its own, its command linked into $BIN.
install_from_pypi() {
  local package=$1 version=$2 command=$3
  local venv="$TOOLS/$package-$version"
  if [ ! -x "$venv/bin/$command" ]; then
    log "installing $package $version from PyPI"
    python3 -m venv "$venv" || die "python3 with venv is required"
    "$venv/bin/pip" install -q "$package==$version" || die "pip install $package failed"
  fi
  ln -sf "$venv/bin/$command" "$BIN/$command"
}

case "${1:-install}" in
  install)
    mkdir -p "$BIN"
    install_helm
    install_promtool
    install_from_pypi kubernetes-validate "$KUBERNETES_VALIDATE_VERSION" kubernetes-validate
    install_from_pypi schemathesis "$SCHEMATHESIS_VERSION" st
    log "helm, promtool, kubernetes-validate and st ready in $BIN"
    ;;
  bin) echo "$BIN" ;;
  *) die "usage: $0 install | bin" ;;
esac
