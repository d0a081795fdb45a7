#!/usr/bin/env bash
# Runs every GovOrleans test: ./test.sh [extra dotnet test args, e.g. --filter Category!=Slow]
#
# On a fresh Debian 12 machine it installs what the tests need (as root; otherwise it prints
# the apt-get command and exits 2), starts throwaway servers on 127.0.0.1 under a temp dir,
# runs `dotnet test GovOrleans.sln -c Release`, stops the servers and removes the temp dir
# (EXIT trap, also on failure or Ctrl-C). The LAST line of stdout is always
# `N passed, N failed` (summed from the .trx files); .ci/run relies on it. Progress goes to stderr.
# Exit status: 0 when every test passed, 1 otherwise, 2 when prerequisites are missing.
#
#   ./test.sh --services-only [-- CMD ARGS...]
#       start the services, run CMD with their environment (or just check them), stop them.
#
# Environment:
#   GOVORLEANS_KEEP_SERVICES=1   debugging: do not stop the servers or delete the temp dir at the
#                                end; the export line and the stop command are printed instead.
#   GOVORLEANS_TEST_POSTGRES     if already set, that server is used and none is started.
#   GOVORLEANS_SUMMARY_FILE      if set, the final `N passed, N failed` line is also written there.
#   GOVORLEANS_TEST_RESULTS      where the .trx files go (default: TestResults/test.sh, emptied first).
#   GOVORLEANS_SKIP_FORMAT=1     skip the `dotnet format --verify-no-changes` style gate (local iteration only).
#
# Services: each one is a NAME in SERVICES with these functions (see "Services" below):
#   NAME_packages  Debian packages to install, printed only when the service is not installed
#   NAME_start     start it under $WORK/NAME on 127.0.0.1 and export its connection variable
#   NAME_stop      stop it; must be idempotent and quiet (output goes to its log)
#   NAME_keep_hint (optional) how to reach and stop it, shown with GOVORLEANS_KEEP_SERVICES=1
# plus an entry in SERVICE_ENV naming the variable through which the tests find it. Adding one
# (ClickHouse is next) means writing those functions and adding NAME to SERVICES and SERVICE_ENV.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PATH="$PATH:/usr/sbin:/sbin"   # runuser lives in /usr/sbin
SERVICES=(postgres)
WORK=""           # temp dir holding every service's data, logs and sockets
STARTED=()        # services to stop, in start order
SUMMARY_DONE=0
MODE=""          # "test" or "services", set by main

log() { printf '[test.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
is_root() { [[ $(id -u) -eq 0 ]]; }

# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------

# PostgreSQL: a throwaway cluster (initdb) in $WORK/postgres, TCP on 127.0.0.1 only, unix socket
# in $WORK/postgres/run. Role `govorleans` (LOGIN CREATEDB, random password) owns
# `govorleans_test`; the C# fixture reads GOVORLEANS_TEST_POSTGRES and creates per-class databases.
PG_PORTS_FIRST=55432
PG_PORTS_TRIES=40
# Extra server options. Empty means durable defaults; main() sets PG_TEST_ONLY_OPTS for tests.
PG_SERVER_OPTS=""
# TEST-ONLY: trade crash safety for speed. Never use these for benchmarks (bench/ measures
# durable writes) or for anything whose data matters.
PG_TEST_ONLY_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
PG_ROOT="" PG_BIN="" PG_PORT=""

pg_find_bin() {  # newest /usr/lib/postgresql/*/bin holding initdb, or nothing
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  if [[ -x $d ]]; then echo "${d%/initdb}"; fi
}

as_pg() {  # run a PostgreSQL server binary as the cluster owner (initdb refuses root)
  if is_root; then (cd "$PG_ROOT" && runuser -u postgres -- "$@"); else (cd "$PG_ROOT" && "$@"); fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

postgres_packages() {
  if [[ -z $(pg_find_bin) ]]; then echo postgresql; fi
}

postgres_start() {
  PG_BIN=$(pg_find_bin)
  [[ -n $PG_BIN ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  PG_ROOT="$WORK/postgres"
  mkdir -p "$PG_ROOT/data" "$PG_ROOT/log" "$PG_ROOT/run"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' missing (it comes with Debian's postgresql package)"
    chmod 711 "$WORK"                            # postgres must traverse the root-owned temp dir
    chown -R postgres:postgres "$PG_ROOT"
  fi
  STARTED+=(postgres)

  as_pg "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_ROOT/log/initdb.log" 2>&1 \
    || { cat "$PG_ROOT/log/initdb.log" >&2; die "initdb failed"; }

  local port last=$((PG_PORTS_FIRST + PG_PORTS_TRIES - 1))
  PG_PORT=""
  for ((port = PG_PORTS_FIRST; port <= last; port++)); do
    port_in_use "$port" && continue
    rm -f "$PG_ROOT/log/postgresql.log"     # pg_ctl recreates it as the cluster owner
    # max_connections: every per-class test database gets its own Npgsql pool.
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/log/postgresql.log" -w -t 60 \
         -o "-p $port -k '$PG_ROOT/run' -c listen_addresses=127.0.0.1 -c max_connections=300 $PG_SERVER_OPTS" \
         start >>"$PG_ROOT/log/pg_ctl.log" 2>&1; then
      PG_PORT=$port
      break
    fi
    grep -qs 'Address already in use' "$PG_ROOT/log/postgresql.log" && continue   # lost a race
    cat "$PG_ROOT/log/pg_ctl.log" "$PG_ROOT/log/postgresql.log" >&2 || true
    die "PostgreSQL did not start (logs above)"
  done
  [[ -n $PG_PORT ]] || die "no free port in $PG_PORTS_FIRST..$last"

  local pw
  pw=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_ROOT/run" -p "$PG_PORT" -U postgres -d postgres \
    -c "CREATE ROLE govorleans LOGIN CREATEDB PASSWORD '$pw'" \
    -c "GRANT pg_signal_backend TO govorleans" \
    -c "CREATE DATABASE govorleans_test OWNER govorleans" >/dev/null
  # Health check over TCP with password auth, exactly as the tests connect.
  PGPASSWORD=$pw "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 \
    "host=127.0.0.1 port=$PG_PORT dbname=govorleans_test user=govorleans" -c "SELECT 1" >/dev/null \
    || die "cannot connect to PostgreSQL as govorleans over TCP"
  export GOVORLEANS_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Database=govorleans_test;Username=govorleans;Password=$pw;Include Error Detail=true"
}

postgres_stop() {
  [[ -n $PG_ROOT && -f $PG_ROOT/data/postmaster.pid ]] || return 0
  local pid
  pid=$(head -n 1 "$PG_ROOT/data/postmaster.pid")
  as_pg "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w -t 30 stop >>"$PG_ROOT/log/pg_ctl.log" 2>&1 \
    || { log "pg_ctl stop failed; killing postmaster $pid"; kill -KILL "$pid" 2>/dev/null || true; }
}

postgres_keep_hint() {
  [[ -n $PG_PORT ]] || return 0
  echo "export GOVORLEANS_TEST_POSTGRES='$GOVORLEANS_TEST_POSTGRES'"
  if is_root; then
    echo "stop: runuser -u postgres -- $PG_BIN/pg_ctl -D $PG_ROOT/data -m fast stop && rm -rf $WORK"
  else
    echo "stop: $PG_BIN/pg_ctl -D $PG_ROOT/data -m fast stop && rm -rf $WORK"
  fi
}

# Environment variable through which each service reaches the tests. If it is already set,
# that service is taken as provided and neither installed nor started.
declare -A SERVICE_ENV=([postgres]=GOVORLEANS_TEST_POSTGRES)

# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------

wanted_services() {
  local s
  for s in "${SERVICES[@]}"; do
    if [[ -n ${!SERVICE_ENV[$s]:-} ]]; then
      log "$s: using ${SERVICE_ENV[$s]} from the environment"
    else
      echo "$s"
    fi
  done
}

install_missing() {  # $@: services
  local s pkgs=() more=()
  for s in "$@"; do
    read -r -a more <<<"$("${s}_packages" | tr '\n' ' ')"
    pkgs+=("${more[@]}")
  done
  ((${#pkgs[@]})) || return 0
  if ! is_root; then
    log "missing: ${pkgs[*]}. Install them first:"
    log "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${pkgs[*]}"
    exit 2
  fi
  log "installing ${pkgs[*]} (apt-get)"
  local t0; t0=$(now_ms)
  export DEBIAN_FRONTEND=noninteractive
  apt-get -q -o DPkg::Lock::Timeout=300 update >&2
  apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends "${pkgs[@]}" >&2
  log "installed in $(( $(now_ms) - t0 )) ms"
}

start_services() {  # $@: services
  local s t0
  local base="${TMPDIR:-/tmp}"
  if is_root; then base=/tmp; fi   # service users (postgres) must be able to traverse it
  WORK=$(mktemp -d "$base/govorleans-test.XXXXXX")
  for s in "$@"; do
    t0=$(now_ms)
    "${s}_start"
    log "$s: ready on 127.0.0.1 in $(( $(now_ms) - t0 )) ms"
  done
}

stop_services() {
  [[ -n $WORK ]] || return 0
  local i s
  if [[ ${GOVORLEANS_KEEP_SERVICES:-0} == 1 ]]; then
    log "GOVORLEANS_KEEP_SERVICES=1: leaving services running in $WORK"
    for s in "${STARTED[@]}"; do
      if declare -F "${s}_keep_hint" >/dev/null; then "${s}_keep_hint" | while IFS= read -r l; do log "  $l"; done; fi
    done
    WORK=""
    return 0
  fi
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do "${STARTED[i]}_stop" || true; done
  STARTED=()
  rm -rf "$WORK"
  WORK=""
}

trx_attr() {  # trx_attr NAME '<Counters ...>' -> number (0 when absent)
  local v
  v=$(printf '%s' "$2" | sed -n "s/.*[[:space:]]$1=\"\([0-9][0-9]*\)\".*/\1/p")
  echo "${v:-0}"
}

sum_trx() {  # prints "PASSED FAILED FILES" over $RESULTS_DIR/*.trx
  local f x c outcome n passed=0 failed=0 files=0
  for f in "$RESULTS_DIR"/*.trx; do
    [[ -f $f ]] || continue
    files=$((files + 1))
    x=$(tr '\n\r' '  ' <"$f")
    c=$(grep -o '<Counters[[:space:]][^>]*>' <<<"$x" | head -n 1 || true)
    outcome=$(grep -o '<ResultSummary[[:space:]][^>]*>' <<<"$x" | sed -n 's/.*outcome="\([A-Za-z]*\)".*/\1/p' | head -n 1 || true)
    passed=$((passed + $(trx_attr passed "$c")))
    n=$(($(trx_attr failed "$c") + $(trx_attr error "$c") + $(trx_attr timeout "$c") + $(trx_attr aborted "$c")))
    # A crashed or aborted test host leaves outcome="Failed" with no failed test: count it once.
    case $outcome in Failed | Error | Aborted | Timeout) ((n > 0)) || n=1 ;; esac
    failed=$((failed + n))
  done
  echo "$passed $failed $files"
}

print_summary() {  # print_summary PASSED FAILED: the last line of output
  local line="$1 passed, $2 failed"
  SUMMARY_DONE=1
  if [[ -n ${GOVORLEANS_SUMMARY_FILE:-} ]]; then echo "$line" >"$GOVORLEANS_SUMMARY_FILE"; fi
  echo "$line"
}

on_exit() {
  local rc=$? passed failed files
  trap - EXIT
  stop_services
  if [[ $MODE == test && $SUMMARY_DONE == 0 ]]; then
    # Interrupted or failed before the summary: count what finished, plus one failure.
    read -r passed failed files < <(sum_trx 2>/dev/null || echo "0 0 0")
    ((rc != 0)) || rc=1
    log "aborted (exit $rc) before the tests finished"
    print_summary "$passed" $((failed + 1))
  fi
  exit "$rc"
}

main() {
  MODE="test"
  if [[ ${1:-} == --services-only ]]; then
    MODE=services
    shift
    [[ ${1:-} != -- ]] || shift
  fi
  RESULTS_DIR="${GOVORLEANS_TEST_RESULTS:-$REPO_ROOT/TestResults/test.sh}"
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP

  local t_all services passed failed files rc=0
  t_all=$(now_ms)
  mapfile -t services < <(wanted_services)
  ((${#services[@]} == 0)) || install_missing "${services[@]}"
  PG_SERVER_OPTS="$PG_TEST_ONLY_OPTS"
  ((${#services[@]} == 0)) || start_services "${services[@]}"

  if [[ $MODE == services ]]; then
    if (($#)); then "$@" || rc=$?; else log "services are up"; fi
    exit "$rc"
  fi

  local sln=GovOrleans.sln
  [[ -f $REPO_ROOT/$sln || ! -f $REPO_ROOT/GovOrleans.slnx ]] || sln=GovOrleans.slnx
  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"
  # The style gate runs first, as the style guide asks; a violation counts as one failed check.
  local style_failed=0
  if [[ ${GOVORLEANS_SKIP_FORMAT:-0} != 1 ]]; then
    log "dotnet format $sln --verify-no-changes"
    if ! (cd "$REPO_ROOT" && dotnet format "$sln" --verify-no-changes); then
      log "dotnet format found style violations (fix with: dotnet format $sln): counted as 1 failure"
      style_failed=1
    fi
  fi
  local t_test; t_test=$(now_ms)
  log "dotnet test $sln -c Release $*"
  (cd "$REPO_ROOT" && dotnet test "$sln" -c Release --logger "trx;LogFilePrefix=results" \
     --results-directory "$RESULTS_DIR" "$@") || rc=$?
  log "dotnet test: exit $rc after $(( $(now_ms) - t_test )) ms"

  stop_services
  read -r passed failed files < <(sum_trx)
  if ((files == 0)); then
    log "no .trx results in $RESULTS_DIR (build failure?)"
    passed=0 failed=1
  elif ((rc != 0 && failed == 0)); then
    log "dotnet test failed (exit $rc) without a failed test in the .trx files: counted as 1 failure"
    failed=1
  fi
  failed=$((failed + style_failed))
  log "total $(( $(now_ms) - t_all )) ms; results: $RESULTS_DIR"
  print_summary "$passed" "$failed"
  ((failed == 0)) || exit 1
  exit 0
}

# Sourcing this file (e.g. from bench/) defines the service functions without running anything;
# there PG_SERVER_OPTS stays empty, i.e. durable.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
