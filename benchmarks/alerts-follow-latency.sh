#!/usr/bin/env bash
# How soon `coldchain alerts --follow --min-severity HIGH` shows an alert after its transaction commits, against a plain
# read_committed consumer polling the same topic in the same run (the floor Kafka itself sets):
#   benchmarks/alerts-follow-latency.sh [ALERTS]        (default 200, ≈ 1 min; figures in docs/BENCHMARKS.md)
# Starts an in-process broker, the follower as its own process from the launcher's jar, then writes ALERTS HIGH alerts
# one transaction each (a MEDIUM one before each, which the filter must hide) and prints p50/p90/p99/max of both.
set -euo pipefail
# shellcheck source=benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"
ALERTS="${1:-200}"
build_cli
build_benchmarks
echo "load $(load_avg) on $(nproc) cores"
exec java -cp "$BENCH_JAR" io.coldchain.bench.AlertsFollowLatency "$CLI_JAR" "$ALERTS"
