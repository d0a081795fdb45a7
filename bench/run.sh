#!/usr/bin/env bash
# Reproduces the GovOrleans runtime-core benchmarks with one command:
#
#   bench/run.sh [ping|throughput|pgwrites|all] [--postgres "<Npgsql connection string>"] [--duration 10] [more bench args]
#
# It prints the machine, builds bench/GovOrleans.Bench in Release, starts a throwaway PostgreSQL with
# the DEFAULT DURABLE settings (fsync=on, synchronous_commit=on, full_page_writes=on) on 127.0.0.1 when
# pgwrites is wanted and no server was given, runs the scenarios, and stops the server and deletes its
# files on exit (EXIT trap, also on failure or Ctrl-C). Results: a table on stdout and
# bench/results/<UTC timestamp>.json. The whole `all` run takes about 70 s (under 3 minutes).
#
# Environment:
#   GOVORLEANS_BENCH_POSTGRES     use this server instead of starting one (same as --postgres).
#   GOVORLEANS_BENCH_PGDATA_DIR   where the throwaway cluster lives (default /var/tmp); must be a real
#                                 disk, not tmpfs, or fsync means nothing.
#
# Needs the .NET 10 SDK. PostgreSQL server binaries come from Debian's `postgresql` package, which is
# installed with apt-get when missing and running as root (otherwise the command is printed, exit 2).
# On a machine shared with builds, serialise: flock /tmp/govorleans-build.lock bench/run.sh
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$REPO_ROOT/bench/GovOrleans.Bench"
PATH="$PATH:/usr/sbin:/sbin" # runuser lives in /usr/sbin
PG_WORK="" PG_BIN="" PG_PORT=""

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# --- arguments: everything goes to the benchmark; we only look at the scenario and --postgres -------
SCENARIO=all
POSTGRES="${GOVORLEANS_BENCH_POSTGRES:-}"
BENCH_ARGS=()
while (($#)); do
  case $1 in
    ping | throughput | pgwrites | all) SCENARIO=$1 ;;
    --postgres) [[ $# -ge 2 ]] || die "--postgres needs a connection string"; POSTGRES=$2; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) BENCH_ARGS+=("$1") ;;
  esac
  shift
done

# --- machine -------------------------------------------------------------------------------------
print_machine() {
  local cpu mem
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "== machine"
  echo "  cpus:       $(nproc) x ${cpu:-unknown} ($(sed -n 's/^cpu MHz[[:space:]]*: //p' /proc/cpuinfo | head -n 1) MHz)"
  echo "  memory:     $mem"
  echo "  kernel:     $(uname -sr)"
  echo "  load:       $(cut -d ' ' -f 1-3 /proc/loadavg) (1/5/15 min)"
  echo "  dotnet:     SDK $(dotnet --version)"
  if [[ -n $PG_BIN ]]; then echo "  postgresql: $("$PG_BIN/postgres" --version)"; fi
  if [[ -n $PG_WORK ]]; then echo "  pg data:    $PG_WORK ($(findmnt -n -o FSTYPE,SOURCE -T "$PG_WORK" 2>/dev/null || echo '?'))"; fi
  echo "  git:        ${GOVORLEANS_BENCH_GIT:-unknown}"
}

# --- throwaway durable PostgreSQL ------------------------------------------------------------------
pg_find_bin() { # newest /usr/lib/postgresql/*/bin holding initdb, or nothing
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  if [[ -x $d ]]; then echo "${d%/initdb}"; fi
}

as_pg() { # initdb and the server refuse to run as root
  if is_root; then (cd "$PG_WORK" && runuser -u postgres -- "$@"); else (cd "$PG_WORK" && "$@"); fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_install() {
  [[ -z $(pg_find_bin) ]] || return 0
  if ! is_root; then
    log "PostgreSQL is missing. Install it first (or pass --postgres):"
    log "  sudo apt-get update && sudo apt-get install -y --no-install-recommends postgresql"
    exit 2
  fi
  log "installing postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -q -o DPkg::Lock::Timeout=300 update >&2
  apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends postgresql >&2
}

pg_start() {
  PG_BIN=$(pg_find_bin)
  [[ -n $PG_BIN ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  local base="${GOVORLEANS_BENCH_PGDATA_DIR:-/var/tmp}"
  PG_WORK=$(mktemp -d "$base/govorleans-bench-pg.XXXXXX")
  if [[ $(findmnt -n -o FSTYPE -T "$PG_WORK" 2>/dev/null) == tmpfs ]]; then
    log "warning: $PG_WORK is on tmpfs, where fsync costs nothing; set GOVORLEANS_BENCH_PGDATA_DIR to a disk"
  fi
  mkdir -p "$PG_WORK/data" "$PG_WORK/log" "$PG_WORK/run"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' missing (it comes with Debian's postgresql package)"
    chmod 711 "$PG_WORK"
    chown -R postgres:postgres "$PG_WORK"
  fi

  as_pg "$PG_BIN/initdb" -D "$PG_WORK/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$PG_WORK/log/initdb.log" 2>&1 \
    || { cat "$PG_WORK/log/initdb.log" >&2; die "initdb failed"; }

  # Durable defaults: no fsync/synchronous_commit/full_page_writes options here, ever.
  local port
  for ((port = 55532; port < 55572; port++)); do
    port_in_use "$port" && continue
    rm -f "$PG_WORK/log/postgresql.log"
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_WORK/data" -l "$PG_WORK/log/postgresql.log" -w -t 60 \
      -o "-p $port -k '$PG_WORK/run' -c listen_addresses=127.0.0.1 -c max_connections=200" \
      start >>"$PG_WORK/log/pg_ctl.log" 2>&1; then
      PG_PORT=$port
      break
    fi
    grep -qs 'Address already in use' "$PG_WORK/log/postgresql.log" && continue
    cat "$PG_WORK/log/pg_ctl.log" "$PG_WORK/log/postgresql.log" >&2 || true
    die "PostgreSQL did not start (logs above)"
  done
  [[ -n $PG_PORT ]] || die "no free port in 55532..55571"

  local pw
  pw=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_WORK/run" -p "$PG_PORT" -U postgres -d postgres \
    -c "CREATE ROLE govorleans_bench LOGIN PASSWORD '$pw'" \
    -c "CREATE DATABASE govorleans_bench OWNER govorleans_bench" >/dev/null
  POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Database=govorleans_bench;Username=govorleans_bench;Password=$pw"
  log "PostgreSQL on 127.0.0.1:$PG_PORT ($(PGPASSWORD=$pw "$PG_BIN/psql" -X -At \
    "host=127.0.0.1 port=$PG_PORT dbname=govorleans_bench user=govorleans_bench" \
    -c "SELECT 'fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')
               || ', full_page_writes=' || current_setting('full_page_writes')"))"
}

pg_stop() {
  [[ -n $PG_WORK ]] || return 0
  if [[ -f $PG_WORK/data/postmaster.pid ]]; then
    local pid
    pid=$(head -n 1 "$PG_WORK/data/postmaster.pid")
    as_pg "$PG_BIN/pg_ctl" -D "$PG_WORK/data" -m fast -w -t 30 stop >>"$PG_WORK/log/pg_ctl.log" 2>&1 \
      || { log "pg_ctl stop failed; killing postmaster $pid"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -rf "$PG_WORK"
  PG_WORK=""
}

on_exit() {
  local rc=$?
  trap - EXIT
  pg_stop
  exit "$rc"
}

# --- main ----------------------------------------------------------------------------------------
main() {
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  command -v dotnet >/dev/null || die "dotnet not found; install the .NET 10 SDK"
  if [[ -z ${GOVORLEANS_BENCH_GIT:-} ]] && git -C "$REPO_ROOT" rev-parse --short HEAD >/dev/null 2>&1; then
    GOVORLEANS_BENCH_GIT="$(git -C "$REPO_ROOT" rev-parse --short HEAD)$(git -C "$REPO_ROOT" diff --quiet HEAD -- runtime bench 2>/dev/null || echo '+local changes')"
    export GOVORLEANS_BENCH_GIT
  fi

  log "building $PROJECT (Release)"
  dotnet build "$PROJECT" -c Release -nologo -v quiet -clp:ErrorsOnly >&2 || die "build failed"

  if [[ $SCENARIO == all || $SCENARIO == pgwrites ]] && [[ -z $POSTGRES ]]; then
    pg_install
    pg_start
  fi
  print_machine

  # The connection string (with its password) goes through the environment, not the visible command line.
  if [[ -n $POSTGRES ]]; then export GOVORLEANS_BENCH_POSTGRES="$POSTGRES"; fi
  echo
  dotnet run -c Release --no-build --project "$PROJECT" -- "$SCENARIO" "${BENCH_ARGS[@]}"
}

main "$@"
