#!/usr/bin/env bash
# Installs the real peers that the end-to-end tier (npm run test:e2e) runs against.
# Idempotent: Debian packages are installed only when missing, and the Go/Rust tools are built
# once per pinned version into ${LOADLENS_PEERS_DIR:-$HOME/.cache/loadlens-peers}/bin (outside the
# repo) and reused while the version matches, so a second CI run on the same machine builds nothing.
# Everything comes from the package registries (Debian, the Go module proxy, crates.io); nothing
# else is downloaded. Non-interactive; meant to run as root (CI) or as a user who already has the
# Debian packages.
set -euo pipefail

# Pinned versions. Jaeger's Go module keeps v1.x tags: v1.76.0 is the Jaeger v2 line's
# `cmd/jaeger` (OTLP in, /api/v3 out). FerretDB v1.x is the last line with the SQLite handler.
FERRETDB_VERSION=v1.24.0
JAEGER_VERSION=v1.76.0
K6_VERSION=v1.8.1
ACTIONLINT_VERSION=v1.7.12
OHA_VERSION=1.16.0
APT_PACKAGES=(postgresql nginx wrk prometheus chromium)

PEERS_DIR="${LOADLENS_PEERS_DIR:-$HOME/.cache/loadlens-peers}"
BIN_DIR="$PEERS_DIR/bin"
mkdir -p "$BIN_DIR"
export DEBIAN_FRONTEND=noninteractive
# Module-cache directories have no .git; -trimpath keeps local paths out of the binaries.
export GOFLAGS="-buildvcs=false -trimpath"
export CGO_ENABLED=0

log() { printf '[install-peers] %s\n' "$*"; }

# Runs one named step and prints how long it took.
step() {
  local name="$1"
  shift
  local started=$SECONDS
  log "$name ..."
  "$@"
  log "$name: $((SECONDS - started))s"
}

# Two runs at once (two worktrees, a retried CI job) must not build into the same file.
exec 9>"$PEERS_DIR/.install.lock"
if ! flock -w 3600 9; then
  log "another install holds $PEERS_DIR/.install.lock for over an hour; giving up"
  exit 1
fi

apt_missing() {
  local pkg status
  for pkg in "${APT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || printf '%s\n' "$pkg"
  done
}

install_apt() {
  local missing
  mapfile -t missing < <(apt_missing)
  if ((${#missing[@]} == 0)); then
    log "Debian packages present: ${APT_PACKAGES[*]}"
    return
  fi
  if [[ $(id -u) -ne 0 ]]; then
    log "missing Debian packages: ${missing[*]}; run this script as root (or apt-get install them)"
    exit 1
  fi
  # Keep maintainer scripts from starting nginx/prometheus as system services on 0.0.0.0:
  # the tests start their own instances on loopback ports.
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  log "installing Debian packages: ${missing[*]} (output in $PEERS_DIR/apt.log)"
  local status=0
  {
    apt-get update -q &&
      apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
  } >"$PEERS_DIR/apt.log" 2>&1 || status=$?
  if ((own_policy)); then rm -f /usr/sbin/policy-rc.d; fi
  if ((status != 0)); then
    tail -n 40 "$PEERS_DIR/apt.log"
    log "apt-get failed (exit $status); full output in $PEERS_DIR/apt.log"
    exit "$status"
  fi
}

# go_tool NAME MODULE PACKAGE VERSION [PREPARE]: builds PACKAGE of MODULE@VERSION into
# bin/NAME-VERSION and points bin/NAME at it. `go install` refuses modules whose go.mod has replace
# directives (Jaeger's does), and FerretDB's module proxy listing is withheld so `go install`
# cannot check its deprecation; in both cases the module is built from the module cache
# (`go mod download -json` gives the directory), where its own go.mod and replaces apply.
# PREPARE, if given, is a function run in a writable copy of the module before building.
go_tool() {
  local name="$1" module="$2" package="$3" version="$4" prepare="${5:-}"
  local target="$BIN_DIR/$name-$version"
  if [[ -x "$target" ]] && tool_runs "$name" "$target"; then
    log "$name $version cached at $target"
  else
    command -v go >/dev/null || { log "go is not installed; it is needed to build $name"; exit 1; }
    local tmp
    tmp=$(mktemp -d)
    if [[ -z "$prepare" ]] && GOBIN="$tmp" go install -ldflags='-s -w' "$package@$version" 2>"$tmp/install.err"; then
      mv "$tmp/$(basename "$package")" "$target"
    else
      if [[ -s "$tmp/install.err" ]]; then
        log "go install $package@$version refused: $(grep -v '^go: downloading' "$tmp/install.err" | head -c 400)"
      fi
      log "building $name from the module cache"
      local dir
      dir=$(go mod download -json "$module@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
      [[ -n "$dir" ]] || { log "go mod download gave no directory for $module@$version"; exit 1; }
      if [[ -n "$prepare" ]]; then
        # The module cache is read-only: prepare a copy.
        cp -r "$dir" "$tmp/src"
        chmod -R u+w "$tmp/src"
        dir="$tmp/src"
        (cd "$dir" && "$prepare" "$version")
      fi
      local subdir=.
      [[ "$package" == "$module" ]] || subdir="./${package#"$module"/}"
      (cd "$dir" && go build -ldflags='-s -w' -o "$tmp/$name" "$subdir")
      mv "$tmp/$name" "$target"
    fi
    rm -rf "$tmp"
    tool_runs "$name" "$target" || { log "$target does not run"; "$target" --version || true; exit 1; }
  fi
  ln -sfn "$name-$version" "$BIN_DIR/$name"
}

# FerretDB embeds build/version/version.txt, which its release tooling writes from `git describe`
# and the module zip does not carry; without it the binary panics at start.
ferretdb_version_file() {
  printf '%s\n' "$1" >build/version/version.txt
  printf 'loadlens-e2e\n' >build/version/package.txt
}

# A cached or fresh binary counts only if it runs: a broken build must not be cached as good.
tool_runs() {
  local name="$1" path="$2" arg=--version
  case "$name" in
    jaeger | k6) arg=version ;;
    actionlint) arg=-version ;;
  esac
  "$path" "$arg" >/dev/null 2>&1
}

cargo_tool() {
  local name="$1" crate="$2" version="$3"
  local target="$BIN_DIR/$name-$version"
  if [[ -x "$target" ]] && tool_runs "$name" "$target"; then
    log "$name $version cached at $target"
  else
    command -v cargo >/dev/null || { log "cargo is not installed; it is needed to build $name"; exit 1; }
    local tmp
    tmp=$(mktemp -d)
    cargo install "$crate" --version "$version" --locked --root "$tmp" --quiet
    mv "$tmp/bin/$name" "$target"
    rm -rf "$tmp"
    tool_runs "$name" "$target" || { log "$target does not run"; exit 1; }
  fi
  ln -sfn "$name-$version" "$BIN_DIR/$name"
}

total_started=$SECONDS
step "debian packages" install_apt
step "ferretdb $FERRETDB_VERSION" go_tool ferretdb github.com/FerretDB/FerretDB \
  github.com/FerretDB/FerretDB/cmd/ferretdb "$FERRETDB_VERSION" ferretdb_version_file
step "jaeger $JAEGER_VERSION" go_tool jaeger github.com/jaegertracing/jaeger \
  github.com/jaegertracing/jaeger/cmd/jaeger "$JAEGER_VERSION"
step "k6 $K6_VERSION" go_tool k6 go.k6.io/k6 go.k6.io/k6 "$K6_VERSION"
step "actionlint $ACTIONLINT_VERSION" go_tool actionlint github.com/rhysd/actionlint \
  github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION"
step "oha $OHA_VERSION" cargo_tool oha oha "$OHA_VERSION"
log "all peers ready in $BIN_DIR (total $((SECONDS - total_started))s)"
