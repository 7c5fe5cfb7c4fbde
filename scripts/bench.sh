#!/usr/bin/env bash
# Booking throughput, end to end on this machine (README: Measurements). Builds
# linli-server and the `load` and `district` examples (--profile server), writes
# a district-scale catalog (10 street offices, 200 centres) into a temporary
# folder and measures durable bookings per second over HTTP for
#   sqlite       one instance on a SQLite file
#   postgres     one instance on a throw-away PostgreSQL (scripts/postgres.sh)
#   postgres-2   two instances on one PostgreSQL database, the load round-robin
# each on an empty store, then after 100,000 and 1,000,000 bookings (filled over
# HTTP first; the fill is a line of its own).
#
#   scripts/bench.sh          empty, 100,000 and 1,000,000 bookings
#   scripts/bench.sh quick    empty and 100,000
#
# Environment: LINLI_BENCH_SIZES ("0 20000": store sizes, instead of quick or
# full), LINLI_BENCH_BOOKINGS (20000 per measured run), LINLI_BENCH_IN_FLIGHT
# (64), LINLI_BENCH_STORES ("sqlite postgres postgres-2"), LINLI_BENCH_CENTRES
# (200). The table also goes to target/bench/. Exits non-zero if a store could
# not be measured (a server that doesn't start: reported, then the next store).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/tools.sh
source scripts/tools.sh env
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh

case "${1:-full}" in
  quick) sizes="0 100000" ;;
  full) sizes="0 100000 1000000" ;;
  *) linli_die "usage: scripts/bench.sh [quick|full]" ;;
esac
sizes="${LINLI_BENCH_SIZES:-$sizes}"
bookings="${LINLI_BENCH_BOOKINGS:-20000}"
in_flight="${LINLI_BENCH_IN_FLIGHT:-64}"
stores="${LINLI_BENCH_STORES:-sqlite postgres postgres-2}"
centres="${LINLI_BENCH_CENTRES:-200}"
# A Friday before every sitting: the whole horizon is open and the figures
# don't depend on the time of day. The load skips slots before it too.
fake_now="2026-11-27T06:00"

bin=target/server/linli-server
load=target/server/examples/load
district=target/server/examples/district
work="$(mktemp -d "${TMPDIR:-/tmp}/linli-bench.XXXXXX")"
servers=()
notes=()

stop_servers() {
  local pid
  for pid in "${servers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  servers=()
}
cleanup() {
  stop_servers
  linli_pg_stop
  rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts linli-server on a free port of 127.0.0.1 and sets $started_url;
# fails if it exits (or says nothing for two minutes) before listening.
start_server() {
  local name="$1" db="$2" pid
  "$bin" --listen 127.0.0.1:0 --db "$db" --data "$work/data" --static-dir "$work/no-dist" \
    --no-precompress --fake-now "$fake_now" --bookings-per-hour 0 \
    >"$work/$name.out" 2>"$work/$name.err" &
  pid=$!
  servers+=("$pid")
  for _ in {1..1200}; do
    started_url="$(sed -n 's#^Linli listening on \(http://[^/]*\)/.*#\1#p' "$work/$name.out")"
    [[ -z "$started_url" ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# The database as shown: a URL's password stays off the screen.
shown() { sed -E 's#^([a-z]+://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

header=(--header)
measure() {
  local label="$1" count="$2" db="$3" urls=() i size fill
  linli_say "$label: $count instance(s) on $(shown "$db")"
  for ((i = 1; i <= count; i++)); do
    # One after the other: each migrates and imports the catalog at start.
    if ! start_server "$label-$i" "$db"; then
      linli_say "$label: linli-server did not start; its last words:"
      tail -n 5 "$work/$label-$i.err" | sed 's/^/    /'
      if [[ "$db" == postgres://* ]]; then
        linli_say "$label: SKIPPED (does this build have the PostgreSQL store yet?)"
      fi
      notes+=("$label: skipped, linli-server did not start: $(tail -n 1 "$work/$label-$i.err")")
      stop_servers
      return 0
    fi
    urls+=(--url "$started_url")
  done
  for size in $sizes; do
    fill=()
    ((size == 0)) || fill=(--fill "$size")
    if ! "$load" "${header[@]}" "${urls[@]}" --label "$label" --bookings "$bookings" \
      --in-flight "$in_flight" --now "$fake_now" "${fill[@]}" | tee -a "$results"; then
      notes+=("$label at $size: some requests got a 5xx or no answer (see the table)")
    fi
    header=()
  done
  stop_servers
}

pg_state=""
pg_ready() {
  [[ "$pg_state" != up ]] || return 0
  [[ "$pg_state" != down ]] || return 1
  if linli_pg_start; then
    pg_state=up
  else
    pg_state=down
    notes+=("postgres: the throw-away cluster did not start (scripts/postgres.sh)")
    return 1
  fi
}

linli_say "building linli-server and the load and district examples (--profile server)…"
cargo build -p linli-server --profile server --bin linli-server --example load --example district
"$district" "$work/data" --centres "$centres"
mkdir -p target/bench
results="target/bench/bench-$(date +%Y%m%d-%H%M%S).md"
{
  printf '# scripts/bench.sh %s, %s\n\n' "${LINLI_BENCH_SIZES:+LINLI_BENCH_SIZES=\"$sizes\" }${1:-full}" \
    "$(date -Iseconds)"
  printf -- '- %s cores (%s), %s; data on %s\n' "$(nproc)" \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)" \
    "$(git log -1 --format='commit %h')" "$(df -T "$work" | awk 'NR == 2 {print $2}')"
  # Other work on the machine takes cores from the servers: say how much.
  printf -- '- load average at the start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf -- '- %s bookings per measured run, %s in flight, store sizes: %s, --fake-now %s\n\n' \
    "$bookings" "$in_flight" "$sizes" "$fake_now"
} | tee "$results"

for store in $stores; do
  case "$store" in
    sqlite)
      mkdir -p "$work/sqlite"
      measure sqlite 1 "$work/sqlite/linli.sqlite3"
      ;;
    postgres | postgres-2)
      pg_ready || continue
      db="$(linli_pg_createdb "bench_${store//-/_}")" || {
        notes+=("$store: could not create its database")
        continue
      }
      instances=1
      [[ "$store" != postgres-2 ]] || instances=2
      measure "$store" "$instances" "$db"
      ;;
    *) linli_die "unknown store '$store' (sqlite, postgres, postgres-2)" ;;
  esac
done

printf '\n'
linli_say "table: $results"
if ((${#notes[@]})); then
  printf '\n' | tee -a "$results"
  printf -- '- %s\n' "${notes[@]}" | tee -a "$results"
  linli_say "bench: INCOMPLETE"
  exit 1
fi
linli_say "bench: OK"
