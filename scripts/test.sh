#!/usr/bin/env bash
# The second command of the README (and what CI runs): installs every tool, then
#   fmt          cargo fmt --all -- --check
#   clippy       cargo clippy, host crates and the WASM app, -D warnings
#   test         cargo test -p linli-model -p linli-server -p linli-app
#   postgres     cargo test -p linli-server again, on a throw-away PostgreSQL
#                cluster (scripts/postgres.sh, LINLI_TEST_POSTGRES set)
#   build        scripts/build.sh (release app into dist/, server binary)
#   schemathesis scripts/schemathesis.sh: the built server against its own
#                OpenAPI document, every operation, --checks all
#   e2e          Playwright, projects kiosk and phone against the real server,
#                static-kiosk and static-phone against the static build, the
#                clock at LINLI_E2E_NOW (default in e2e/tests/clock.ts)
#   clock        the time-sensitive e2e tests (@clock) again at a few fixed moments
#   audit        Playwright project audit: first-load bytes of the kiosk page;
#                Lighthouse (e2e/lighthouse.mjs): performance, LCP, CLS and TBT
#                of the kiosk and phone home pages
#
#   scripts/test.sh               every stage
#   scripts/test.sh e2e audit     only those stages (e2e, clock and audit need a
#                                 build, schemathesis the server's)
#
# Every stage runs even when an earlier one failed, except schemathesis, e2e,
# clock and audit, which are skipped when the build failed. Exits non-zero if
# any stage failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/tools.sh
source scripts/tools.sh env # 'env': a bare source would pass on this script's arguments

all_stages=(fmt clippy test postgres build schemathesis e2e clock audit)
if (($#)); then
  stages=("$@")
  for s in "${stages[@]}"; do
    [[ " ${all_stages[*]} " == *" $s "* ]] || linli_die "unknown stage '$s' (${all_stages[*]})"
  done
else
  stages=("${all_stages[@]}")
fi

header() {
  printf '\n'
  printf '=%.0s' {1..78}
  printf '\n==> stage %s: %s\n' "$1" "$2"
  printf '=%.0s' {1..78}
  printf '\n'
}

# Tools: what the chosen stages need (everything for a full run).
need=(build)
for s in "${stages[@]}"; do
  case "$s" in
    fmt | clippy) [[ " ${need[*]} " == *" lint "* ]] || need+=(lint) ;;
    e2e | clock | audit) [[ " ${need[*]} " == *" e2e "* ]] || need+=(browser e2e) ;;
    postgres) need+=(postgres) ;;
    schemathesis) need+=(schemathesis) ;;
  esac
done
header tools "scripts/tools.sh ${need[*]}"
linli_tools "${need[@]}"

stage_fmt() { cargo fmt --all -- --check; }

stage_clippy() {
  local rc=0
  linli_say "host: cargo clippy -p linli-model -p linli-server --all-targets -- -D warnings"
  cargo clippy -p linli-model -p linli-server --all-targets -- -D warnings || rc=1
  linli_say "wasm: cargo clippy -p linli-app --target wasm32-unknown-unknown --all-targets -- -D warnings"
  cargo clippy -p linli-app --target wasm32-unknown-unknown --all-targets -- -D warnings || rc=1
  return "$rc"
}

stage_test() { cargo test -p linli-model -p linli-server -p linli-app; }

# In a subshell: the cluster's EXIT trap stops it when the stage ends, and a
# failure to start it fails this stage, not the whole run.
stage_postgres() (
  # shellcheck source=scripts/postgres.sh
  source scripts/postgres.sh
  linli_pg_start || exit 1
  rc=0
  cargo test -p linli-server || rc=1
  # Until server/tests/api/common reads LINLI_TEST_POSTGRES, the suite would just
  # run on SQLite again and pass: that must not look like a PostgreSQL pass.
  connections="$(linli_pg_connections)"
  if ((rc == 0 && connections == 0)); then
    linli_say "the suite never connected to PostgreSQL (server/tests/api/common ignores LINLI_TEST_POSTGRES)"
    rc=1
  fi
  linli_say "PostgreSQL saw $connections connections of role linli"
  exit "$rc"
)

stage_build() { scripts/build.sh app static server; }

stage_schemathesis() { scripts/schemathesis.sh; }

e2e_projects=(--project=kiosk --project=phone --project=desktop --project=tablet --project=static-kiosk --project=static-phone)

stage_e2e() { (cd e2e && npx --no-install playwright test "${e2e_projects[@]}"); }

# The e2e suite runs at one fixed moment; its tests tagged @clock (those whose
# slots or days depend on the moment) run again at these (LINLI_E2E_NOW,
# Nanjing time), each on a fresh server whose clock stands still there:
#   2026-12-02T23:59  a Wednesday's last minute: today is over, and next
#                     Wednesday is just out of the week residents can book
#   2026-12-06T00:01  a Sunday's first: a weekend day, all of it ahead
#   2026-12-31T20:00  the eve of 元旦, closed for the whole district
#                     (public/data/closures.json); a Thursday evening, so
#                     a Thursday-only service is a week away
# Both device projects each time, as their data differ (legal consultations
# at a centre each); the a11y tests walk their screens without the axe scans
# (LINLI_A11Y_MODES=none): the e2e stage runs those. Each point (and the
# audit) keeps its traces in a folder of its own, so a failure of the e2e
# stage can still be read in e2e/test-results after the whole run.
clock_points=(2026-12-02T23:59 2026-12-06T00:01 2026-12-31T20:00)

stage_clock() {
  local rc=0 i=0 at start
  for at in "${clock_points[@]}"; do
    i=$((i + 1))
    start=$SECONDS
    linli_say "clock point $i/${#clock_points[@]}: LINLI_E2E_NOW=$at ($(date -ud "${at%T*}" +%A))"
    if (cd e2e && LINLI_E2E_NOW="$at" LINLI_A11Y_MODES=none \
      npx --no-install playwright test "${e2e_projects[@]}" --grep @clock --output "test-results/clock-$i"); then
      linli_say "clock point $i/${#clock_points[@]} ($at): ok ($((SECONDS - start)) s)"
    else
      linli_say "clock point $i/${#clock_points[@]} ($at): FAILED ($((SECONDS - start)) s)"
      rc=1
    fi
  done
  return "$rc"
}

stage_audit() {
  local rc=0
  (cd e2e && npx --no-install playwright test --project audit --output test-results/audit) || rc=1
  (cd e2e && node lighthouse.mjs) || rc=1
  return "$rc"
}

passed=()
failed=()
skipped=()
build_ok=1
[[ " ${stages[*]} " == *" build "* ]] || build_ok=0
# Schemathesis needs only the server.
server_ok=$build_ok
if ((!build_ok)) && [[ -x target/server/linli-server && -f dist/index.html && -f dist-static/index.html ]]; then
  build_ok=1 # stage not asked for: use the existing build
fi
if ((!server_ok)) && [[ -x target/server/linli-server ]]; then
  server_ok=1
fi

for s in "${stages[@]}"; do
  case "$s" in
    fmt) title="cargo fmt --all -- --check" ;;
    clippy) title="cargo clippy (host crates, then the WASM app) -- -D warnings" ;;
    test) title="cargo test -p linli-model -p linli-server -p linli-app" ;;
    postgres) title="cargo test -p linli-server on a throw-away PostgreSQL (scripts/postgres.sh, LINLI_TEST_POSTGRES)" ;;
    build) title="scripts/build.sh app static server (trunk build --release, also for /linli/; cargo build -p linli-server --profile server)" ;;
    schemathesis) title="scripts/schemathesis.sh (st run --checks all over every operation, fixed examples and seed)" ;;
    e2e) title="npx playwright test --project kiosk --project phone --project desktop --project tablet --project static-kiosk --project static-phone (LINLI_E2E_NOW=${LINLI_E2E_NOW:-default})" ;;
    clock) title="the e2e tests tagged @clock again, at ${clock_points[*]} (LINLI_E2E_NOW)" ;;
    audit) title="npx playwright test --project audit (first-load bytes, target 150 KiB); node lighthouse.mjs" ;;
  esac
  header "$s" "$title"
  if [[ ("$s" == e2e || "$s" == clock || "$s" == audit) ]] && ((!build_ok)); then
    linli_say "skipped: no build of the app and server"
    skipped+=("$s")
    continue
  fi
  if [[ "$s" == schemathesis ]] && ((!server_ok)); then
    linli_say "skipped: no build of the server"
    skipped+=("$s")
    continue
  fi
  start=$SECONDS
  if "stage_$s"; then
    linli_say "stage $s: ok ($((SECONDS - start)) s)"
    passed+=("$s")
  else
    linli_say "stage $s: FAILED ($((SECONDS - start)) s)"
    failed+=("$s")
    [[ "$s" != build ]] || build_ok=0 server_ok=0
  fi
done

printf '\n'
summary="stages ok: ${passed[*]:-none}"
((${#failed[@]} == 0)) || summary+="; FAILED: ${failed[*]}"
((${#skipped[@]} == 0)) || summary+="; skipped: ${skipped[*]}"
if ((${#failed[@]} == 0 && ${#skipped[@]} == 0)); then
  linli_say "Linli test.sh: OK ($summary; ${SECONDS} s)"
else
  linli_say "Linli test.sh: FAILED ($summary; ${SECONDS} s)"
  exit 1
fi
