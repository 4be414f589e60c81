#!/usr/bin/env bash
# The detection scorecard of a live run on a real local broker, as the issue notes report it:
#   benchmarks/scorecard-run.sh [SHIPMENTS] [extra simulate flags...]
# Starts a broker and the streams application on spare ports, publishes a seeded fleet at full speed with
# network realism while the application runs, waits until its input lag is zero and alerts have stopped
# coming for 15 s, then prints the scorecard. Work files stay in $WORK (default: a new temporary directory).
set -euo pipefail
# shellcheck source=benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"
SHIPMENTS="${1:-1000}"; shift || true
use_work_dir scorecard
PORT="${PORT:-19092}"; HTTP="${HTTP:-18080}"
METRICS_MAX_TIME=60
echo "work dir $WORK"

build_cli
start_broker

start_streams coldchain-scorecard
sleep 5

./coldchain simulate -n "$SHIPMENTS" --speed max --network-realism --labels "$WORK/labels.jsonl" \
  --bootstrap-server "localhost:$PORT" "$@" 2> "$WORK/simulate.err" | tee "$WORK/simulate.out"
published=$(date +%s)

wait_until_quiet "$HTTP" '(coldchain[.]|coldchain-scorecard-)'
echo "caught up $(( $(date +%s) - published - QUIET_S )) s after the simulator finished"
./coldchain score --labels "$WORK/labels.jsonl" --bootstrap-server "localhost:$PORT" --details 20 | tee "$WORK/score.txt"
echo "warnings and errors in streams.log: $(grep -cE ' (WARN|ERROR) ' "$WORK/streams.log" || true)"
metrics "$HTTP" | awk '/^kafka_coldchain_detector_set_aside_records_total\{/ {
    match($0, /processor_node_id="[^"]*"/); node = substr($0, RSTART + 19, RLENGTH - 20)
    match($0, /reason="[^"]*"/); reason = substr($0, RSTART + 8, RLENGTH - 9)
    n[node " " reason] += $NF }
  END { for (k in n) printf "set aside on the late-data topic: %s %d\n", k, n[k] }' | sort
