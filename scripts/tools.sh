#!/usr/bin/env bash
# Installs the tools Linli needs, skipping whatever is already there at the right
# version. Every install comes from crates.io, the npm registry or Debian's apt:
# nothing downloads its own binaries.
#
#   scripts/tools.sh [GROUP...]          run: install GROUPs (default: all)
#   source scripts/tools.sh [GROUP...]   same, and keep PATH and the functions
#
# GROUPs:
#   build    wasm32 target, trunk, wasm-bindgen-cli, wasm-opt (enough for start.sh)
#   lint     rustfmt and clippy
#   browser  Debian chromium, chromium-driver, fonts-noto-cjk
#   e2e      npm packages in e2e/ (Playwright, axe-core)
#   postgres Debian postgresql, if no initdb is found (scripts/postgres.sh runs it)
#   schemathesis  Schemathesis from PyPI in a venv, .tools/schemathesis (scripts/schemathesis.sh)
#   test     build + lint + browser + e2e + postgres + schemathesis
#   all      same as test
#   env      install nothing, only set PATH (what sourcing with no GROUP does)
#
# Sourcing sets `set -euo pipefail` in the calling shell: meant for scripts.
set -euo pipefail

LINLI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LINLI_TRUNK_VERSION="0.21.14"
LINLI_BINARYEN_VERSION="132"
LINLI_SCHEMATHESIS_VERSION="4.32.5"
LINLI_TOOLS_DIR="$LINLI_ROOT/.tools"
LINLI_ST_VENV="$LINLI_TOOLS_DIR/schemathesis"
export LINLI_ROOT LINLI_ST_VENV

# .tools first: Debian's binaryen (wasm-opt 108) miscompiles and must never win.
case ":$PATH:" in
  *":$LINLI_TOOLS_DIR/node_modules/.bin:"*) ;;
  *) PATH="$LINLI_TOOLS_DIR/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH" ;;
esac
export PATH
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

linli_say() { printf '==> %s\n' "$*"; }
linli_die() { printf '==> ERROR: %s\n' "$*" >&2; exit 1; }

# wasm-bindgen version from Cargo.lock (generated if missing); falls back to the
# pin in Trunk.toml while the workspace cannot be resolved yet.
linli_wasm_bindgen_version() {
  local lock="$LINLI_ROOT/Cargo.lock" v=""
  if [[ ! -f "$lock" ]]; then
    linli_say "Cargo.lock missing: cargo generate-lockfile" >&2
    (cd "$LINLI_ROOT" && cargo generate-lockfile) >&2 ||
      linli_say "warning: cargo generate-lockfile failed" >&2
  fi
  if [[ -f "$lock" ]]; then
    v="$(awk '
      /^\[\[package\]\]/ { in_wb = 0 }
      /^name = "wasm-bindgen"$/ { in_wb = 1 }
      in_wb && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "$lock")"
  fi
  if [[ -z "$v" ]]; then
    v="$(linli_trunk_toml_wasm_bindgen)"
    [[ -n "$v" ]] || linli_die "no wasm-bindgen version in Cargo.lock nor Trunk.toml"
    linli_say "warning: wasm-bindgen not in Cargo.lock; using Trunk.toml's pin $v" >&2
  fi
  printf '%s\n' "$v"
}

linli_trunk_toml_wasm_bindgen() {
  sed -n 's/^[[:space:]]*wasm_bindgen[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' \
    "$LINLI_ROOT/Trunk.toml" 2>/dev/null | head -n1
}

linli_tool_rust_target() {
  command -v rustup >/dev/null || linli_die "rustup not found (needed for the wasm32 target)"
  local installed
  installed="$(rustup target list --installed)"
  if grep -qx wasm32-unknown-unknown <<<"$installed"; then
    linli_say "rust target wasm32-unknown-unknown: ok"
  else
    linli_say "installing rust target wasm32-unknown-unknown…"
    rustup target add wasm32-unknown-unknown
  fi
}

linli_tool_lint() {
  local missing=()
  cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
  cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
  if ((${#missing[@]})); then
    linli_say "installing rust components ${missing[*]}…"
    rustup component add "${missing[@]}"
  else
    linli_say "rustfmt and clippy: ok"
  fi
}

linli_tool_trunk() {
  local have
  have="$(trunk --version 2>/dev/null || true)"
  if [[ "$have" == *"$LINLI_TRUNK_VERSION"* ]]; then
    linli_say "trunk $LINLI_TRUNK_VERSION: ok"
  else
    linli_say "installing trunk $LINLI_TRUNK_VERSION (about 6 minutes)…"
    cargo install --locked trunk --version "$LINLI_TRUNK_VERSION"
  fi
}

linli_tool_wasm_bindgen() {
  local want have pin
  want="$(linli_wasm_bindgen_version)"
  pin="$(linli_trunk_toml_wasm_bindgen)"
  if [[ -n "$pin" && "$pin" != "$want" ]]; then
    linli_say "warning: Trunk.toml pins wasm_bindgen = \"$pin\" but Cargo.lock has $want;" \
      "trunk build will refuse until they match"
  fi
  have="$(wasm-bindgen --version 2>/dev/null || true)"
  have="${have#wasm-bindgen }"
  have="${have%% *}"
  if [[ "$have" == "$want" ]]; then
    linli_say "wasm-bindgen-cli $want: ok"
  else
    linli_say "installing wasm-bindgen-cli $want${have:+ (found $have)} (about 3 minutes)…"
    # Not --locked: the CLI's own lock file pins crates that no longer build.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

linli_wasm_opt_ok() {
  local have
  have="$(wasm-opt --version 2>/dev/null || true)"
  [[ "$have" == *"version $LINLI_BINARYEN_VERSION "* || "$have" == *"version $LINLI_BINARYEN_VERSION" ]]
}

linli_tool_wasm_opt() {
  if linli_wasm_opt_ok; then
    linli_say "wasm-opt $LINLI_BINARYEN_VERSION: ok"
  else
    linli_say "installing wasm-opt (npm binaryen@$LINLI_BINARYEN_VERSION) into .tools/…"
    mkdir -p "$LINLI_TOOLS_DIR"
    npm install --prefix "$LINLI_TOOLS_DIR" --no-audit --no-fund \
      "binaryen@$LINLI_BINARYEN_VERSION"
    hash -r
    linli_wasm_opt_ok ||
      linli_die "wasm-opt on PATH is $(command -v wasm-opt), not binaryen $LINLI_BINARYEN_VERSION"
  fi
}

linli_tool_browser() {
  local pkgs=(chromium chromium-driver fonts-noto-cjk) missing=() p status
  for p in "${pkgs[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
  done
  if [[ -x /usr/bin/chromium && ${#missing[@]} -eq 0 ]]; then
    linli_say "chromium, chromium-driver, fonts-noto-cjk: ok"
    return
  fi
  ((${#missing[@]})) || missing=("${pkgs[@]}")
  linli_say "installing ${missing[*]} with apt (a few minutes)…"
  local sudo=()
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
    "${missing[@]}"
  [[ -x /usr/bin/chromium ]] || linli_die "/usr/bin/chromium still missing after apt-get"
}

# The newest PostgreSQL server binaries installed (Debian keeps each major
# version under /usr/lib/postgresql/N/bin, off PATH); empty if there are none.
linli_pg_bindir() {
  local found
  found="$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | grep -v '\*' | sort -V | tail -n1)"
  if [[ -z "$found" ]] && command -v initdb >/dev/null; then
    found="$(readlink -f "$(command -v initdb)")"
  fi
  [[ -n "$found" && -x "$found" ]] && dirname "$found"
  true
}

linli_tool_postgres() {
  local bin
  bin="$(linli_pg_bindir)"
  if [[ -n "$bin" && -x "$bin/pg_ctl" && -x "$bin/postgres" ]]; then
    linli_say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') in $bin: ok"
    return
  fi
  linli_say "no initdb found: installing Debian's postgresql with apt (a minute or two)…"
  local sudo=()
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  bin="$(linli_pg_bindir)"
  [[ -n "$bin" ]] || linli_die "initdb still missing after apt-get install postgresql"
  linli_say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') in $bin: installed"
}

linli_tool_e2e() {
  local dir="$LINLI_ROOT/e2e"
  [[ -f "$dir/package-lock.json" ]] || linli_die "e2e/package-lock.json missing"
  if [[ -f "$dir/node_modules/.package-lock.json" &&
    ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" &&
    ! "$dir/package.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    linli_say "e2e npm packages: ok"
  else
    linli_say "installing e2e npm packages (npm ci)…"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

# In a venv of its own: pip never touches the system's Python.
linli_tool_schemathesis() {
  local have
  have="$("$LINLI_ST_VENV/bin/st" --version 2>/dev/null || true)"
  if [[ "$have" == *" $LINLI_SCHEMATHESIS_VERSION" ]]; then
    linli_say "schemathesis $LINLI_SCHEMATHESIS_VERSION: ok"
    return
  fi
  command -v python3 >/dev/null || linli_die "python3 not found (needed for schemathesis)"
  linli_say "installing schemathesis $LINLI_SCHEMATHESIS_VERSION into $LINLI_ST_VENV (pip)…"
  rm -rf -- "$LINLI_ST_VENV"
  python3 -m venv "$LINLI_ST_VENV" ||
    linli_die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$LINLI_ST_VENV/bin/pip" install --quiet --disable-pip-version-check \
    "schemathesis==$LINLI_SCHEMATHESIS_VERSION"
}

linli_tools() {
  local group
  for group in "$@"; do
    case "$group" in
      build)
        linli_tool_rust_target
        linli_tool_trunk
        linli_tool_wasm_bindgen
        linli_tool_wasm_opt
        ;;
      lint) linli_tool_lint ;;
      browser) linli_tool_browser ;;
      e2e) linli_tool_e2e ;;
      postgres) linli_tool_postgres ;;
      schemathesis) linli_tool_schemathesis ;;
      test | all) linli_tools build lint browser e2e postgres schemathesis ;;
      env) ;;
      *) linli_die "unknown tool group '$group' (build, lint, browser, e2e, postgres, schemathesis, test, all, env)" ;;
    esac
  done
  hash -r
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  # Run as a program: default to everything.
  (($#)) || set -- all
  linli_tools "$@"
  linli_say "tools ready"
else
  # Sourced: install only the groups asked for.
  (($#)) && linli_tools "$@"
fi
true
