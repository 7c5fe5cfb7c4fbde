#!/usr/bin/env bash
# The first command of the README: installs the build tools (not the browser),
# builds the app and the server, and runs the server on the built app.
#
#   scripts/start.sh [extra linli-server flags...]
#
# Environment: LINLI_LISTEN (127.0.0.1:8080), LINLI_DB (linli.sqlite3, or a
# PostgreSQL URL postgres://user@host/dbname, passed on as it is),
# LINLI_SKIP_BUILD=1 to run the existing build as is, LINLI_DEMO_PIN (246810:
# the volunteer PIN set for the sample centre dongshan-zhushan before starting;
# 0 keeps the database's PINs as they are, as a real deployment must).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# PATH only: scripts/build.sh installs the build tools it needs.
# shellcheck source=scripts/tools.sh
source scripts/tools.sh env # 'env': a bare source would pass on this script's arguments

listen="${LINLI_LISTEN:-127.0.0.1:8080}"
db="${LINLI_DB:-linli.sqlite3}"

if [[ "${LINLI_SKIP_BUILD:-0}" != 1 ]]; then
  scripts/build.sh
fi
[[ -x target/server/linli-server && -f dist/index.html ]] ||
  linli_die "no build found (target/server/linli-server, dist/index.html): run without LINLI_SKIP_BUILD"

# The README's demo PIN, so the volunteer console can be tried at once. Setting
# a PIN signs that centre's volunteers out: fine for the sample, not for a real
# centre (LINLI_DEMO_PIN=0).
demo_pin="${LINLI_DEMO_PIN:-246810}"
if [[ "$demo_pin" != 0 ]]; then
  target/server/linli-server pin set --center dongshan-zhushan --pin "$demo_pin" --db "$db" \
    --data public/data >/dev/null ||
    linli_die "could not set the demo PIN (LINLI_DEMO_PIN=0 skips it)"
  linli_say "volunteer console: /volunteer, centre dongshan-zhushan, demo PIN $demo_pin (LINLI_DEMO_PIN=0 skips this)"
fi

host="${listen%:*}"
port="${listen##*:}"
case "$host" in
  0.0.0.0 | "[::]" | "") host=127.0.0.1 ;;
esac
url="http://$host:$port/"
linli_say "Linli is running at $url — kiosk: ${url}?mode=kiosk&center=dongshan-zhushan"
# A URL's password stays off the screen.
linli_say "database: $(sed -E 's#^([a-z]+://[^:/@]*):[^@/]*@#\1:***@#' <<<"$db") · stop with Ctrl-C"
exec target/server/linli-server \
  --listen "$listen" \
  --db "$db" \
  --data public/data \
  --static-dir dist \
  --kiosks 127.0.0.1,::1 \
  "$@"
