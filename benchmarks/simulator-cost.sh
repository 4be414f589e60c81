#!/usr/bin/env bash
# The load generator's own cost: `coldchain simulate` publishing at a fixed rate to a local broker with nothing
# consuming, its CPU (all its threads: generation, pacing, serialization, the producer) per event over a window.
# live-latency.sh runs the simulator on the same two cores as the application, so what it costs is taken from the
# application there.
#
# Usage: [SIM_JARS="before.jar after.jar"] [ROUNDS=1] [WARMUP=30] benchmarks/simulator-cost.sh [SHIPMENTS] [RATE] [SECONDS]
#   SHIPMENTS (default 65000, live-latency.sh's fleet at 10 k events/s), RATE events/s (default 10000), SECONDS of
#   window (default 60) after WARMUP seconds (default 30: the fleet's plans go first, at once). Each jar in SIM_JARS
#   (default: this checkout's CLI) runs in turn, ROUNDS times, each run on topics of its own on one broker, the
#   simulation starting 27 minutes before the wall clock at speed 10 with every incident, as live-latency.sh runs it.
#   Prints per run: events published in the window (end offsets of its topics), events/s, CPU seconds and µs of CPU
#   per event.
set -euo pipefail
# shellcheck source=benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"
SHIPMENTS="${1:-65000}"
RATE="${2:-10000}"
WINDOW="${3:-60}"
WARMUP="${WARMUP:-30}"
use_work_dir sim-cost
PORT="${PORT:-19692}"
BOOTSTRAP="localhost:$PORT"
build_cli
fetch_kafka_tools
SIM_JARS="${SIM_JARS:-$CLI_JAR}"
echo "work dir $WORK; $SHIPMENTS shipments at $RATE events/s, window $WINDOW s after $WARMUP s; load $(load_avg) on" \
  "$(nproc) cores"
start_broker --data-dir "$WORK/broker"
TICKS=$(getconf CLK_TCK)


run=0
for round in $(seq 1 "${ROUNDS:-1}"); do
  for jar in $SIM_JARS; do
    run=$((run + 1)); prefix="simcost$run."
    start=$(date -u -d "@$(( $(date +%s) - 27 * 60 ))" +%Y-%m-%dT%H:%M:%SZ)
    java -jar "$jar" simulate -n "$SHIPMENTS" --seed 42 --speed 10 --rate "$RATE" --incidents all --start "$start" \
      --create-topics --bootstrap-server "$BOOTSTRAP" --topic-prefix "$prefix" > "$WORK/simulate-$run.out" 2> "$WORK/simulate-$run.err" &
    sim=$!   # not in PIDS: waited for below; cleanup's `jobs -pr` stops it if the script ends first
    sleep "$WARMUP"
    kill -0 "$sim" 2>/dev/null || { cat "$WORK/simulate-$run.err"; exit 1; }
    e1=$(records_on "$(input_topics "$prefix")"); c1=$(cpu_ticks "$sim"); t1=$(now_ms)
    sleep "$WINDOW"
    kill -0 "$sim" 2>/dev/null || { echo "the simulator ended during the window:"; cat "$WORK/simulate-$run.err"; exit 1; }
    e2=$(records_on "$(input_topics "$prefix")"); c2=$(cpu_ticks "$sim"); t2=$(now_ms)
    kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true
    awk -v jar="$jar" -v round="$round" -v n=$((e2 - e1)) -v ms=$((t2 - t1)) -v c=$((c2 - c1)) -v hz="$TICKS" \
      -v load="$(load_avg)" 'BEGIN {
        printf "round %d %s: %d events in %.1f s (%.0f/s), simulator CPU %.1f s, %.1f µs an event; load %s\n",
          round, jar, n, ms / 1000, n * 1000 / ms, c / hz, (n > 0 ? 1e6 * c / hz / n : 0), load }'
  done
done
