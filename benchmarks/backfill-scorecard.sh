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
# shellcheck source=benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"
SHIPMENTS="${1:-1000}"; shift || true
use_work_dir backfill
PORT="${PORT:-19192}"; HTTP="${HTTP:-18180}"
SCRATCH="${SCRATCH:-coldchain.scratch.}"
BOOTSTRAP="localhost:$PORT"
echo "work dir $WORK"

stamp() { date +%s; }
t0=$(stamp)

build_cli
start_broker

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
start_streams coldchain-backfill
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
wait_until_quiet "$HTTP" '(coldchain[.]|coldchain-backfill-)' alerts "$published" 330
done_at=$(( $(stamp) - QUIET_S ))

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
