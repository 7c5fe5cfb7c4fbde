#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml), run by each of the two builds that
# scripts/build.sh makes:
#
# - the staff page's (app/staff.html, into a folder of its own): checks that
#   its app was built, nothing more;
# - the residents' (app/index.html), with LINLI_STAFF_DIST naming the staff
#   build: puts the staff page into this build, as volunteer/index.html, with
#   its hashed files next to the residents' (both pages have the same base
#   URL), then writes into the staged sw.js the hashed files it precaches
#   (PRECACHE, the residents'; STAFF, the staff page's others) and a version
#   derived from their contents and the pages', so every build that changes
#   what a device runs is a new service worker (the browser compares sw.js
#   byte for byte).
set -euo pipefail
staff_dist="${LINLI_STAFF_DIST:+$(realpath "$LINLI_STAFF_DIST")}"
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"

die() {
  echo "sw-manifest: $*" >&2
  exit 1
}

# The hashed files Trunk wrote into a folder, one a line.
hashed_in() {
  find "$1" -maxdepth 1 -type f -regextype posix-extended \
    -regex '.*/.+-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)' -printf '%P\n' | sort
}

# Trunk's hashes are hex of varying length (a leading zero is dropped): check
# that the app itself was found, not only its style sheet.
check_app() {
  local where="$1" kind
  shift
  for kind in js wasm css; do
    printf '%s\n' "$@" | grep -q "\.$kind\$" || die "no hashed .$kind file found in $where"
  done
}

if [[ "$(basename "${TRUNK_HTML_FILE:-}")" == staff.html ]]; then
  mapfile -t files < <(hashed_in .)
  check_app "the staff build ($TRUNK_STAGING_DIR)" "${files[@]}"
  echo "sw-manifest: staff page built: ${files[*]}"
  exit 0
fi

[[ -f sw.js ]] || die "no sw.js in $TRUNK_STAGING_DIR"
mapfile -t files < <(hashed_in .)
check_app "$TRUNK_STAGING_DIR" "${files[@]}"

[[ -n "$staff_dist" ]] ||
  die "LINLI_STAFF_DIST is not set: build with scripts/build.sh, which builds the staff page first"
[[ -f "$staff_dist/index.html" ]] || die "no staff page in $staff_dist (LINLI_STAFF_DIST)"
mapfile -t staff_all < <(hashed_in "$staff_dist")
check_app "$staff_dist" "${staff_all[@]}"
mkdir -p volunteer
cp "$staff_dist/index.html" volunteer/index.html
staff=()
for f in "${staff_all[@]}"; do
  # The style sheet is the residents' own (same file, same hash).
  if [[ -e "$f" ]]; then
    cmp -s "$f" "$staff_dist/$f" || die "$f differs between the two builds"
    continue
  fi
  cp "$staff_dist/$f" "$f"
  staff+=("$f")
done

version="$(cat index.html volunteer/index.html "${files[@]}" "${staff[@]}" | sha256sum | cut -c1-16)"
list() { (($# == 0)) || printf "'%s', " "$@"; }
precache="$(list "${files[@]}")"
staff_list="$(list "${staff[@]}")"
sed -i \
  -e "s|^const VERSION = 'dev';.*|const VERSION = '$version';|" \
  -e "s|^const PRECACHE = \[\];.*|const PRECACHE = [${precache%, }];|" \
  -e "s|^const STAFF = \[\];.*|const STAFF = [${staff_list%, }];|" \
  sw.js
grep -q "^const VERSION = '$version';" sw.js || die "sw.js was not stamped"
grep -q "^const STAFF = \['" sw.js || die "sw.js's STAFF list was not stamped"
echo "sw-manifest: sw.js version $version precaches ${files[*]}; the staff page's ${staff[*]}"
