#!/usr/bin/env bash
# The detection scorecard of a live run on a real local broker, as the issue notes report it:
#   benchmarks/scorecard-run.sh [SHIPMENTS] [extra simulate flags...]
# Starts a broker and the streams application on spare ports, publishes a seeded fleet at full speed with
# network realism while the application runs, waits until its input lag is zero and alerts have stopped
# coming for 15 s, then prints the scorecard. Work files stay in $WORK (default: a new temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
SHIPMENTS="${1:-1000}"; shift || true
WORK="${WORK:-$(mktemp -d /tmp/coldchain-scorecard.XXXXXX)}"
PORT="${PORT:-19092}"; HTTP="${HTTP:-18080}"
echo "work dir $WORK"

cleanup() { kill "${STREAMS_PID:-}" "${BROKER_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

./coldchain broker --port "$PORT" --controller-port $((PORT + 1)) > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
until grep -q "ready at" "$WORK/broker.log"; do sleep 1; kill -0 $BROKER_PID || { cat "$WORK/broker.log"; exit 1; }; done

./coldchain streams --bootstrap-server "localhost:$PORT" --state-dir "$WORK/state" --http-port "$HTTP" \
  --application-id coldchain-scorecard ${STREAMS_OPTS:-} > "$WORK/streams.log" 2>&1 &
STREAMS_PID=$!
until curl -sf "localhost:$HTTP/metrics" > /dev/null; do sleep 1; kill -0 $STREAMS_PID || { tail "$WORK/streams.log"; exit 1; }; done
sleep 5

./coldchain simulate -n "$SHIPMENTS" --speed max --network-realism --labels "$WORK/labels.jsonl" \
  --bootstrap-server "localhost:$PORT" "$@" 2> "$WORK/simulate.err" | tee "$WORK/simulate.out"
published=$(date +%s)

metrics() { curl -s "localhost:$HTTP/metrics" || true; }
lag() {
  metrics | awk '/^kafka_consumer_fetch_manager_records_lag\{/ && /topic="(coldchain\.|coldchain-scorecard-)/ {s += $2}
    END {printf "%d", s}'
}
processed() {
  metrics | awk '/^kafka_stream_thread_process_total\{/ {s += $2} END {printf "%d", s}'
}
last=-1; still=0
while true; do
  sleep 5
  now=$(processed); l=$(lag)
  echo "  lag $l, records processed $now"
  if [ "$l" = 0 ] && [ "$now" = "$last" ]; then still=$((still + 5)); else still=0; fi
  last=$now
  [ $still -ge 15 ] && break
done
echo "caught up $(( $(date +%s) - published - still )) s after the simulator finished"
./coldchain score --labels "$WORK/labels.jsonl" --bootstrap-server "localhost:$PORT" --details 20 | tee "$WORK/score.txt"
echo "warnings and errors in streams.log: $(grep -cE ' (WARN|ERROR) ' "$WORK/streams.log" || true)"
metrics | awk '/^kafka_coldchain_detector_set_aside_records_total\{/ {
    match($0, /processor_node_id="[^"]*"/); node = substr($0, RSTART + 19, RLENGTH - 20)
    match($0, /reason="[^"]*"/); reason = substr($0, RSTART + 8, RLENGTH - 9)
    n[node " " reason] += $NF }
  END { for (k in n) printf "set aside on the late-data topic: %s %d\n", k, n[k] }' | sort
