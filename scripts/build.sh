#!/usr/bin/env bash
# Builds Linli for release: the WASM app into dist/ (trunk, per Trunk.toml) and the
# server into target/server/linli-server.
#
#   scripts/build.sh            app, then server
#   scripts/build.sh app        only the app (dist/)
#   scripts/build.sh static     the app for a static host below /linli/ (dist-static/),
#                               as the e2e suite's static-backend projects serve it
#   scripts/build.sh server     only the server
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/tools.sh
source scripts/tools.sh build

(($#)) || set -- app server

build_app() {
  local lock_v pin
  lock_v="$(linli_wasm_bindgen_version)"
  pin="$(linli_trunk_toml_wasm_bindgen)"
  if [[ -n "$pin" && "$pin" != "$lock_v" ]]; then
    linli_die "Trunk.toml pins wasm_bindgen = \"$pin\" but Cargo.lock has wasm-bindgen $lock_v: make them equal"
  fi
  linli_say "building the app: trunk build --release (wasm-bindgen $lock_v, $(wasm-opt --version))"
  trunk build --release
  linli_say "app built into dist/:"
  (cd dist && find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) \
    -printf '    %8s bytes  %p\n' | sort -k3)
}

# The same app built for a sub-path: Trunk writes the public URL into <base href>,
# and the app takes its router base and data URLs from there. Only the URLs in
# index.html differ from dist/; cargo has nothing to rebuild.
build_static() {
  linli_say "building the app for a static host: trunk build --release --public-url /linli/ --dist dist-static"
  trunk build --release --public-url /linli/ --dist dist-static
  [[ -f dist-static/index.html ]] || linli_die "dist-static/index.html was not produced"
}

build_server() {
  linli_say "building the server: cargo build -p linli-server --profile server"
  cargo build -p linli-server --profile server
  [[ -x target/server/linli-server ]] || linli_die "target/server/linli-server was not produced"
  linli_say "server built: target/server/linli-server"
}

for what in "$@"; do
  case "$what" in
    app) build_app ;;
    static) build_static ;;
    server) build_server ;;
    *) linli_die "unknown build target '$what' (app, static, server)" ;;
  esac
done
