#!/usr/bin/env bash
# kill -9 at random moments, once with the state directory deleted: does the application still write exactly the
# alerts of an uninterrupted run?
#   benchmarks/kill-restart.sh [SHIPMENTS] [KILLS]        (defaults 40 and 10, ≈ 13 min; figures in docs/RELIABILITY.md)
#
# 1. Starts a broker on spare ports, simulates a seeded fleet (SIM_OPTS) to scratch topics (src.) and
#    exports it as one JSON Lines file (plans, temperature, location, custody), so both runs get the same input.
# 2. Creates the topics of two prefixes (ref. and kill.: a `streams --create-topics` started and stopped for each,
#    under its own application id) and `publish`es the file into both, before any application reads them.
# 3. Runs two applications side by side, each on its own prefix, application id and state directory:
#    - the reference, never interrupted;
#    - the killed one: SIGKILLed KILLS times at random moments and restarted each time. Every third kill (3, 6, 9)
#      comes a random 1..2*MAX_WAIT s after the launch (during JVM start, the cluster check, the rebalance or state
#      restoration), the others a random 1..MAX_WAIT s after the instance reported RUNNING (mid-processing, a
#      transaction open). After kill number DELETE_AT its state directory is deleted, so the next instance restores
#      every store from its changelog. The waits come from bash's RANDOM seeded with KILL_SEED: the same seed, the
#      same schedule.
# 4. Waits until both have caught up (input lag 0, nothing processed and no alert sent for 15 s) and the 5 min
#    wall-clock hand-over of the last buffered readings has passed since each one's last start.
# 5. Exports the alerts and late data of both (read_committed) and compares them as multisets of records:
#    lost = in the reference and not (as often) in the killed run; duplicated = more often in the killed run;
#    extra = in the killed run only. Prints the alert ids concerned and, for a record only in the killed run, after
#    which kill it was first committed (the alerts are exported after every kill). Exit 1 on any difference in the
#    alerts.
# It also prints each restart's time from launch to RUNNING (GET /health/ready answers 200), split by the log into
# JVM start (launch to the configuration line), cluster check and client set-up (to REBALANCING) and group join
# with state restoration (to RUNNING). Simulator flags: SIM_OPTS (default: every incident type in turn, network
# realism).
# Work files (logs, input, exports, kills.tsv) stay in $WORK.
set -euo pipefail
# shellcheck source=benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"
SHIPMENTS="${1:-40}"
KILLS="${2:-10}"
SEED="${SEED:-42}"
KILL_SEED="${KILL_SEED:-7}"
MAX_WAIT="${MAX_WAIT:-15}"
DELETE_AT="${DELETE_AT:-4}"
SIM_OPTS="${SIM_OPTS:---incidents all --network-realism}"
HANDOVER="${HANDOVER:-330}"
use_work_dir kill-restart
PORT="${PORT:-19292}"; HTTP_REF="${HTTP_REF:-18281}"; HTTP_KILL="${HTTP_KILL:-18282}"
BOOTSTRAP="localhost:$PORT"
RANDOM=$KILL_SEED
echo "work dir $WORK; $SHIPMENTS shipments (seed $SEED), $KILLS kills (seed $KILL_SEED, waits 1..$MAX_WAIT s)," \
  "state directory deleted after kill $DELETE_AT"

t0=$(now_ms)

build_cli
start_broker --topic-prefix src.

# 1. The input, once.
./coldchain simulate -n "$SHIPMENTS" --seed "$SEED" --speed max $SIM_OPTS --bootstrap-server "$BOOTSTRAP" \
  --topic-prefix src. 2> "$WORK/simulate.err" > "$WORK/simulate.out"
TYPES="plans temperature location custody"
for type in $TYPES; do
  ./coldchain export --topic "$type" --topic-prefix src. --bootstrap-server "$BOOTSTRAP" --file "$WORK/src-$type.jsonl" \
    2> "$WORK/export-src-$type.err" &
done
wait_all() { local pid rc=0; for pid in $(jobs -rp); do [ "$pid" = "$BROKER_PID" ] || wait "$pid" || rc=$?; done; return $rc; }
wait_all
for type in $TYPES; do cat "$WORK/src-$type.jsonl"; done > "$WORK/input.jsonl"
echo "input: $(wc -l < "$WORK/input.jsonl") events ($(cat "$WORK/simulate.out"))"

# 2. The topics of both runs, then the same input into each.
for run in ref kill; do
  ./coldchain streams --bootstrap-server "$BOOTSTRAP" --topic-prefix "$run." --application-id "kr-setup-$run" \
    --state-dir "$WORK/state-setup-$run" --http-port -1 --create-topics > "$WORK/setup-$run.log" 2>&1 &
  PIDS+=($!)
done
for run in ref kill; do
  until grep -q "Streams state" "$WORK/setup-$run.log"; do
    sleep 1; grep -q "coldchain streams:" "$WORK/setup-$run.log" && { cat "$WORK/setup-$run.log"; exit 1; }
  done
done
kill "${PIDS[@]:1}"; wait "${PIDS[@]:1}" 2>/dev/null || true; PIDS=("$BROKER_PID")
for run in ref kill; do
  ./coldchain publish --file "$WORK/input.jsonl" --topic-prefix "$run." --bootstrap-server "$BOOTSTRAP" \
    > "$WORK/publish-$run.out" 2> "$WORK/publish-$run.err" &
done
wait_all
echo "published into ref. and kill.: $(cat "$WORK/publish-kill.out")"
ready_at=$(now_ms)

# 3. The two applications.
streams() { # run http log -> LAST_PID
  ./coldchain streams --bootstrap-server "$BOOTSTRAP" --topic-prefix "$1." --application-id "kr-$1" \
    --state-dir "$WORK/state-$1" --http-port "$2" ${STREAMS_OPTS:-} > "$3" 2>&1 &
  LAST_PID=$!; PIDS+=("$LAST_PID")
}
ready() { curl -sf -o /dev/null --max-time 1 "localhost:$1/health/ready"; }
processed() { metrics "$1" | sum_metric kafka_stream_thread_process_total; }   # http
lag() { metrics "$1" | sum_metric kafka_consumer_fetch_manager_records_lag "topic=\"($2[.]|kr-$2-)"; }   # http run
# Seconds from the launch to the configuration line, to REBALANCING and to the first RUNNING in an instance's log
# ("-" where not reached).
phases() { # log launch-time-of-day
  awk -v launch="$2" 'function ms(t) { split(t, a, ":"); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 }
    function s(t) { return t == "" ? "-" : sprintf("%.1f", (ms(t) - ms(launch) + 86400000) % 86400000 / 1000) }
    /Configuration: / && c == "" { c = $1 } /CREATED -> REBALANCING/ && r == "" { r = $1 } /-> RUNNING/ && u == "" { u = $1 }
    END { printf "%s\t%s\t%s", s(c), s(r), s(u) }' "$1"
}
alerts_sent() { metrics "$1" | sum_metric kafka_producer_topic_record_send_total "topic=\"$2[.]alerts\""; }   # http run

streams ref "$HTTP_REF" "$WORK/streams-ref.log"; REF_PID=$LAST_PID; ref_start=$(now_ms)

printf "instance\tstate_dir\tkilled_at\tkilled_after\twait_s\tready_s\tjvm_s\tclient_s\tjoin_s\tup_s\tprocessed\n" \
  > "$WORK/kills.tsv"
restarts=()   # launch-to-RUNNING of every restarted instance that reached RUNNING, in ms
state_note="kept"
for i in $(seq 1 "$KILLS"); do
  launch=$(now_ms); launch_tod=$(date +%H:%M:%S.%3N)
  streams kill "$HTTP_KILL" "$WORK/streams-kill-$i.log"; pid=$LAST_PID
  running=""
  if (( i % 3 == 0 )); then
    wait_s=$(( RANDOM % (2 * MAX_WAIT) + 1 )); anchor=launch; deadline=$(( launch + wait_s * 1000 ))
  else
    wait_s=$(( RANDOM % MAX_WAIT + 1 )); anchor=RUNNING
    until ready "$HTTP_KILL"; do
      kill -0 "$pid" || { tail "$WORK/streams-kill-$i.log"; exit 1; }
      (( $(now_ms) - launch < 180000 )) || { echo "instance $i not RUNNING after 180 s"; exit 1; }
      sleep 0.2
    done
    running=$(( $(now_ms) - launch )); deadline=$(( $(now_ms) + wait_s * 1000 ))
  fi
  while (( $(now_ms) < deadline )); do
    if [ -z "$running" ] && ready "$HTTP_KILL"; then running=$(( $(now_ms) - launch )); fi
    sleep 0.2
  done
  done_records=$(processed "$HTTP_KILL")
  [ -z "${SNAP_PID:-}" ] || wait "$SNAP_PID"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true; killed_at=$(date +%H:%M:%S)
  up=$(( $(now_ms) - launch ))
  [ -n "$running" ] && (( i > 1 )) && restarts+=("$running")
  [ "$state_note" = deleted ] && deleted_restart="${running:-killed before RUNNING}"
  ready_s=$([ -n "$running" ] && secs "$running" || echo -)
  printf "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n" "$i" "$state_note" "$killed_at" "$anchor" "$wait_s" "$ready_s" \
    "$(phases "$WORK/streams-kill-$i.log" "$launch_tod")" "$(secs "$up")" "$done_records" >> "$WORK/kills.tsv"
  echo "  kill -9 #$i at $killed_at: ${wait_s} s after $anchor (state directory $state_note); launch to RUNNING $ready_s s" \
    "(JVM, client, join: $(phases "$WORK/streams-kill-$i.log" "$launch_tod" | tr '\t' ' ')); processed $done_records records"
  # What the killed instances committed so far, exported while the next one starts (a supervisor restarts at once):
  # where a difference first shows.
  ./coldchain export --topic alerts --topic-prefix kill. --bootstrap-server "$BOOTSTRAP" \
    --file "$WORK/kill-alerts-after-$i.jsonl" 2>> "$WORK/export-snapshots.err" &
  SNAP_PID=$!
  state_note=kept
  if (( i == DELETE_AT )); then rm -rf "$WORK/state-kill"; state_note=deleted; fi
done
launch=$(now_ms); launch_tod=$(date +%H:%M:%S.%3N)
streams kill "$HTTP_KILL" "$WORK/streams-kill-final.log"; KILL_PID=$LAST_PID
until ready "$HTTP_KILL"; do kill -0 "$KILL_PID" || { tail "$WORK/streams-kill-final.log"; exit 1; }; sleep 0.2; done
wait "$SNAP_PID"
restarts+=("$(( $(now_ms) - launch ))"); kill_start=$launch
[ "$state_note" = deleted ] && deleted_restart="${restarts[-1]}"
printf "final\t%s\t-\t-\t-\t%s\t%s\t-\t-\n" "$state_note" "$(secs "${restarts[-1]}")" \
  "$(phases "$WORK/streams-kill-final.log" "$launch_tod")" >> "$WORK/kills.tsv"
echo "  final instance RUNNING $(secs "${restarts[-1]}") s after launch (JVM, client, join:" \
  "$(phases "$WORK/streams-kill-final.log" "$launch_tod" | tr '\t' ' ')); no more kills"

# 4. Both caught up and the hand-over passed.
declare -A last=() lastAlerts=() still=() settled=()
while [ -z "${settled[ref]:-}" ] || [ -z "${settled[kill]:-}" ]; do
  sleep 5
  line=""
  for run in ref kill; do
    [ -n "${settled[$run]:-}" ] && continue
    http=$([ $run = ref ] && echo "$HTTP_REF" || echo "$HTTP_KILL")
    started=$([ $run = ref ] && echo "$ref_start" || echo "$kill_start")
    p=$(processed "$http"); l=$(lag "$http" $run); a=$(alerts_sent "$http" $run)
    if [ "$l" = 0 ] && [ "$p" = "${last[$run]:-}" ] && [ "$a" = "${lastAlerts[$run]:-}" ]; then
      still[$run]=$(( ${still[$run]:-0} + 5 )); else still[$run]=0; fi
    last[$run]=$p; lastAlerts[$run]=$a
    if (( ${still[$run]} >= 15 && $(now_ms) - started >= HANDOVER * 1000 )); then settled[$run]=$(now_ms); fi
    line="$line $run: lag $l, processed $p, alerts sent $a;"
  done
  echo " $line"
  (( $(now_ms) - ready_at < 1800000 )) || { echo "not settled after 30 min"; exit 1; }
done
kill "$REF_PID" "$KILL_PID"; wait "$REF_PID" "$KILL_PID" 2>/dev/null || true

# 5. Compare.
for topic in alerts late-data dead-letter; do
  for run in ref kill; do
    ./coldchain export --topic "$topic" --topic-prefix "$run." --bootstrap-server "$BOOTSTRAP" \
      --file "$WORK/$run-$topic.jsonl" 2> "$WORK/export-$run-$topic.err" &
  done
  wait_all
done
compare() { # what ref kill -> prints the counts line and the differing records
  awk -v what="$1" 'FNR == NR { ref[$0]++; next } { kill[$0]++ }
    END {
      for (l in ref) { k = (l in kill) ? kill[l] : 0
        if (k < ref[l]) { lost += ref[l] - k; print "  lost " (ref[l] - k) "x: " l > "/dev/stderr" }
        if (k > ref[l]) { dup += k - ref[l]; print "  duplicated " (k - ref[l]) "x: " l > "/dev/stderr" } }
      for (l in kill) if (!(l in ref)) { extra += kill[l]; print "  extra " kill[l] "x: " l > "/dev/stderr" }
      printf "%s: reference %d records, killed run %d; lost %d, duplicated %d, extra %d\n", what, NR - FNR, FNR,
        lost, dup, extra }' "$2" "$3"
}
ids() { jq -r '.alertId' "$1" | sort -u; }
echo
compare alerts "$WORK/ref-alerts.jsonl" "$WORK/kill-alerts.jsonl" 2> "$WORK/alerts-diff.txt" | tee "$WORK/verdict.txt"
echo "alert ids: reference $(ids "$WORK/ref-alerts.jsonl" | wc -l), killed run $(ids "$WORK/kill-alerts.jsonl" | wc -l);" \
  "missing $(comm -23 <(ids "$WORK/ref-alerts.jsonl") <(ids "$WORK/kill-alerts.jsonl") | wc -l)," \
  "only in the killed run $(comm -13 <(ids "$WORK/ref-alerts.jsonl") <(ids "$WORK/kill-alerts.jsonl") | wc -l)"
head -20 "$WORK/alerts-diff.txt" | cut -c1-300
grep '^  extra\|^  duplicated' "$WORK/alerts-diff.txt" | sed 's/^  [a-z]* [0-9]*x: //' | while IFS= read -r line; do
  first=-
  for i in $(seq 1 "$KILLS"); do grep -qxF "$line" "$WORK/kill-alerts-after-$i.jsonl" && { first="by instance $i (between kill $((i - 1)) and kill $i)"; break; }; done
  [ "$first" = - ] && first="by the final instance"
  echo "  alert $(jq -r '.alertId + " " + .alertType + " " + .status + " " + .shipmentId' <<< "$line") first committed $first"
done
compare late-data "$WORK/ref-late-data.jsonl" "$WORK/kill-late-data.jsonl" 2> "$WORK/late-data-diff.txt"
head -5 "$WORK/late-data-diff.txt" | cut -c1-300
echo "dead letters: reference $(wc -l < "$WORK/ref-dead-letter.jsonl"), killed run $(wc -l < "$WORK/kill-dead-letter.jsonl")"
sorted=$(printf "%s\n" "${restarts[@]}" | sort -n)
echo "launch to RUNNING over ${#restarts[@]} restarts: min $(secs "$(head -1 <<< "$sorted")") s," \
  "median $(secs "$(sed -n "$(( (${#restarts[@]} + 1) / 2 ))p" <<< "$sorted")") s, max $(secs "$(tail -1 <<< "$sorted")") s;" \
  "after the state directory was deleted: $([[ "${deleted_restart:-}" =~ ^[0-9]+$ ]] && echo "$(secs "$deleted_restart") s" \
  || echo "${deleted_restart:-n/a}")"
echo "warnings and errors: reference $(grep -cE ' (WARN|ERROR) ' "$WORK/streams-ref.log" || true)," \
  "killed run $(cat "$WORK"/streams-kill-*.log | grep -cE ' (WARN|ERROR) ' || true)"
column -t -s $'\t' "$WORK/kills.tsv"
echo "took $(( ($(now_ms) - t0) / 1000 )) s"
grep -q "lost 0, duplicated 0, extra 0" "$WORK/verdict.txt"
