#!/usr/bin/env bash
# Cluster benchmarks with one command (about 2.5 minutes on 2 cores):
#
#   bench/cluster.sh [seconds per run, default 10]
#
# 1. Cross-process call throughput and latency (bench/ClusterBench), full load then paced at half the measured
#    rate: (a) client to silo: 2 silo processes + this client process with 64 callers; (b) silo to silo: silo
#    process B + this process as silo A, whose 64 callers call grains living on B.
# 2. The failover timeline of the multi-process test: 3 silo processes + client against a throwaway
#    PostgreSQL (started by the test fixture), 1,000 canaries under load, SIGKILL one silo; prints
#    kill -> first acknowledged write per affected grain (median, max).
# On a machine shared with builds, serialise: flock /tmp/govorleans-build.lock bench/cluster.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$ROOT/bench/ClusterBench" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
dotnet "$ROOT/bench/ClusterBench/bin/Release/net10.0/ClusterBench.dll" "${1:-10}"
echo
echo "== failover timeline (tests/GovOrleans.Grains.Tests MultiProcessFailoverTests)"
dotnet test "$ROOT/tests/GovOrleans.Grains.Tests" -c Release --filter "FullyQualifiedName~MultiProcessFailover" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "killed |Passed!|Failed!" || true
