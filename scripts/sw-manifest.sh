#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml): writes into the staged sw.js the list of
# the app's hashed files it precaches and a version derived from their
# contents and the page's, so every build that changes what a device runs is
# a new service worker (the browser compares sw.js byte for byte).
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
[[ -f sw.js ]] || { echo "sw-manifest: no sw.js in $TRUNK_STAGING_DIR" >&2; exit 1; }
mapfile -t files < <(find . -maxdepth 1 -type f -regextype posix-extended \
  -regex '\./.+-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)' -printf '%P\n' | sort)
# Trunk's hashes are hex of varying length (a leading zero is dropped): check
# that the app itself was found, not only its style sheet.
for kind in js wasm css; do
  printf '%s\n' "${files[@]}" | grep -q "\.$kind\$" ||
    { echo "sw-manifest: no hashed .$kind file found in $TRUNK_STAGING_DIR" >&2; exit 1; }
done
version="$(cat index.html "${files[@]}" | sha256sum | cut -c1-16)"
list="$(printf "'%s', " "${files[@]}")"
sed -i \
  -e "s|^const VERSION = 'dev';.*|const VERSION = '$version';|" \
  -e "s|^const PRECACHE = \[\];.*|const PRECACHE = [${list%, }];|" \
  sw.js
grep -q "^const VERSION = '$version';" sw.js || { echo "sw-manifest: sw.js was not stamped" >&2; exit 1; }
echo "sw-manifest: sw.js version $version precaches ${files[*]}"
