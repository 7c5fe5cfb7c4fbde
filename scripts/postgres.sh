#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and benchmarks: its own data
# directory in a temporary folder, listening only on 127.0.0.1 (and a socket in
# that folder) on a free port, with a role and a database `linli` that trust
# loopback connections. Stopped and removed when the caller exits.
#
#   scripts/postgres.sh                  start one, print its URL, keep it until Ctrl-C
#   scripts/postgres.sh -- CMD [ARG...]  start one, run CMD with LINLI_TEST_POSTGRES set, stop it
#   scripts/postgres.sh install          only install Debian's postgresql if initdb is missing
#   scripts/postgres.sh clean            remove clusters left behind by killed runs
#   source scripts/postgres.sh           the functions below, for other scripts:
#     linli_pg_start        start it; exports LINLI_TEST_POSTGRES=postgres://linli@127.0.0.1:PORT/linli
#                           (also LINLI_PG_DIR, LINLI_PG_PORT, LINLI_PG_BIN, and PATH gets psql)
#     linli_pg_createdb N   a fresh database N owned by linli; prints its URL
#     linli_pg_psql ARG...  psql as the cluster's superuser
#     linli_pg_stop         stop it and remove its folder (the EXIT trap does it too)
#
# Environment: LINLI_PG_PORT (a fixed port instead of a free one), LINLI_PG_USER
# (the system user that runs it when we are root, default linli-pg).
#
# PostgreSQL refuses to run as root; as root the cluster runs as a system user
# (created if missing, `nobody` if it can't be). Every start first removes the
# clusters of runs that were killed, and a watchdog stops this one if its
# caller dies without its EXIT trap (kill -9).
set -euo pipefail
if ! declare -F linli_say >/dev/null; then
  # shellcheck source=scripts/tools.sh
  source "$(dirname "${BASH_SOURCE[0]}")/tools.sh" env
fi

LINLI_PG_DIR="${LINLI_PG_DIR:-}"

# A dead owner's start time differs from a new process with the same PID.
linli_pg_proc_start() {
  local stat fields
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }" # the command name may hold spaces and parentheses
  read -ra fields <<<"$stat"
  printf '%s\n' "${fields[19]}"
}

# The process that owns a cluster's folder is still running.
linli_pg_owner_alive() {
  local pid start now
  read -r pid start <"$1/owner" 2>/dev/null || return 1
  now="$(linli_pg_proc_start "$pid")" || return 1
  [[ "$now" == "$start" ]]
}

# Runs a command as the owner of a cluster's folder (pg_ctl refuses root),
# from that folder (the caller's may be closed to that user).
linli_pg_as() {
  local dir="$1" user
  shift
  if ((EUID == 0)); then
    user="$(stat -c %U "$dir")"
    (cd "$dir" && runuser -u "$user" -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

# Stops the server of a cluster folder, if one runs, then removes the folder.
linli_pg_remove() {
  local dir="$1" bin="${LINLI_PG_BIN:-$(linli_pg_bindir)}" pid=""
  if [[ -f "$dir/data/postmaster.pid" && -n "$bin" ]]; then
    pid="$(head -n1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
    linli_pg_as "$dir" "$bin/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 >/dev/null 2>&1 ||
      linli_pg_as "$dir" "$bin/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 >/dev/null 2>&1 ||
      true
  fi
  # pg_ctl returns once the pid file is gone, a moment before the process.
  if [[ "$pid" =~ ^[0-9]+$ ]]; then
    for _ in {1..50}; do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf -- "$dir"
}

linli_pg_base() {
  # As root: /tmp, which the cluster's user can reach (a TMPDIR under /root isn't).
  if ((EUID == 0)); then printf '/tmp\n'; else printf '%s\n' "${TMPDIR:-/tmp}"; fi
}

# Clusters of runs that were killed (their owner is gone): stop and remove.
linli_pg_clean_stale() {
  local dir
  for dir in "$(linli_pg_base)"/linli-pg.*; do
    [[ -d "$dir" && "$dir" != "$LINLI_PG_DIR" ]] || continue
    # Another user's cluster is theirs to clean (only root may stop it).
    [[ -O "$dir" ]] || ((EUID == 0)) || continue
    linli_pg_owner_alive "$dir" && continue
    # A folder without an owner file may be a start in progress, for a minute.
    [[ -f "$dir/owner" || -n "$(find "$dir" -maxdepth 0 -mmin +1)" ]] || continue
    linli_say "removing a PostgreSQL cluster left by a killed run: $dir"
    linli_pg_remove "$dir"
  done
}

# The system user to run the cluster as when we are root.
linli_pg_system_user() {
  local user="${LINLI_PG_USER:-linli-pg}"
  if ! id -u "$user" >/dev/null 2>&1; then
    linli_say "creating the system user $user to run PostgreSQL (it refuses to run as root)" >&2
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$user" >&2 || true
  fi
  if id -u "$user" >/dev/null 2>&1; then printf '%s\n' "$user"; else printf 'nobody\n'; fi
}

linli_pg_port_busy() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

linli_pg_psql() {
  # Without NOTICEs such as DROP DATABASE IF EXISTS's "does not exist, skipping".
  PGOPTIONS="-c client_min_messages=warning" "$LINLI_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$LINLI_PG_DIR" -p "$LINLI_PG_PORT" -U postgres -d postgres "$@"
}

# Written so that every failure is checked: callers run it in `if` and `||`,
# where bash ignores `set -e`.
linli_pg_start() {
  if [[ -n "$LINLI_PG_DIR" && -d "$LINLI_PG_DIR" ]]; then
    linli_say "PostgreSQL already running: $LINLI_TEST_POSTGRES"
    return 0
  fi
  linli_tool_postgres || return 1
  LINLI_PG_BIN="$(linli_pg_bindir)"
  linli_pg_clean_stale
  local dir owner user="" port="" attempt started=0
  dir="$(mktemp -d "$(linli_pg_base)/linli-pg.XXXXXX")" || return 1
  # BASHPID, not $$: a caller's subshell owns the cluster. Read here, since
  # inside $(...) it would be that substitution's own PID.
  owner="$BASHPID"
  printf '%s %s\n' "$owner" "$(linli_pg_proc_start "$owner")" >"$dir/owner"
  LINLI_PG_DIR="$dir"
  # The caller's own EXIT trap, if it has one, must call linli_pg_stop.
  if [[ -z "$(trap -p EXIT)" ]]; then
    trap linli_pg_stop EXIT
    trap 'linli_pg_stop; exit 130' INT
    trap 'linli_pg_stop; exit 143' TERM
  fi
  if ((EUID == 0)); then
    user="$(linli_pg_system_user)"
    chown "$user:" "$dir" || return 1
  fi
  chmod 755 "$dir"
  linli_pg_watchdog "$dir"

  # fsync stays on: the durability tests kill servers and expect every
  # answered booking back. initdb's own files need no sync: a crash while
  # setting up just means another run.
  if ! linli_pg_as "$dir" "$LINLI_PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    linli_say "ERROR: initdb failed" >&2
    return 1
  fi
  cat >>"$dir/data/postgresql.conf" <<EOF

# scripts/postgres.sh: a throw-away cluster on a small shared test machine.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 128MB
fsync = on
synchronous_commit = on
full_page_writes = on
max_wal_size = 2GB
log_connections = on
EOF
  cat >"$dir/data/pg_hba.conf" <<'EOF'
# scripts/postgres.sh: trust, but only on this machine (the socket in the
# cluster's folder and 127.0.0.1, the only address it listens on).
local all all trust
host all all 127.0.0.1/32 trust
EOF

  for attempt in {1..20}; do
    port="${LINLI_PG_PORT:-$((20000 + RANDOM % 30000))}"
    if linli_pg_port_busy "$port"; then
      [[ -z "${LINLI_PG_PORT:-}" ]] || { linli_say "ERROR: port $port is in use" >&2 && return 1; }
      continue
    fi
    rm -f "$dir/postgres.log" # only this attempt's lines, for the check below
    if linli_pg_as "$dir" "$LINLI_PG_BIN/pg_ctl" start -D "$dir/data" -l "$dir/postgres.log" \
      -o "-p $port" -w -t 60 >/dev/null 2>&1; then
      started=1
      break
    fi
    # Another program took the port between the check and the start: try another.
    if [[ -z "${LINLI_PG_PORT:-}" ]] &&
      grep -q "could not bind\|could not create any TCP" "$dir/postgres.log" 2>/dev/null; then
      continue
    fi
    tail -n 20 "$dir/postgres.log" >&2 || true
    linli_say "ERROR: PostgreSQL did not start (attempt $attempt)" >&2
    return 1
  done
  ((started)) || { linli_say "ERROR: no free port for PostgreSQL after 20 tries" >&2 && return 1; }
  LINLI_PG_PORT="$port"
  # The tests' role can create their databases, nothing more: a store that
  # needs a superuser would fail here before it fails in production.
  linli_pg_psql -c "CREATE ROLE linli LOGIN CREATEDB" -c "CREATE DATABASE linli OWNER linli" ||
    return 1
  LINLI_TEST_POSTGRES="postgres://linli@127.0.0.1:$port/linli"
  case ":$PATH:" in *":$LINLI_PG_BIN:"*) ;; *) PATH="$LINLI_PG_BIN:$PATH" ;; esac
  export LINLI_TEST_POSTGRES LINLI_PG_DIR LINLI_PG_PORT LINLI_PG_BIN PATH
  linli_say "PostgreSQL $("$LINLI_PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
  linli_say "LINLI_TEST_POSTGRES=$LINLI_TEST_POSTGRES"
}

# Stops the cluster if the owner dies without running its trap (kill -9).
# Its output goes nowhere, so it never holds a caller's pipe open.
linli_pg_watchdog() {
  local dir="$1"
  (
    trap '' INT TERM HUP
    while [[ -d "$dir" ]] && linli_pg_owner_alive "$dir"; do sleep 1; done
    if [[ -d "$dir" ]]; then linli_pg_remove "$dir"; fi
  ) </dev/null >/dev/null 2>&1 &
  disown "$!" 2>/dev/null || true
}

linli_pg_createdb() {
  local name="$1"
  linli_pg_psql -c "DROP DATABASE IF EXISTS \"$name\"" -c "CREATE DATABASE \"$name\" OWNER linli" ||
    return 1
  printf 'postgres://linli@127.0.0.1:%s/%s\n' "$LINLI_PG_PORT" "$name"
}

# Role linli has connected (to any database) since the cluster started:
# the log has a line for each connection (log_connections).
linli_pg_connections() {
  grep -c "connection authorized: user=linli " "$LINLI_PG_DIR/postgres.log" 2>/dev/null || true
}

linli_pg_stop() {
  local dir="$LINLI_PG_DIR"
  [[ -n "$dir" ]] || return 0
  LINLI_PG_DIR=""
  unset LINLI_TEST_POSTGRES
  if [[ -d "$dir" ]]; then
    linli_say "stopping PostgreSQL on 127.0.0.1:${LINLI_PG_PORT:-?} and removing $dir"
    linli_pg_remove "$dir"
  fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-}" in
    install) linli_tool_postgres ;;
    clean)
      LINLI_PG_BIN="$(linli_pg_bindir)"
      linli_pg_clean_stale
      ;;
    --)
      shift
      (($#)) || linli_die "usage: scripts/postgres.sh -- CMD [ARG...]"
      linli_pg_start || linli_die "could not start PostgreSQL"
      rc=0
      "$@" || rc=$?
      exit "$rc"
      ;;
    "")
      linli_pg_start || linli_die "could not start PostgreSQL"
      printf 'export LINLI_TEST_POSTGRES=%s\n' "$LINLI_TEST_POSTGRES"
      linli_say "psql: psql \"$LINLI_TEST_POSTGRES\" · stop with Ctrl-C"
      while [[ -f "$LINLI_PG_DIR/data/postmaster.pid" ]]; do sleep 2; done
      linli_die "PostgreSQL stopped by itself: see the log above"
      ;;
    *) linli_die "usage: scripts/postgres.sh [install | clean | -- CMD [ARG...]]" ;;
  esac
fi
true
