#!/usr/bin/env bash
# Builds Linli for release: the WASM app into dist/ (trunk, per Trunk.toml) and the
# server into target/server/linli-server.
#
# The app is two pages, each its own bundle: the residents' (app/index.html)
# and the staff page (app/staff.html, the volunteer console). Trunk builds one
# page per run: the staff page first, into target/trunk-staff*, then the
# residents' page, whose post-build hook (scripts/sw-manifest.sh) adds the
# staff page to it as volunteer/index.html.
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
  linli_say "building the app (wasm-bindgen $lock_v, $(wasm-opt --version))"
  build_pages dist
  linli_say "app built into dist/:"
  (cd dist && find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) \
    -printf '    %8s bytes  %p\n' | sort -k3)
}

# Both pages into DIST, with trunk's other arguments (a public URL) after it.
build_pages() {
  local dist="$1" staff="target/trunk-staff${1#dist}"
  shift
  # The page before --release, which would take it for its value.
  linli_say "the staff page: trunk build app/staff.html --release --dist $staff $*"
  trunk build app/staff.html --release --dist "$staff" "$@"
  linli_say "the residents' page, with it: trunk build --release --dist $dist $*"
  LINLI_STAFF_DIST="$staff" trunk build --release --dist "$dist" "$@"
  [[ -f "$dist/index.html" && -f "$dist/volunteer/index.html" ]] ||
    linli_die "$dist/index.html or $dist/volunteer/index.html was not produced"
}

# The same app built for a sub-path: Trunk writes the public URL into <base href>,
# and the app takes its router base and data URLs from there. Only the URLs in
# the pages differ from dist/; cargo has nothing to rebuild.
build_static() {
  linli_say "building the app for a static host below /linli/ (dist-static/)"
  build_pages dist-static --public-url /linli/
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
