#!/usr/bin/env bash
# The detection scorecard of a backfill on a real local broker: history published after the fact, per type.
#   benchmarks/backfill-scorecard.sh [SHIPMENTS] [extra simulate flags...]
# Starts a broker on spare ports, simulates a seeded fleet with network realism and writes it as JSON Lines
# (simulate cannot write files: it publishes to scratch topics under $SCRATCH, which `export` reads back, one file
# per input type). Then starts the streams application and publishes the history with `publish`, one file after
# another: plans, temperature, location, custody. Waits until the input lag is zero and alerts have stopped coming
# for 15 s (buffered readings are handed over 5 min of wall clock after their shipment's last one), prints the
# scorecard with the acceptance thresholds and what was set aside and dead-lettered. Work files stay in $WORK.
set -euo pipefail
cd "$(dirname "$0")/.."
SHIPMENTS="${1:-1000}"; shift || true
WORK="${WORK:-$(mktemp -d /tmp/coldchain-backfill.XXXXXX)}"
PORT="${PORT:-19192}"; HTTP="${HTTP:-18180}"
SCRATCH="${SCRATCH:-coldchain.scratch.}"
BOOTSTRAP="localhost:$PORT"
echo "work dir $WORK"

cleanup() { kill "${STREAMS_PID:-}" "${BROKER_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
stamp() { date +%s; }
t0=$(stamp)

./coldchain broker --port "$PORT" --controller-port $((PORT + 1)) > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
until grep -q "ready at" "$WORK/broker.log"; do sleep 1; kill -0 $BROKER_PID || { cat "$WORK/broker.log"; exit 1; }; done

# 1. The history: simulated to scratch topics, exported per type as JSON Lines.
./coldchain simulate -n "$SHIPMENTS" --speed max --network-realism --labels "$WORK/labels.jsonl" \
  --bootstrap-server "$BOOTSTRAP" --topic-prefix "$SCRATCH" --create-topics "$@" \
  2> "$WORK/simulate.err" | tee "$WORK/simulate.out"
TYPES="plans temperature location custody"
for type in $TYPES; do
  ./coldchain export --topic "$type" --file "$WORK/$type.jsonl" --bootstrap-server "$BOOTSTRAP" \
    --topic-prefix "$SCRATCH" 2>> "$WORK/export.err"
  echo "  $type: $(wc -l < "$WORK/$type.jsonl") lines"
done
generated=$(stamp)

# 2. The application, then the history published after the fact, one type after another.
./coldchain streams --bootstrap-server "$BOOTSTRAP" --state-dir "$WORK/state" --http-port "$HTTP" \
  --application-id coldchain-backfill ${STREAMS_OPTS:-} > "$WORK/streams.log" 2>&1 &
STREAMS_PID=$!
until curl -sf "localhost:$HTTP/metrics" > /dev/null; do sleep 1; kill -0 $STREAMS_PID || { tail "$WORK/streams.log"; exit 1; }; done
sleep 5

started=$(stamp)
for type in $TYPES; do
  t=$(stamp)
  ./coldchain publish --file "$WORK/$type.jsonl" --bootstrap-server "$BOOTSTRAP" 2> "$WORK/publish-$type.err" \
    | tee -a "$WORK/publish.out"
  echo "  published $type in $(( $(stamp) - t )) s"
done
published=$(stamp)

# 3. Caught up: input lag zero, nothing processed for 15 s, and the readings' wall-clock hand-over (5 min) passed.
metrics() { curl -s "localhost:$HTTP/metrics" || true; }
lag() {
  metrics | awk '/^kafka_consumer_fetch_manager_records_lag\{/ && /topic="(coldchain\.|coldchain-backfill-)/ {s += $2}
    END {printf "%d", s}'
}
processed() {
  metrics | awk '/^kafka_stream_thread_process_total\{/ {s += $2} END {printf "%d", s}'
}
alerts() {
  metrics | awk '/^kafka_producer_topic_record_send_total\{/ && /topic="coldchain\.alerts"/ {s += $2} END {printf "%d", s}'
}
last=-1; lastAlerts=-1; still=0
while true; do
  sleep 5
  now=$(processed); l=$(lag); a=$(alerts)
  echo "  lag $l, records processed $now, alerts sent $a"
  if [ "$l" = 0 ] && [ "$now" = "$last" ] && [ "$a" = "$lastAlerts" ]; then still=$((still + 5)); else still=0; fi
  last=$now; lastAlerts=$a
  [ $still -ge 15 ] && [ $(( $(stamp) - published )) -ge 330 ] && break
done
done_at=$(( $(stamp) - still ))

./coldchain score --labels "$WORK/labels.jsonl" --bootstrap-server "$BOOTSTRAP" --details 20 \
  --min-precision 0.99 --min-recall 1.0 | tee "$WORK/score.txt" && verdict=pass || verdict=FAIL
late=$(./coldchain export --topic late-data --bootstrap-server "$BOOTSTRAP" --file - 2>/dev/null | tee "$WORK/late-data.jsonl" | wc -l)
dead=$(./coldchain export --topic dead-letter --bootstrap-server "$BOOTSTRAP" --file - 2>/dev/null | tee "$WORK/dead-letter.jsonl" | wc -l)
echo "set aside on the late-data topic: $late"
jq -r '.setAside.reason | sub("[0-9]+"; "N"; "g")' "$WORK/late-data.jsonl" 2>/dev/null | sort | uniq -c | sort -rn | head -5 || true
echo "dead-lettered: $dead"
echo "warnings and errors in streams.log: $(grep -cE ' (WARN|ERROR) ' "$WORK/streams.log" || true)"
echo "timings: generated and exported $(( generated - t0 )) s; published $(( published - started )) s;" \
  "processed and settled $(( done_at - published )) s after the last publish (at least the 5 min hand-over);" \
  "total $(( $(stamp) - t0 )) s"
echo "scorecard thresholds (precision 0.99, recall 1.0): $verdict"
[ "$verdict" = pass ]
