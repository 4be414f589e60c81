#!/usr/bin/env bash
# kill -9 one of two instances with a standby of every task: how soon is the survivor processing the dead one's
# partitions, and how soon is the killed instance itself back?
#   benchmarks/standby-failover.sh [SHIPMENTS]        (default 40; ROUNDS=3 kills, ≈ 8 min; figures in docs/RELIABILITY.md)
#
# 1. Starts a broker on spare ports and two instances A and B of `coldchain streams --standby-replicas 1` (one
#    application id, own state directories and HTTP ports, STREAMS_OPTS added to both), together and before any
#    data, so the first assignment splits the tasks; waits until both are RUNNING and both members of the group hold
#    partitions. Then a live fleet: `coldchain simulate -n SHIPMENTS --speed SPEED --rate RATE` (defaults 60x, 40
#    shipments ≈ 19 min of input at ≈ 45 events/s, event time advancing 60x faster than the wall clock and ending at
#    it), and WARMUP s (default 30) for state and standbys to build up.
# 2. A watcher (benchmarks/GroupWatch.java, a single-file program on the launcher's jar) describes the consumer group
#    and reads its committed offsets every WATCH_MS (200) ms and logs every change, with epoch milliseconds:
#    members and their partitions, and every committed offset that moved (under exactly-once, a transaction of the
#    partition's task committed: its records were processed).
# 3. ROUNDS times: a random 5..MAX_WAIT s (default 20, seeded with KILL_SEED) after both instances hold partitions,
#    `kill -9` of one of them (A, B, A, ...), mid-processing. From the kill, on the survivor:
#      noticed  the survivor's log says RUNNING -> REBALANCING (the group coordinator expired the dead member);
#      owns     the group is Stable with the survivor's member holding every partition the dead member held;
#      proc1    the first committed offset of one of those partitions moved after that (the survivor processed
#               and committed records of a partition the dead one had);
#      procTel  the first committed offset of one of those partitions of a telemetry topic moved (the detection
#               tasks, sub-topology 0, processing again; proc1 is often the audit task of the alerts, sub-topology 1,
#               whose two inputs idle for less: see docs/RELIABILITY.md, "What the times are made of");
#      procAll  the last of those partitions to move within 30 s (partitions without new input never move);
#      running  the survivor's log says REBALANCING -> RUNNING.
#    Then the killed instance is relaunched (its state directory kept, or deleted in round DELETE_ROUND, default the
#    last) and timed from its launch: RUNNING (its log), owns (a new member holding partitions again: with the
#    survivor holding every task, that happens once its copies are within acceptable.recovery.lag of the
#    changelogs' ends, at once or at a probing rebalance every PROBING_MS, default 60,000, the minimum Kafka allows)
#    and processing (a committed offset of one of its partitions moving). Next round once both hold partitions
#    again (or after RETURN_MAX s, default 240).
# The instances log Kafka's TaskManager, StreamTask and ConsumerCoordinator at INFO (a logback file in $WORK; the
# application's own logging is unchanged otherwise), so their logs show every assignment (active and standby tasks),
# every task restored and the committed offsets each new partition starts from (or waits for, "unstable offsets"). Prints a table of the rounds and the restarts; work files (logs, watch.log, rounds.tsv) stay in $WORK.
set -euo pipefail
# shellcheck source=benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"
SHIPMENTS="${1:-40}"
ROUNDS="${ROUNDS:-3}"
DELETE_ROUND="${DELETE_ROUND:-$ROUNDS}"
SEED="${SEED:-42}"
KILL_SEED="${KILL_SEED:-11}"
MAX_WAIT="${MAX_WAIT:-20}"
SPEED="${SPEED:-60}"
RATE="${RATE:-100}"
WARMUP="${WARMUP:-30}"
WATCH_MS="${WATCH_MS:-200}"
PROBING_MS="${PROBING_MS:-60000}"
RETURN_MAX="${RETURN_MAX:-240}"
SIM_OPTS="${SIM_OPTS:-}"
use_work_dir standby-failover
PORT="${PORT:-19692}"; HTTP_A="${HTTP_A:-18681}"; HTTP_B="${HTTP_B:-18682}"
BOOTSTRAP="localhost:$PORT"
APP=coldchain-failover
RANDOM=$KILL_SEED
echo "work dir $WORK; $SHIPMENTS shipments at ${SPEED}x (rate cap $RATE/s), $ROUNDS kills (seed $KILL_SEED), state" \
  "directory deleted before restart $DELETE_ROUND; STREAMS_OPTS: ${STREAMS_OPTS:-none}; load $(load_avg)" \
  "on $(nproc) cores; $(date -u +%FT%TZ)"

since() { [ -z "$1" ] && echo - || echo $(( $1 - $2 )); }   # ms-or-empty base -> ms since base, or -

build_cli

# The application's logging, plus Kafka's assignments and restored tasks.
cat > "$WORK/logback.xml" <<'EOF'
<configuration>
  <include resource="io/coldchain/ops/logback-console-text.xml"/>
  <logger name="org.apache.kafka" level="WARN"/>
  <logger name="org.apache.kafka.clients.NetworkClient" level="ERROR"/>
  <logger name="org.apache.kafka.clients.producer.internals.Sender" level="ERROR"/>
  <logger name="org.apache.kafka.streams.processor.internals.StateDirectory" level="ERROR"/>
  <logger name="org.apache.kafka.streams.processor.internals.TaskManager" level="INFO"/>
  <logger name="org.apache.kafka.streams.processor.internals.StreamTask" level="INFO"/>
  <logger name="org.apache.kafka.clients.consumer.internals.ConsumerCoordinator" level="INFO"/>
  <logger name="io.coldchain" level="WARN"/>
  <logger name="io.coldchain.ops.StreamsCommand" level="INFO"/>
  <logger name="io.coldchain.ops.StreamsRuntime" level="INFO"/>
  <root level="WARN"><appender-ref ref="console"/></root>
</configuration>
EOF
# DIAG="logger=LEVEL ...": those loggers go to a file of their own per instance run (streams-<instance>-<round>.diag),
# e.g. DIAG="org.apache.kafka.streams.processor.internals.PartitionGroup=TRACE" to see each input partition's lag.
if [ -n "${DIAG:-}" ]; then
  {
    echo '  <appender name="diag" class="ch.qos.logback.core.FileAppender">'
    echo '    <file>${coldchain.diag.file}</file>'
    echo "    <encoder><pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>"
    echo '  </appender>'
    for l in $DIAG; do echo "  <logger name=\"${l%%=*}\" level=\"${l#*=}\" additivity=\"false\"><appender-ref ref=\"diag\"/></logger>"; done
  } > "$WORK/logback-diag.part"
  awk -v part="$WORK/logback-diag.part" '/<root / { while ((getline l < part) > 0) print l } { print }' "$WORK/logback.xml" \
    > "$WORK/logback.xml.new" && mv "$WORK/logback.xml.new" "$WORK/logback.xml"
fi

start_broker

java -cp "$CLI_JAR" benchmarks/GroupWatch.java "$BOOTSTRAP" "$APP" "$WATCH_MS" > "$WORK/watch.log" 2> "$WORK/watch.err" &
PIDS+=($!)

declare -A HTTP=([A]=$HTTP_A [B]=$HTTP_B) PID=() LOG=()
launch() { # instance log
  java -Dlogback.configurationFile="$WORK/logback.xml" -Dcoldchain.diag.file="${2%.log}.diag" -jar "$CLI_JAR" streams --bootstrap-server "$BOOTSTRAP" \
    --application-id "$APP" --state-dir "$WORK/state-$1" --http-port "${HTTP[$1]}" --standby-replicas 1 \
    --client-config "probing.rebalance.interval.ms=$PROBING_MS" ${STREAMS_OPTS:-} > "$2" 2>&1 &
  PID[$1]=$!; LOG[$1]=$2; PIDS+=($!)
}
# Epoch ms of the first line of a log matching a regex, at or after a time (epoch ms); empty if none.
log_ms() { # log regex after-ms
  local ts
  ts=$(awk -v re="$2" '$0 ~ re { print $1 }' "$1" | while read -r t; do
    m=$(date -d "$t" +%s%3N); (( m >= $3 )) && { echo "$m"; break; }; done)
  echo "$ts"
}
last_group() { awk '$2 == "group"' "$WORK/watch.log" | tail -1; }
both_hold() { last_group | awk 'tolower($3) == "stable" && NF == 5 && $4 !~ /=$/ && $5 !~ /=$/ { ok = 1 } END { exit !ok }'; }
# The last assignment an instance's log shows: "active [..] standby [..]".
tasks() { awk '/New active tasks:/ { a = $0 } /New standby tasks:/ { s = $0 }
  END { sub(/.*New active tasks: /, "", a); sub(/.*New standby tasks: /, "", s); printf "active %s standby %s", a, s }' "$1"; }

launch A "$WORK/streams-A-0.log"; launch B "$WORK/streams-B-0.log"
t=$(now_ms)
until both_hold; do
  sleep 1; for i in A B; do kill -0 "${PID[$i]}" || { tail "${LOG[$i]}"; exit 1; }; done
  (( $(now_ms) - t < 180000 )) || { echo "the two instances do not share the tasks after 180 s: $(last_group)"; exit 1; }
done
echo "both instances hold partitions after $(secs $(( $(now_ms) - t ))) s: A $(tasks "${LOG[A]}"); B $(tasks "${LOG[B]}")"

java -jar "$CLI_JAR" simulate -n "$SHIPMENTS" --seed "$SEED" --speed "$SPEED" --rate "$RATE" $SIM_OPTS --bootstrap-server "$BOOTSTRAP" \
  > "$WORK/simulate.out" 2> "$WORK/simulate.err" &
SIM_PID=$!; PIDS+=("$SIM_PID")
sleep "$WARMUP"
echo "simulator: $(tail -c 300 "$WORK/simulate.err" | tr '\r' '\n' | grep . | tail -1)"

printf "round\tvictim\tkilled_at\twait_s\tload1\tnoticed_s\towns_s\tproc1_s\tprocTel_s\tprocAll_s\tmoved\trunning_s\trestart_state\trestart_running_s\trestart_owns_s\trestart_proc_s\n" \
  > "$WORK/rounds.tsv"
for r in $(seq 1 "$ROUNDS"); do
  victim=$([ $((r % 2)) = 1 ] && echo A || echo B); survivor=$([ $victim = A ] && echo B || echo A)
  kill -0 "$SIM_PID" 2>/dev/null || echo "warning: the simulator has finished: no more live input (more SHIPMENTS)"
  wait_s=$(( RANDOM % (MAX_WAIT - 4) + 5 ))
  sleep "$wait_s"
  echo "round $r: A $(tasks "${LOG[A]}"); B $(tasks "${LOG[B]}")"
  before=$(last_group)
  kill -9 "${PID[$victim]}"; K=$(now_ms); wait "${PID[$victim]}" 2>/dev/null || true
  killed_at=$(date -u +%T); load=$(cut -d' ' -f1 /proc/loadavg)
  # Wait for the survivor to own, process and run again (or 90 s).
  noticed=""; owns=""; proc1=""; procTel=""; procAll=""; moved=""; running=""
  while (( $(now_ms) - K < 90000 )); do
    sleep 1
    [ -n "$noticed" ] || noticed=$(log_ms "${LOG[$survivor]}" "RUNNING -> REBALANCING" "$K")
    [ -n "$running" ] || running=$(log_ms "${LOG[$survivor]}" "REBALANCING -> RUNNING" "$K")
    # The dead member's partitions (the members before the kill that are gone after it), the time the survivor held
    # them all in a Stable group, and the committed offsets of those partitions that moved after that.
    read -r owns proc1 procTel procAll moved < <(awk -v k="$K" -v before="$before" '
      BEGIN { n = split(before, b, " "); for (i = 4; i <= n; i++) { split(b[i], kv, "="); parts[kv[1]] = kv[2] } }
      $2 == "group" && $1 >= k && owns == "" {
        if (!survivorKnown && NF == 4) { split($4, kv, "="); if (kv[1] in parts) { survivor = kv[1]; survivorKnown = 1
            for (m in parts) if (m != survivor) { c = split(parts[m], p, ","); for (j = 1; j <= c; j++) dead[p[j]] = 1 } } }
        if (survivorKnown && tolower($3) == "stable") {
          for (i = 4; i <= NF; i++) { split($i, kv, "="); if (kv[1] == survivor) { delete have
              c = split(kv[2], p, ","); for (j = 1; j <= c; j++) have[p[j]] = 1
              all = 1; for (x in dead) if (!(x in have)) all = 0; if (all) owns = $1 } } } }
      $2 == "offset" && owns != "" && $1 > owns && ($3 in dead) && !($3 in first) && $1 - owns <= 30000 {
        first[$3] = $1; if (proc1 == "") proc1 = $1; if (procTel == "" && $3 ~ /telemetry/) procTel = $1
        procAll = $1; moved++ }
      END { nd = 0; for (x in dead) nd++
        printf "%s %s %s %s %s\n", owns == "" ? "-" : owns, proc1 == "" ? "-" : proc1, procTel == "" ? "-" : procTel,
          procAll == "" ? "-" : procAll,
          (moved + 0) "/" nd }' "$WORK/watch.log")
    [ "$owns" != - ] && [ "$proc1" != - ] && [ -n "$running" ] && (( $(now_ms) - owns > 30000 )) && break
  done
  [ "$owns" = - ] && owns=""; [ "$proc1" = - ] && proc1=""; [ "$procTel" = - ] && procTel=""
  [ "$procAll" = - ] && procAll=""
  echo "  kill -9 $victim at $killed_at (${wait_s} s after both held partitions; load $load): survivor $survivor noticed" \
    "$(secs "$(since "$noticed" $K)") s, owns the dead one's partitions $(secs "$(since "$owns" $K)") s, processing" \
    "them $(secs "$(since "$proc1" $K)") s (telemetry $(secs "$(since "$procTel" $K)") s; all $moved that moved:" \
    "$(secs "$(since "$procAll" $K)") s), RUNNING" \
    "$(secs "$(since "$running" $K)") s after the kill"
  # The killed instance again, its state directory kept or deleted.
  state=kept
  if [ "$r" = "$DELETE_ROUND" ]; then rm -rf "$WORK/state-$victim"; state=deleted; fi
  group_before_launch=$(last_group)
  L=$(now_ms); launch "$victim" "$WORK/streams-$victim-$r.log"
  r_running=""; r_owns=""; r_proc=""
  while (( $(now_ms) - L < RETURN_MAX * 1000 )); do
    sleep 1
    kill -0 "${PID[$victim]}" || { tail "${LOG[$victim]}"; exit 1; }
    [ -n "$r_running" ] || r_running=$(log_ms "${LOG[$victim]}" "-> RUNNING" "$L")
    read -r r_owns r_proc < <(awk -v l="$L" -v before="$group_before_launch" '
      BEGIN { n = split(before, b, " "); for (i = 4; i <= n; i++) { split(b[i], kv, "="); old[kv[1]] = 1 } }
      $2 == "group" && $1 >= l && owns == "" && tolower($3) == "stable" {
        for (i = 4; i <= NF; i++) { split($i, kv, "="); if (!(kv[1] in old) && kv[2] != "") { owns = $1
            c = split(kv[2], p, ","); for (j = 1; j <= c; j++) mine[p[j]] = 1 } } }
      $2 == "offset" && owns != "" && $1 > owns && ($3 in mine) && proc == "" { proc = $1 }
      END { printf "%s %s\n", owns == "" ? "-" : owns, proc == "" ? "-" : proc }' "$WORK/watch.log")
    [ -n "$r_running" ] && [ "$r_proc" != - ] && both_hold && break
  done
  [ "$r_owns" = - ] && r_owns=""; [ "$r_proc" = - ] && r_proc=""
  echo "  $victim relaunched (state directory $state): RUNNING $(secs "$(since "$r_running" $L)") s, holds partitions" \
    "$(secs "$(since "$r_owns" $L)") s, processing $(secs "$(since "$r_proc" $L)") s after the launch" \
    "$(both_hold || echo "(the tasks not shared again within $RETURN_MAX s)")"
  printf "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$r" "$victim" "$killed_at" "$wait_s" "$load" \
    "$(secs "$(since "$noticed" $K)")" "$(secs "$(since "$owns" $K)")" "$(secs "$(since "$proc1" $K)")" \
    "$(secs "$(since "$procTel" $K)")" "$(secs "$(since "$procAll" $K)")" "$moved" "$(secs "$(since "$running" $K)")" "$state" \
    "$(secs "$(since "$r_running" $L)")" "$(secs "$(since "$r_owns" $L)")" "$(secs "$(since "$r_proc" $L)")" \
    >> "$WORK/rounds.tsv"
done
echo
column -t -s $'\t' "$WORK/rounds.tsv"
echo "restored tasks (StreamTask 'Restored and ready to run') per log:"
for f in "$WORK"/streams-*.log; do echo "  $(basename "$f"): $(grep -c 'Restored and ready to run' "$f" || true)"; done
echo "warnings and errors: $(cat "$WORK"/streams-*.log | grep -cE ' (WARN|ERROR) ' || true); simulator:" \
  "$(tail -c 300 "$WORK/simulate.err" | tr '\r' '\n' | grep . | tail -1); load $(load_avg)"
