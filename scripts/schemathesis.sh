#!/usr/bin/env bash
# The API against its own OpenAPI document: starts the built server on a
# fresh SQLite database (clock fixed, per-client limits off, the demo PIN set),
# signs two volunteer sessions in, makes two bookings to find by code and
# phone, and runs Schemathesis over every operation
# with every check and a fixed number of examples and seed. Fails on any
# finding; stops the server at the end, whatever happened.
#
#   scripts/schemathesis.sh [extra `st run` flags]
#
# Environment: LINLI_ST_EXAMPLES (examples per operation, 150), LINLI_ST_SEED
# (1), LINLI_SERVER_BIN (target/server/linli-server, from scripts/build.sh
# server), LINLI_ST_KEEP=1 keeps the folder with the server's log and the
# Schemathesis report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/tools.sh
source scripts/tools.sh env # 'env': a bare source would pass on this script's arguments
linli_tools schemathesis

bin="${LINLI_SERVER_BIN:-target/server/linli-server}"
examples="${LINLI_ST_EXAMPLES:-150}"
seed="${LINLI_ST_SEED:-1}"
pin=246810
center=dongshan-zhushan
[[ -x "$bin" ]] || linli_die "no server build at $bin: run scripts/build.sh server"

work="$(mktemp -d "${TMPDIR:-/tmp}/linli-st.XXXXXX")"
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [[ "${LINLI_ST_KEEP:-0}" == 1 ]]; then
    linli_say "kept $work (server.log, report/)"
  else
    rm -rf -- "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

db="$work/st.sqlite3"
"$bin" pin set --center "$center" --pin "$pin" --db "$db" --data public/data >/dev/null
staff_user=st.admin
staff_password='schemathesis runs 2026'
printf '%s\n' "$staff_password" |
  "$bin" admin create --user "$staff_user" --role district_admin --db "$db" --data public/data >/dev/null
# There before the server writes to it: the loop below reads it at once.
: >"$work/server.out"
# The tests' Friday morning, so the week's slots are bookable; no app to serve.
"$bin" --listen 127.0.0.1:0 --db "$db" --data public/data --static-dir "$work/no-dist" \
  --no-precompress --fake-now 2026-11-27T10:00 \
  --lookups-per-minute 0 --tries-per-code-hour 0 --bookings-per-hour 0 \
  >"$work/server.out" 2>"$work/server.log" &
server=$!
url=""
for _ in {1..600}; do
  url="$(sed -n 's#^Linli listening on \(http://[^/]*\)/.*#\1#p' "$work/server.out")"
  [[ -z "$url" ]] || break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
[[ -n "$url" ]] || { tail -n 5 "$work/server.log" >&2; linli_die "linli-server did not start"; }
linli_say "linli-server at $url (pid $server)"

# A session's token, from the sign-in the document describes.
sign_in() {
  curl -fsS -X POST "$url/api/v1/volunteer/session" -H 'Content-Type: application/json' \
    --data "{\"center_id\":\"$center\",\"pin\":\"$pin\"}" |
    "$LINLI_ST_VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
LINLI_ST_TOKEN="$(sign_in)"
LINLI_ST_SIGN_OUT_TOKEN="$(sign_in)"
export LINLI_ST_TOKEN LINLI_ST_SIGN_OUT_TOKEN

# A district administrator's bearer tokens for /manage (one for signing out).
staff_sign_in() {
  curl -fsS -X POST "$url/api/v1/manage/session" -H 'Content-Type: application/json' \
    --data "{\"user_name\":\"$staff_user\",\"password\":\"$staff_password\",\"bearer\":true}" |
    "$LINLI_ST_VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
LINLI_ST_STAFF_TOKEN="$(staff_sign_in)"
LINLI_ST_STAFF_SIGN_OUT_TOKEN="$(staff_sign_in)"
export LINLI_ST_STAFF_TOKEN LINLI_ST_STAFF_SIGN_OUT_TOKEN

# Two bookings of the centre (today's and tomorrow's lunch), so the
# operations on a code and a phone also meet ones that exist: generated
# codes and phones never do. Half of the cases take these.
book() {
  curl -fsS -X POST "$url/api/v1/bookings" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: seed-$2" --data "{\"slot_id\":\"$center-lunch@$1T11:00\",
      \"name\":\"张阿姨\",\"phone\":\"$2\",\"party_size\":1,\"channel\":\"kiosk\",
      \"consent\":{\"notice\":\"2026-11\"},\"details\":{\"kind\":\"meal\",\"dining\":\"dine_in\"}}" |
    "$LINLI_ST_VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["code"])'
}
phones=(13800000001 13800000002)
codes=("$(book 2026-11-27 "${phones[0]}")" "$(book 2026-11-28 "${phones[1]}")")
config="$work/schemathesis.toml"
cat scripts/schemathesis.toml - >"$config" <<EOF

[dictionaries.codes]
values = ["${codes[0]}", "${codes[1]}"]

[dictionaries.phones]
values = ["${phones[0]}", "${phones[1]}"]

[parameters]
"path.code" = { dictionary = "codes", probability = 0.5 }
"body.code" = { dictionary = "codes", probability = 0.5 }
"body.phone" = { dictionary = "phones", probability = 0.5 }
EOF

linli_say "schemathesis $("$LINLI_ST_VENV/bin/st" --version | awk '{print $NF}'):" \
  "every operation, --checks all, $examples examples each, seed $seed"
rc=0
"$LINLI_ST_VENV/bin/st" --config-file "$config" run "$url/api/v1/openapi.json" \
  --checks all --max-examples "$examples" --seed "$seed" --workers 1 \
  --report junit --report-dir "$work/report" --no-color "$@" || rc=$?
if ((rc != 0)); then
  linli_say "schemathesis found something (exit $rc); the server's last log lines:"
  tail -n 20 "$work/server.log" | sed 's/^/    /'
fi
exit "$rc"
