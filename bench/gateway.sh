#!/usr/bin/env bash
# Gateway benchmark: GET /api/v1/cases/{id} through the co-hosted gateway against a bare-Kestrel JSON endpoint,
# both measured in the same run with wrk, alternating, so that both see the same machine state.
#
#   bench/gateway.sh
#   flock /tmp/govorleans-build.lock bench/gateway.sh   # on a machine shared with builds (recommended)
#
# What it does (about 80 s, 95 s with a rebuild; bounded to ~2.5 minutes):
#   1. Installs wrk with apt-get when it is missing (root only; otherwise prints the command, exit 2).
#   2. Builds gateway/ and bench/BareKestrel in Release.
#   3. Starts bench/BareKestrel (GET /json: a fixed case-shaped record, about 600 bytes of JSON) and the gateway
#      (co-hosted silo, ASPNETCORE_ENVIRONMENT=Development for the development token issuer and the seeded
#      municipality, a fresh SQLite file in a temp directory, log level Warning, rate limiting and the audit trail
#      ENABLED with the token buckets raised to 10,000,000/s so that one benchmark user is not throttled), each on a
#      free port on 127.0.0.1, and waits for /health/ready.
#   4. Gets a token for the demo citizen anna, submits one parking-permit case and reads it back once.
#   5. Runs, alternating, for each round: bare GET /json, then gateway GET /api/v1/cases/{id} with the bearer token;
#      each a `wrk -t2 -c64 -d8s` warm-up and then `wrk -t2 -c64 -d10s --latency`. Any non-2xx/3xx response or
#      socket error fails the run (exit 1).
#   6. Prints the machine and a table: requests/s, p50 and p99 per run and the mean over the rounds, the server
#      process's CPU time per request, and the ratio gateway/bare against the 70 % target (issue 4).
#   An EXIT trap stops both servers and any wrk still running and deletes the temp directory.
#
# Environment:
#   GOVORLEANS_BENCH_ROUNDS=2      alternating rounds
#   GOVORLEANS_BENCH_DURATION=10   seconds per measured run
#   GOVORLEANS_BENCH_WARMUP=8      seconds of warm-up before every measured run (3 s left round 1 of the gateway
#                                  in tiered-JIT warm-up, at about half its steady rate)
#   GOVORLEANS_BENCH_GATEWAY_PATH  the gateway path to measure; {id} is replaced by the case id
#                                  (default /api/v1/cases/{id})
#   GOVORLEANS_BENCH_NO_BUILD=1    use the existing Release builds
#   GOVORLEANS_BENCH_GIT           the commit to print (default: git rev-parse of this checkout)
#   Gateway settings the script does not set pass through from the environment, e.g. Audit__Enabled=false or
#   RateLimiting__Enabled=false to measure what each part of the pipeline costs (profiling only: the headline
#   figure keeps both enabled).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GATEWAY_DIR="$REPO_ROOT/gateway"
BARE_DIR="$REPO_ROOT/bench/BareKestrel"
ROUNDS="${GOVORLEANS_BENCH_ROUNDS:-2}"
DURATION="${GOVORLEANS_BENCH_DURATION:-10}"
WARMUP="${GOVORLEANS_BENCH_WARMUP:-8}"
DEFAULT_GATEWAY_PATH='/api/v1/cases/{id}'
GATEWAY_PATH_TEMPLATE="${GOVORLEANS_BENCH_GATEWAY_PATH:-$DEFAULT_GATEWAY_PATH}"
THREADS=2 CONNECTIONS=64 TARGET_PERCENT=70
RATE=10000000 # requests/s and burst for every token bucket: far above what one machine serves

WORK="" BARE_PID="" GATEWAY_PID="" WRK_PID="" RESULT=""
T0=$SECONDS

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# --- cleanup ---------------------------------------------------------------------------------------
stop_pid() { # pid name: TERM, up to 10 s for a graceful stop, then KILL
  local pid=$1 name=$2 i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  log "$name ($pid) did not stop in 10 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

on_exit() {
  local rc=$?
  trap - EXIT
  stop_pid "$WRK_PID" wrk
  stop_pid "$GATEWAY_PID" gateway
  stop_pid "$BARE_PID" bare
  if [[ -n $WORK ]]; then rm -rf "$WORK"; fi
  exit "$rc"
}

# --- helpers ---------------------------------------------------------------------------------------
install_wrk() {
  command -v wrk >/dev/null && return 0
  if ! is_root; then
    log "wrk is missing. Install it first:"
    log "  sudo apt-get update && sudo apt-get install -y --no-install-recommends wrk"
    exit 2
  fi
  log "installing wrk (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -q -o DPkg::Lock::Timeout=120 update >&2
  apt-get -q -y -o DPkg::Lock::Timeout=120 install --no-install-recommends wrk >&2
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { # a port nothing listens on, from a random start in 20000..59999
  local port i
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if ! port_in_use "$port"; then echo "$port"; return 0; fi
  done
  die "no free port found"
}

wait_ready() { # name pid url log: until the url answers 200, the process dies, or 60 s pass
  local name=$1 pid=$2 url=$3 logfile=$4 i
  for ((i = 0; i < 600; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$logfile" >&2 || true
      die "$name exited before it was ready (log above)"
    fi
    if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true) == 200 ]]; then return 0; fi
    sleep 0.1
  done
  tail -n 40 "$logfile" >&2 || true
  die "$name was not ready within 60 s (log above)"
}

cpu_ticks() { # user + system clock ticks of a process
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

to_ms() { # wrk duration (123.45us, 1.20ms, 1.01s, 2.00m) -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; else if (u != "ms") n = -1
    printf "%.3f", n }'
}

# run_wrk label url outfile header server_pid: warm-up, then the measured run.
# Sets RESULT="requests/s p50_ms p99_ms server_cpu_us_per_request" (no subshell, so the EXIT trap can stop wrk).
run_wrk() {
  local label=$1 url=$2 out=$3 header=$4 pid=$5 args=(-t"$THREADS" -c"$CONNECTIONS")
  if [[ -n $header ]]; then args+=(-H "$header"); fi

  timeout $((WARMUP + 20)) wrk "${args[@]}" -d"${WARMUP}s" "$url" >"$out.warmup" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || { cat "$out.warmup" >&2; die "$label: wrk warm-up failed"; }

  local ticks0 ticks1 hz
  hz=$(getconf CLK_TCK)
  ticks0=$(cpu_ticks "$pid")
  timeout $((DURATION + 20)) wrk "${args[@]}" -d"${DURATION}s" --latency "$url" >"$out" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || { cat "$out" >&2; die "$label: wrk failed"; }
  WRK_PID=""
  ticks1=$(cpu_ticks "$pid")

  local non2xx socket
  non2xx=$(sed -n 's/^[[:space:]]*Non-2xx or 3xx responses:[[:space:]]*//p' "$out")
  socket=$(grep -E '^[[:space:]]*Socket errors:' "$out" || true)
  if [[ -n $non2xx ]]; then
    cat "$out" >&2
    die "$label: $non2xx non-2xx/3xx responses (the run does not count)"
  fi
  if [[ -n $socket ]]; then
    cat "$out" >&2
    die "$label: $(echo "$socket" | sed 's/^[[:space:]]*//') (the run does not count)"
  fi

  local rps p50 p99 requests
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  requests=$(awk '/requests in/ { print $1 }' "$out")
  [[ -n $rps && -n $requests && $requests -gt 0 ]] || { cat "$out" >&2; die "$label: could not read wrk's output"; }
  RESULT=$(awk -v r="$rps" -v a="$p50" -v b="$p99" -v t=$((ticks1 - ticks0)) -v hz="$hz" -v n="$requests" \
    'BEGIN { printf "%.0f %s %s %.0f", r, a, b, t * 1e6 / hz / n }')
}

print_machine() {
  local cpu mem
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "== machine"
  echo "  cpus:    $(nproc) x ${cpu:-unknown} ($(sed -n 's/^cpu MHz[[:space:]]*: //p' /proc/cpuinfo | head -n 1) MHz)"
  echo "  memory:  $mem"
  echo "  kernel:  $(uname -sr)"
  echo "  load:    $(cut -d ' ' -f 1-3 /proc/loadavg) (1/5/15 min, before the run)"
  echo "  dotnet:  SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ { v = $2 } END { print v }') (ASP.NET Core)"
  echo "  wrk:     $(wrk -v 2>&1 | head -n 1 | sed 's/ Copyright.*//' || true)"
  if [[ -z ${GOVORLEANS_BENCH_GIT:-} ]] && git -C "$REPO_ROOT" rev-parse --short HEAD >/dev/null 2>&1; then
    GOVORLEANS_BENCH_GIT="$(git -C "$REPO_ROOT" rev-parse --short HEAD)$(git -C "$REPO_ROOT" diff --quiet HEAD -- \
      gateway grains silo runtime grain-interfaces bench 2>/dev/null || echo ' +local changes')"
  fi
  echo "  git:     ${GOVORLEANS_BENCH_GIT:-unknown}"
}

# --- main ------------------------------------------------------------------------------------------
main() {
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  command -v dotnet >/dev/null || die "dotnet not found; install the .NET 10 SDK"
  command -v curl >/dev/null || die "curl not found"
  install_wrk
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/govorleans-bench-gateway.XXXXXX")

  if [[ ${GOVORLEANS_BENCH_NO_BUILD:-0} != 1 ]]; then
    log "building gateway and bench/BareKestrel (Release)"
    dotnet build "$GATEWAY_DIR/GovOrleans.Gateway.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2 || die "gateway build failed"
    dotnet build "$BARE_DIR/GovOrleans.Bench.BareKestrel.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2 || die "bare build failed"
  fi
  local gateway_dll="$GATEWAY_DIR/bin/Release/net10.0/GovOrleans.Gateway.dll"
  local bare_dll="$BARE_DIR/bin/Release/net10.0/GovOrleans.Bench.BareKestrel.dll"
  [[ -f $gateway_dll && -f $bare_dll ]] || die "Release builds missing ($gateway_dll, $bare_dll)"
  print_machine

  local bare_port gateway_port
  bare_port=$(free_port)
  log "starting bare Kestrel on 127.0.0.1:$bare_port"
  (cd "$BARE_DIR" && exec dotnet "$bare_dll" --urls "http://127.0.0.1:$bare_port") >"$WORK/bare.log" 2>&1 &
  BARE_PID=$!

  gateway_port=$(free_port)
  while [[ $gateway_port == "$bare_port" ]]; do gateway_port=$(free_port); done
  log "starting the gateway on 127.0.0.1:$gateway_port (SQLite $WORK/bench.db)"
  (
    cd "$GATEWAY_DIR"
    export ASPNETCORE_ENVIRONMENT=Development
    export Platform__Storage__Provider=Sqlite
    export Platform__Storage__ConnectionString="Data Source=$WORK/bench.db"
    export Logging__LogLevel__Default=Warning
    local kind
    for kind in Global PerUser PerEndpoint; do
      export "RateLimiting__${kind}__TokenLimit=$RATE" "RateLimiting__${kind}__TokensPerPeriod=$RATE"
    done
    exec dotnet "$gateway_dll" --urls "http://127.0.0.1:$gateway_port"
  ) >"$WORK/gateway.log" 2>&1 &
  GATEWAY_PID=$!

  local bare_url="http://127.0.0.1:$bare_port" gateway_url="http://127.0.0.1:$gateway_port"
  wait_ready bare "$BARE_PID" "$bare_url/json" "$WORK/bare.log"
  wait_ready gateway "$GATEWAY_PID" "$gateway_url/health/ready" "$WORK/gateway.log"
  log "both ready after $((SECONDS - T0)) s"

  # --- one citizen, one case ---
  local token_json token body submit id path status
  token_json=$(curl -sS --fail-with-body --max-time 10 -X POST "$gateway_url/api/v1/auth/token" \
    -d grant_type=password -d username=anna -d password=demo) || die "token request failed: $token_json"
  token=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$token_json")
  [[ -n $token ]] || die "no access_token in: $token_json"
  body=$(printf '{"caseTypeCode":"parking-permit","data":{"licencePlate":"AB-123-C","zone":"A","startDate":"%s","months":6}}' \
    "$(date -u -d '+7 days' +%F)")
  submit=$(curl -sS --fail-with-body --max-time 10 -X POST "$gateway_url/api/v1/cases" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body") || die "submit failed: $submit"
  id=$(sed -n 's/^{"id":"\(C-[0-9a-fA-F]*\)".*/\1/p' <<<"$submit")
  [[ -n $id ]] || die "no case id in: $submit"
  path=${GATEWAY_PATH_TEMPLATE//\{id\}/$id}
  status=$(curl -s -o "$WORK/case.json" -w '%{http_code} %{size_header} %{size_download}' --max-time 10 \
    -H "Authorization: Bearer $token" "$gateway_url$path") || die "GET $path failed (curl exit $?)"
  [[ $status == 200\ * ]] || die "GET $path answered $status: $(cat "$WORK/case.json")"
  local bare_size
  bare_size=$(curl -s -o /dev/null -w '%{size_header} %{size_download}' --max-time 10 "$bare_url/json") || die "GET /json failed"
  log "case $id; response sizes (headers + body): gateway ${status#200 } B, bare $bare_size B"

  # --- measure, alternating ---
  local round
  local -a bare_rows=() gateway_rows=()
  for ((round = 1; round <= ROUNDS; round++)); do
    log "round $round/$ROUNDS: bare GET /json (${WARMUP}s warm-up + ${DURATION}s)"
    run_wrk "bare round $round" "$bare_url/json" "$WORK/bare.$round.txt" "" "$BARE_PID"
    bare_rows+=("$RESULT")
    log "  $RESULT (requests/s p50_ms p99_ms server_cpu_us/request)"
    log "round $round/$ROUNDS: gateway GET ${GATEWAY_PATH_TEMPLATE} (${WARMUP}s warm-up + ${DURATION}s)"
    run_wrk "gateway round $round" "$gateway_url$path" "$WORK/gateway.$round.txt" "Authorization: Bearer $token" "$GATEWAY_PID"
    gateway_rows+=("$RESULT")
    log "  $RESULT"
  done
  kill -0 "$GATEWAY_PID" 2>/dev/null || die "the gateway died during the run"
  local warnings
  warnings=$(grep -cE '^(warn|fail|crit)' "$WORK/gateway.log" || true)

  # --- report ---
  echo
  echo "== results: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, ${WARMUP} s warm-up before every run, rounds alternate bare/gateway"
  echo "   gateway: GET ${GATEWAY_PATH_TEMPLATE} (one case, bearer token of citizen anna), co-hosted silo, SQLite, rate limiting $([[ ${RateLimiting__Enabled:-true} == [Ff]alse ]] && echo OFF || echo on), audit $([[ ${Audit__Enabled:-true} == [Ff]alse ]] && echo OFF || echo on)"
  echo "   bare:    GET /json (fixed case-shaped record); response bytes (headers + body): gateway ${status#200 }, bare $bare_size"
  echo
  printf '| %-40s | %-5s | %10s | %9s | %9s | %14s |\n' endpoint round requests/s "p50 ms" "p99 ms" "server CPU/req"
  echo '|------------------------------------------|-------|-----------:|----------:|----------:|---------------:|'
  local name rows_var
  for name in bare gateway; do
    rows_var="${name}_rows[@]"
    local label="bare Kestrel GET /json"
    [[ $name == gateway ]] && label="gateway GET ${GATEWAY_PATH_TEMPLATE}"
    printf '%s\n' "${!rows_var}" | awk -v label="$label" '
      { n++; r += $1; a += $2; b += $3; c += $4
        printf "| %-40s | %-5s | %10s | %9.2f | %9.2f | %11d µs |\n", label, n, sprintf("%d", $1), $2, $3, $4 }
      END { printf "| %-40s | %-5s | %10s | %9.2f | %9.2f | %11d µs |\n", label, "mean", sprintf("%d", r / n + 0.5), a / n, b / n, c / n }'
  done
  local bare_mean gateway_mean
  bare_mean=$(printf '%s\n' "${bare_rows[@]}" | awk '{ s += $1 } END { print s / NR }')
  gateway_mean=$(printf '%s\n' "${gateway_rows[@]}" | awk '{ s += $1 } END { print s / NR }')
  echo
  awk -v g="$gateway_mean" -v b="$bare_mean" -v t="$TARGET_PERCENT" 'BEGIN {
    p = 100 * g / b
    printf "ratio gateway / bare (mean requests/s): %.1f %% (target >= %d %%): %s\n", p, t, (p >= t ? "met" : "NOT met") }'
  echo "p50/p99 means are the averages of the per-round percentiles. server CPU/req: the server process's user+system"
  echo "CPU time during the measured run divided by its requests (wrk runs on the same $(nproc) cores)."
  if [[ $warnings -gt 0 ]]; then echo "gateway log: $warnings warning/error lines (see below)"; grep -E -A2 '^(warn|fail|crit)' "$WORK/gateway.log" | head -n 20; fi
  echo "total time: $((SECONDS - T0)) s"
}

main "$@"
