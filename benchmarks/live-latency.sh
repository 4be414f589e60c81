#!/usr/bin/env bash
# Live alert latency of the exactly-once application at a fixed input rate (issue 12), against a plain read_committed
# consumer of the input in the same run:
#   benchmarks/live-latency.sh [RATE] [SECONDS]        (default 10000 events/s for 120 s, ≈ 4 min; docs/BENCHMARKS.md)
#
# 1. Starts a broker on spare ports and creates the catalogue's topics, the four input topics with
#    message.timestamp.type=LogAppendTime: each input record then carries the time the broker appended it (the
#    application takes event time from the payload, never from the record timestamp, so nothing else changes).
# 2. Starts the exactly-once application (`coldchain streams`, default settings but for the reorder buffers' grace,
#    see GRACE) and waits for GET /health/ready 200 before any input exists.
# 3. Starts a read_committed consumer of the input topics and the alerts (io.coldchain.bench.LiveAlertLatency), then
#    the simulator live: `coldchain simulate --speed SPEED --rate RATE --incidents INCIDENTS` on a fleet of SHIPMENTS
#    (default 13 x RATE / 2: at SPEED 10 and the default reading and fix intervals the fleet asks about 1.25 x RATE
#    once on the road, so the rate cap, not the fleet, sets the rate), the simulation starting LEAD (default 4m)
#    before the wall clock. Why SPEED 10: the simulator paces from its first event (trucks leave 1..20 simulated
#    minutes after the start, incidents begin 20 min or more after departure), so at real time a run would show
#    neither a full fleet nor an alert within minutes; at 10 x the fleet is on the road after 2 min and incidents
#    start within the window, while event time moves from LEAD behind the wall clock to about 9 x (WARMUP + SECONDS)
#    ahead of it (18 min for the defaults): within what the application accepts (30 min ahead) and live throughout
#    (it counts a record as live when its event time is at most 5 min behind the wall clock). The figures print the
#    offsets measured. INCIDENTS=all (default) gives every shipment an incident, for enough alerts to rank.
# 4. Measures over SECONDS after a WARMUP (default 30 s) from the first processed record: the achieved input rate
#    from the input topics' end offsets, the application's processing rate (kafka_stream_thread_process_total: every
#    record its thread processed, repartition topics included), the CPU its Kafka Streams threads took per processed
#    record (steadier than the rate on a shared machine), the records it wrote to its own repartition topics (which it
#    processes too), where the machine's cores went (the application's stream threads and its other threads by kind,
#    the broker, the simulator, the measuring consumer, idle), and its consumer lag at the end. Then stops the
#    simulator, gives the application DRAIN seconds (default 20) to commit what it can, and prints the latencies.
#    Also what the application wrote to each of its internal topics in the window, per record it processed.
#    PLANS_FIRST=1: the steady state rather than the fleet's start. The simulator is paused (SIGSTOP) once the fleet's
#    plans are on the broker and resumed once the application has absorbed them and the serials they declare; the
#    warm-up and the window (the consumer's too) count from the resumption.
#    CATCH_UP=1: the latency of an application that keeps up, not of the backlog its start left. After the warm-up
#    the simulator is paused (SIGSTOP) until the application's consumer lag is zero (its processed count unchanged for
#    5 s), then resumed at the same rate cap; the window (the consumer's too) starts CATCH_UP_SETTLE s (default 30)
#    after the resumption. A backlog the application cannot work off at the asked rate is then visible in the window
#    again: its lag grows, and the latencies with it. The pause moves event time closer to the wall clock.
#
# Latency, in ms of the one wall clock the broker and the consumer share (same host):
#   evidence: for each alert whose evidence record was appended in the window, the moment the read_committed consumer
#     receives the alert minus the LogAppendTime of its evidence record (the input record of its shipment, on the
#     topic its detector reads, whose event time is the alert's lastEvidenceTime).
#   release: the same from the append of the first record of that shipment and topic whose event time is at least
#     lastEvidenceTime + grace: the record that let the evidence out of the reorder buffer. At zero grace both are
#     the evidence record.
#   baseline: for each input record appended in the window, its receipt by the same consumer minus its append time.
# GRACE=zero (default) runs the application with temperature.grace and route.grace 0s (a --detection-settings file):
#   the simulator's records arrive in order, so the alerts are the same, and the figure is the pipeline's own
#   latency, not the grace the operator chose to wait in event time. GRACE=default keeps the built-in 5 min / 2 min:
#   evidence then includes grace / (event-time speed), release does not.
# Alerts whose lastEvidenceTime is no input record's (time-driven: a silent logger, a delay) are counted apart.
# APP_JAR=path/to/coldchain-cli-*-all.jar runs that build of the application (before/after); STREAMS_OPTS adds flags to
#   its `coldchain streams` (e.g. "--commit-interval-ms 100"); APP_JAVA_OPTS adds JVM options to it (e.g.
#   "-XX:+UseParallelGC": a collector against the default).
# WALL=1 profiles the stream threads' wall-clock time over the window with async-profiler (as pipeline-throughput.sh
#   does: by loop phase, running or waiting; collapsed stacks kept in $WORK/wall.collapsed; WALL_MS=5 its interval).
# HEAP=1 prints, at the window's end, the application's live heap (jcmd GC.class_histogram's total, after the full GC it
#   does), the heap used after GC.run (GC.heap_info) and the largest classes (all of it in $WORK/heap.txt).
# APP_KIND=base runs the platform's ceiling instead of the application (io.coldchain.bench.PlatformBaseline with the same
#   settings, STREAMS_OPTS passed on: every input record counted by its key in a RocksDB store with a changelog, each
#   count written to the topic PREFIX.baseline.counts): the consumer then prints "input append -> its count
#   read_committed (platform)", the least an exactly-once stateful application's output waits on this machine at
#   this rate, to set beside the application's alerts measured by the same script.
# Work files (logs, the consumer's report) stay in $WORK.
set -euo pipefail
# shellcheck source=benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"
RATE="${1:-10000}"
DURATION="${2:-120}"
WARMUP="${WARMUP:-30}"
DRAIN="${DRAIN:-20}"
SHIPMENTS="${SHIPMENTS:-$((RATE * 13 / 2))}"
SPEED="${SPEED:-10}"
INCIDENTS="${INCIDENTS:-all}"
LEAD="${LEAD:-4m}"
SEED="${SEED:-42}"
GRACE="${GRACE:-zero}"
APP_KIND="${APP_KIND:-coldchain}"
case "$APP_KIND" in coldchain | base) ;; *) echo "APP_KIND: '$APP_KIND' is coldchain or base"; exit 2 ;; esac
use_work_dir live
PORT="${PORT:-19492}"; HTTP="${HTTP:-18480}"
BOOTSTRAP="localhost:$PORT"
APP=coldchain-live
PREFIX=coldchain.
case "$GRACE" in
  zero) GRACES="0 0" ;;
  default) GRACES="300000 120000" ;;
  *) echo "GRACE: '$GRACE' is zero or default"; exit 2 ;;
esac
echo "work dir $WORK; $RATE events/s for $DURATION s after a $WARMUP s warm-up; $SHIPMENTS shipments at speed" \
  "$SPEED, incidents $INCIDENTS, start $LEAD before now, seed $SEED; grace $GRACE; load $(load_avg) on $(nproc) cores"

build_cli
build_benchmarks
fetch_kafka_tools
[ "${WALL:-0}" = 1 ] && fetch_async_profiler
helper() { java -cp "$BENCH_JAR" io.coldchain.bench.LiveAlertLatency "$@"; }

# 1. The broker and the topics.
start_broker --data-dir "$WORK/broker"
helper create-topics "$BOOTSTRAP" "$PREFIX" $([ "$APP_KIND" = coldchain ] || echo baseline) 2> "$WORK/create-topics.err"

# 2. The application, RUNNING before any input.
settings=()
if [ "$GRACE" = zero ]; then
  printf 'temperature:\n  grace: 0s\nroute:\n  grace: 0s\n' > "$WORK/zero-grace.yaml"
  settings=(--detection-settings "$WORK/zero-grace.yaml")
fi
if [ "$APP_KIND" = base ]; then
  java ${APP_JAVA_OPTS:-} -cp "$BENCH_JAR" io.coldchain.bench.PlatformBaseline --bootstrap-server "$BOOTSTRAP" \
    --topic-prefix "$PREFIX" --state-dir "$WORK/state" --http-port "$HTTP" --application-id "$APP" \
    --output "${PREFIX}baseline.counts" ${STREAMS_OPTS:-} > "$WORK/streams.log" 2>&1 &
  ready() { grep -qs -- "-> RUNNING" "$WORK/streams.log" && echo 200; }
else
  java ${APP_JAVA_OPTS:-} -jar "${APP_JAR:-$CLI_JAR}" streams --bootstrap-server "$BOOTSTRAP" --topic-prefix "$PREFIX" \
    --state-dir "$WORK/state" --http-port "$HTTP" --application-id "$APP" "${settings[@]}" ${STREAMS_OPTS:-} \
    > "$WORK/streams.log" 2>&1 &
  ready() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "localhost:$HTTP/health/ready" || true; }
fi
APP_PID=$!; PIDS+=("$APP_PID")
launched=$(now_ms)
until [ "$(ready)" = 200 ]; do
  sleep 1
  kill -0 "$APP_PID" || { tail -30 "$WORK/streams.log"; exit 1; }
  (( $(now_ms) - launched < 180000 )) || { echo "application not ready after 3 min"; tail -30 "$WORK/streams.log"; exit 1; }
done
echo "$APP_KIND application RUNNING after $(( ($(now_ms) - launched) / 1000 )) s"

# 3. The measuring consumer, then the simulator.
STOP="$WORK/stop"
WINDOW_START="$WORK/window-start"
java -cp "$BENCH_JAR" io.coldchain.bench.LiveAlertLatency measure "$BOOTSTRAP" "$PREFIX" "$WARMUP" "$DURATION" "$STOP" $GRACES \
  $([ "${PLANS_FIRST:-0}" = 1 ] || [ "${CATCH_UP:-0}" = 1 ] && echo "$WINDOW_START") > "$WORK/measure.out" 2> "$WORK/measure.err" &
MEASURE_PID=$!; PIDS+=("$MEASURE_PID")
until grep -qs "^measuring" "$WORK/measure.err"; do sleep 0.5; kill -0 "$MEASURE_PID" || { cat "$WORK/measure.err"; exit 1; }; done
lead_s=$(awk -v d="$LEAD" 'BEGIN {n = d + 0; u = substr(d, length(d)); print (u == "m" ? n * 60 : u == "h" ? n * 3600 : n)}')
START=$(date -u -d "@$(( $(date +%s) - lead_s ))" +%Y-%m-%dT%H:%M:%SZ)
java -jar "$CLI_JAR" simulate -n "$SHIPMENTS" --seed "$SEED" --speed "$SPEED" --rate "$RATE" --incidents "$INCIDENTS" --start "$START" \
  --bootstrap-server "$BOOTSTRAP" --topic-prefix "$PREFIX" \
  $([ "${PLANS_FIRST:-0}" = 1 ] || [ "${CATCH_UP:-0}" = 1 ] && echo "--client-config delivery.timeout.ms=3600000") \
  > "$WORK/simulate.out" 2> "$WORK/simulate.err" &
SIM_PID=$!; PIDS+=("$SIM_PID")

# 4. The window.
processed() { sum_metric kafka_stream_thread_process_total <<< "$1"; }   # metrics
lag() { sum_metric kafka_consumer_fetch_manager_records_lag "topic=\"(${PREFIX//./[.]}|$APP-)" <<< "$1"; }   # metrics
INPUTS=$(input_topics "$PREFIX")
# "input repartition": the records on the input topics, and those the application wrote to its own repartition topics
# (the serial checks' input, which it also processes), from one query of the end offsets.
# Every internal topic's end offsets go to the file $1 as well, for what each store wrote in the window.
records() { tools org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" \
  --topic "($INPUTS|$APP-.*|${PREFIX//./[.]}errors[.].*)" \
  | tee "$1" | awk -F: -v app="$APP-" 'index($1, app) == 1 {if ($1 ~ /-repartition$/) r += $3; next}
      $1 ~ /[.]errors[.]/ {next} {i += $3} END {printf "%d %d", i, r}'; }
# With the simulator paused: polls every STEP seconds until the application's lag is zero and its processed count has
# not moved for STILL seconds; gives up (exit 1, saying WHAT) after 30 min. -> p: the processed count at the end.
wait_worked_off() { # step still what
  local last=-1 still=0 l m started
  started=$(now_ms)
  while [ "$still" -lt "$2" ]; do
    sleep "$1"; m=$(metrics "$HTTP"); p=$(processed "$m"); l=$(lag "$m")
    if [ "$p" = "$last" ] && [ "$l" = 0 ]; then still=$((still + $1)); else still=0; fi
    last=$p
    (( $(now_ms) - started < 1800000 )) || { echo "$3 after 30 min"; exit 1; }
  done
}
if [ "${PLANS_FIRST:-0}" = 1 ]; then
  # The fleet's plans declare its serials all at once (65,000 plans, about 800,000 serials at 10 k events/s): a burst
  # the serial checks absorb for a minute or more while the telemetry queues behind it. (The pickup scans that follow,
  # one per shipment within the first simulated 20 minutes, are a second burst this does not take apart.) PLANS_FIRST=1 measures the steady state
  # instead: the simulator is paused once its plans are on the broker and resumed once the application has absorbed
  # them (zero lag, including its repartition topic, and its processed count unchanged for 15 s: the serial checks'
  # inputs settle for 10 s of wall clock). Its rate cap sends the delayed telemetry at the asked rate, not at once.
  plans() { records_on "${PREFIX//./[.]}shipment[.]plans"; }
  until [ "$(plans)" -ge "$SHIPMENTS" ]; do
    sleep 0.5; kill -0 "$SIM_PID" 2>/dev/null || { cat "$WORK/simulate.err"; exit 1; }
  done
  kill -STOP "$SIM_PID"; paused=$(now_ms)
  echo "plans on the broker ($(plans) records): simulator paused until the application has absorbed them"
  wait_worked_off 5 15 "plans not absorbed"
  echo "absorbed $(( ($(now_ms) - paused) / 1000 )) s after the pause ($p records processed, repartition included);" \
    "simulator resumed; load $(load_avg)"
  kill -CONT "$SIM_PID"
  base=$p
  until [ "$(processed "$(metrics "$HTTP")")" -gt "$base" ]; do sleep 0.2; done
fi
until [ "$(processed "$(metrics "$HTTP")")" -gt 0 ]; do
  sleep 0.2
  kill -0 "$SIM_PID" 2>/dev/null || { cat "$WORK/simulate.err"; exit 1; }
done
first=$(now_ms)
sleep "$WARMUP"
if [ "${CATCH_UP:-0}" = 1 ]; then
  m=$(metrics "$HTTP")
  kill -STOP "$SIM_PID"; paused=$(now_ms)
  echo "after the warm-up: application lag $(lag "$m") records; simulator paused until it is zero; load $(load_avg)"
  wait_worked_off 1 5 "lag not worked off"
  echo "caught up $(( ($(now_ms) - paused) / 1000 )) s after the pause; simulator resumed, the window starts" \
    "${CATCH_UP_SETTLE:-30} s from now"
  kill -CONT "$SIM_PID"
  sleep "${CATCH_UP_SETTLE:-30}"
fi
cores() { echo "$(cpu_ticks "$APP_PID") $(cpu_ticks "$BROKER_PID") $(cpu_ticks "$SIM_PID") $(cpu_ticks "$MEASURE_PID") $(idle_ticks)"; }
t1=$(now_ms); echo "$t1" > "$WINDOW_START.tmp" && mv "$WINDOW_START.tmp" "$WINDOW_START"; read -r o1 r1 <<< "$(records "$WORK/offsets-start.txt")"; m=$(metrics "$HTTP"); p1=$(processed "$m"); l1=$(lag "$m")
c1=$(client_ticks "$APP" "$APP_PID"); q1=$(client_sched "$APP" "$APP_PID"); k1=$(cores); thread_kinds "$APP_PID" > "$WORK/threads-start.txt"
echo "window start ($WARMUP s after the first processed record$([ "${CATCH_UP:-0}" = 1 ] && echo ", then caught up and ${CATCH_UP_SETTLE:-30} s")): $o1 input records, application lag $l1 records;" \
  "load $(load_avg)"
[ "${WALL:-0}" = 1 ] && wall_start "$APP_PID"
step=$(( DURATION / 4 ))
for k in 1 2 3; do
  sleep "$step"; m=$(metrics "$HTTP")
  echo "  +$(( ($(now_ms) - t1) / 1000 )) s: processed $(processed "$m"), lag $(lag "$m") records"
done
left=$(( DURATION * 1000 - ($(now_ms) - t1) ))
[ "$left" -le 0 ] || sleep "$(awk -v ms="$left" 'BEGIN {printf "%.3f", ms / 1000}')"
t2=$(now_ms); read -r o2 r2 <<< "$(records "$WORK/offsets-end.txt")"; m=$(metrics "$HTTP"); p2=$(processed "$m"); l2=$(lag "$m")
c2=$(client_ticks "$APP" "$APP_PID"); q2=$(client_sched "$APP" "$APP_PID"); k2=$(cores); thread_kinds "$APP_PID" > "$WORK/threads-end.txt"
load="$(load_avg)"
[ "${WALL:-0}" = 1 ] && wall_stop "$APP_PID" "$WORK/wall.collapsed"
if [ "${HEAP:-0}" = 1 ]; then
  { jcmd "$APP_PID" GC.run > /dev/null; jcmd "$APP_PID" GC.heap_info; jcmd "$APP_PID" GC.class_histogram; } > "$WORK/heap.txt"
fi
kill -0 "$SIM_PID" 2>/dev/null || echo "warning: the simulator ended before the window did: $(cat "$WORK/simulate.out")"
kill "$SIM_PID" 2>/dev/null || true
wait "$SIM_PID" 2>/dev/null || true
secs=$(awk -v ms=$(( t2 - t1 )) 'BEGIN {printf "%.1f", ms / 1000}')
achieved=$(awk -v n=$(( o2 - o1 )) -v ms=$(( t2 - t1 )) 'BEGIN {printf "%.0f", n * 1000 / ms}')
app_rate=$(awk -v n=$(( p2 - p1 )) -v ms=$(( t2 - t1 )) 'BEGIN {if (n < 0) print "n/a (counter reset)"; else printf "%.0f", n * 1000 / ms}')
echo "window: $secs s; input $(( o2 - o1 )) records = $achieved records/s (end offsets of the input topics)" \
  "against $RATE asked; load $load"
if awk -v a="$achieved" -v r="$RATE" 'BEGIN {exit !(a < 0.95 * r)}'; then
  echo "NOTE: the simulator did not reach $RATE events/s on this machine: achieved $achieved (see $WORK/simulate.err)"
fi
echo "application: $app_rate records processed/s by its thread (kafka_stream_thread_process_total, repartition" \
  "topics included); consumer lag $l1 -> $l2 records over the window"
echo "repartition records written in the window: $(( r2 - r1 )) ($(awk -v r=$(( r2 - r1 )) -v n=$(( o2 - o1 )) \
  'BEGIN {printf "%.2f", (n > 0 ? r / n : 0)}') per input record): to keep up, the thread processes the input and these"
# What the application wrote to its own topics in the window, by store, per record it processed: each is an encoding,
# a store write and a send at a commit, and a commit interval's writes of one key are one record (end offsets, commit
# markers included).
echo "written to internal topics in the window, per processed record:"
awk -F: -v app="$APP-" -v n=$(( p2 - p1 )) 'index($1, app) != 1 {next} FNR == NR {s[$1] += $3; next} {e[$1] += $3}
  END {for (t in e) {d = e[t] - s[t]; all += d; name = substr(t, length(app) + 1); if (d > 0 && n > 0) printf "  %-58s %6.2f\n", name, d / n}
    if (n > 0) printf "  %-58s %6.2f\n", "all", all / n}' "$WORK/offsets-start.txt" "$WORK/offsets-end.txt" | sort -k2,2nr
# Input the application set aside in the window (dead letters: e.g. event times beyond what it accepts, when a long
# warm-up at SPEED 10 runs the simulation too far ahead of the wall clock; late data), which costs it little: a window
# where these are many measures something else.
awk -F: -v p="$PREFIX" 'index($1, p "errors.") != 1 {next} FNR == NR {s[$1] += $3; next} {e[$1] += $3}
  END {printf "set aside in the window:"; for (t in e) printf " %s %d", substr(t, length(p) + 8), e[t] - s[t]; print ""}' \
  "$WORK/offsets-start.txt" "$WORK/offsets-end.txt"
# Steadier than the rate on a shared machine: the CPU the Kafka Streams client's own threads took for each record.
awk -v c=$(( c2 - c1 )) -v hz="$(getconf CLK_TCK)" -v n=$(( p2 - p1 )) -v ms=$(( t2 - t1 )) 'BEGIN {
  if (n > 0) printf "stream threads: %.0f µs of CPU a processed record, %.0f %% of a core over the window\n", c / hz * 1e6 / n, 100 * c / hz * 1000 / ms }'
# The stream threads' wall time: on a core, ready but waiting for one (the run queue: crowded out by the rest of the
# run), or not ready (waiting for the broker in a commit or a poll, or idle), from the kernel's schedstat.
threads=$(sed -n 's/.*--stream-threads[= ]\([0-9]*\).*/\1/p' <<< "${STREAMS_OPTS:-}")
awk -v ms=$(( t2 - t1 )) -v threads="${threads:-1}" -v a="$q1" -v b="$q2" 'BEGIN { split(a, x, " "); split(b, y, " ")
  on = (y[1] - x[1]) / 1e9; wait = (y[2] - x[2]) / 1e9; wall = ms / 1e3 * threads
  printf "stream threads (the client'"'"'s threads, schedstat): on a core %.1f s (%.0f %%), ready and waiting for a core %.1f s", \
    on, 100 * on / wall, wait
  printf " (%.0f %%), not ready %.1f s (%.0f %%) of %.1f s\n", 100 * wait / wall, wall - on - wait, 100 - 100 * (on + wait) / wall, wall }'
# Where the machine's cores went over the window: the stream threads share them with everything else of the run.
awk -v hz="$(getconf CLK_TCK)" -v ms=$(( t2 - t1 )) -v cores="$(nproc)" -v strm=$(( c2 - c1 )) -v a="$k1" -v b="$k2" 'BEGIN {
  split(a, x, " "); split(b, y, " "); for (i = 1; i <= 5; i++) d[i] = (y[i] - x[i]) / hz
  all = ms / 1000 * cores; s = strm / hz
  printf "cores over the window (%.0f core-seconds): stream threads %.1f s, rest of the application %.1f s, broker %.1f s,", \
    all, s, d[1] - s, d[2]
  printf " simulator %.1f s, measuring consumer %.1f s, idle %.1f s, other processes %.1f s\n", \
    d[3], d[4], d[5], all - d[1] - d[2] - d[3] - d[4] - d[5] }'
echo "  the application's threads by kind, CPU over the window:"
awk -v hz="$(getconf CLK_TCK)" 'FNR == NR {t = $1; $1 = ""; start[$0] = t; next} {t = $1; $1 = ""; d = t - start[$0]
  if (d > 0) printf "%10.1f s %s\n", d / hz, $0}' "$WORK/threads-start.txt" "$WORK/threads-end.txt" | sort -rn | head -8
if [ "${WALL:-0}" = 1 ]; then
  echo "stream threads' wall-clock profile over the window (async-profiler, every ${WALL_MS:-5} ms):"
  { cat "$WORK/wall.collapsed" 2>/dev/null || true; } | wall_summary "${WALL_MS:-5}"
fi
if [ "${HEAP:-0}" = 1 ]; then
  # The heap's generations (G1: one "garbage-first heap" line; Parallel: PSYoungGen and ParOldGen), not Metaspace.
  used=$(awk '/total [0-9]+K, used [0-9]+K/ && !/Metaspace|class space/ {
      for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); sum += v } }
    END { printf "%dK", sum }' "$WORK/heap.txt")
  # The class histogram (without -all) collects first and counts what is live: the figure to read. heap_info's "used",
  # read after GC.run, also counts what was allocated between the two commands (292 MB of young regions with two busy
  # stream threads on 2026-12-06).
  live=$(awk '$1 == "Total" {printf "%dK", $3 / 1024}' "$WORK/heap.txt")
  echo "heap at the window's end: live objects $live (class histogram); used after GC.run $used; largest classes:"
  awk 'NF >= 4 && $1 ~ /^[0-9]+:$/ && n++ < 8 {printf "  %8.1f MB %10d  %s\n", $3 / 1048576, $2, $4}' "$WORK/heap.txt"
fi

# 5. What came out.
sleep "$DRAIN"
m=$(metrics "$HTTP")
echo "after the simulator stopped and $DRAIN s more: consumer lag $(lag "$m") records"
touch "$STOP"
wait "$MEASURE_PID" || { cat "$WORK/measure.err"; exit 1; }
cat "$WORK/measure.out"
