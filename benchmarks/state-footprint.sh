#!/usr/bin/env bash
# State footprint of a large fleet on one instance (issue 12): heap, process memory and RocksDB on disk.
#   benchmarks/state-footprint.sh [SHIPMENTS] [SERIALS_PER_SHIPMENT]     (defaults 100000 and 100; figures in
#                                                                          docs/BENCHMARKS.md)
#
# 1. Starts a broker on spare ports (`coldchain broker`, data in $WORK/broker).
# 2. Publishes the fleet with the application stopped (io.coldchain.bench.StateFootprint generate): SHIPMENTS valid
#    plans listing SERIALS_PER_SHIPMENT packs each, one pickup scan of all packs, 5 temperature readings and 5 GPS fixes
#    per shipment, in event-time order, hours behind the wall clock (a replay), chosen to raise no alert. Each planned
#    route has WAYPOINTS points (default 50; before 2026-12-04 the plans had 2, origin and destination).
# 3. Starts the application once (`coldchain streams`, one instance, one thread, exactly-once, default settings) with
#    JAVA_OPTS (default -Xmx1g) on it, samples its heap with `jstat -gc` every 5 s, and waits until its consumer lag on
#    the input and repartition topics is zero, then SETTLE_WAIT seconds more (default 390: the reorder buffers hand a
#    shipment over after 5 min of wall clock without its events, the serial checks after 10 s).
# 4. Measures the running application: heap used after a full GC (`jcmd GC.run`, then `GC.heap_info`), the largest
#    classes (`jcmd GC.class_histogram`), RSS and peak RSS, GC time over the run; then stops it (SIGTERM: a clean
#    close flushes the stores) and reports the bytes on disk and the live keys per store, per shipment and per serial
#    (StateFootprint stores: every RocksDB database opened read-only).
# APP_JAR=path/to/coldchain-cli-*-all.jar runs that build of the application instead of this tree's; STREAMS_OPTS adds
# flags to `coldchain streams` (a diagnostic run only: the figures are for the default settings).
# Work files (logs, jstat samples, histogram) stay in $WORK; the state and broker data are large: remove $WORK after.
set -euo pipefail
# shellcheck source=benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"
SHIPMENTS="${1:-100000}"
SERIALS_PER_SHIPMENT="${2:-100}"
SERIALS=$(( SHIPMENTS * SERIALS_PER_SHIPMENT ))
WAYPOINTS="${WAYPOINTS:-50}"  # points of each planned route (the simulator's routes have about 50)
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
POLL="${POLL:-5}"
SETTLE_WAIT="${SETTLE_WAIT:-390}"
MAX_WAIT="${MAX_WAIT:-14400}"   # seconds from launch; past it the run measures the application as it stands
use_work_dir footprint
PORT="${PORT:-19492}"; HTTP="${HTTP:-18480}"
BOOTSTRAP="localhost:$PORT"
APP=coldchain-footprint
PREFIX=coldchain.
METRICS_MAX_TIME=5
echo "work dir $WORK; $SHIPMENTS shipments x $SERIALS_PER_SHIPMENT serials = $SERIALS serials, routes of $WAYPOINTS points; application java" \
  "options '$JAVA_OPTS'; load $(load_avg) on $(nproc) cores; $(df -h --output=avail "$WORK" | tail -1 | tr -d ' ') free"

build_cli
build_benchmarks

# 1. The broker.
start_broker --data-dir "$WORK/broker"

# 2. The fleet, with the application stopped.
java -cp "$BENCH_JAR" io.coldchain.bench.StateFootprint generate "$BOOTSTRAP" "$SHIPMENTS" "$SERIALS_PER_SHIPMENT" "$WAYPOINTS" \
  2> "$WORK/generate.err" | tee "$WORK/generate.out"
inputs=$(sed -n 's/^published \([0-9,]*\) records.*/\1/p' "$WORK/generate.out" | tr -d ,)
[ -n "$inputs" ] || { cat "$WORK/generate.err"; exit 1; }
echo "broker data after publishing: $(du -sm "$WORK/broker" | cut -f1) MiB; load $(load_avg)"

# 3. The application, once.
heap_after_gc() {  # MiB used after a full GC
  jcmd "$1" GC.run > /dev/null
  jcmd "$1" GC.heap_info | awk '/used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v);
    printf "%.1f", v / 1024; exit } }'
}
launched=$(now_ms)
java $JAVA_OPTS -jar "${APP_JAR:-$CLI_JAR}" streams --bootstrap-server "$BOOTSTRAP" --state-dir "$WORK/state" \
  --http-port "$HTTP" --application-id "$APP" ${STREAMS_OPTS:-} > "$WORK/streams.log" 2>&1 &
APP_PID=$!; PIDS+=("$APP_PID")
jstat -gc -t "$APP_PID" 5000 > "$WORK/jstat.txt" 2>&1 &
PIDS+=($!)
first=""; done_at=""; heap_start=""; zeros=0
EXPECTED_PARTS=21   # plans, readings, fixes, custody events, alerts and acknowledgements (the audit reads both), 3 partitions
                    # each, and the serial repartition (3)
while [ -z "$done_at" ]; do
  sleep "$POLL"
  kill -0 "$APP_PID" || { tail -30 "$WORK/streams.log"; echo "the application died (see $WORK/streams.log)"; exit 1; }
  m=$(metrics "$HTTP")
  processed=$(sum_metric kafka_stream_thread_process_total <<< "$m")
  # The stream thread's own consumer only (the restore consumer reads changelogs), on the inputs and the repartition.
  re="client_id=\"$APP-StreamThread-[0-9]+-consumer\".*topic=\"(${PREFIX//./[.]}|$APP-.*-repartition\")"
  lag=$(sum_metric kafka_consumer_fetch_manager_records_lag "$re" <<< "$m")
  parts=$(awk -v re="$re" '/^kafka_consumer_fetch_manager_records_lag[{]/ && $0 ~ re {n++} END {printf "%d", n}' <<< "$m")
  t=$(now_ms)
  if [ -z "$first" ] && [ "$processed" -gt 0 ]; then
    first=$t; heap_start=$(heap_after_gc "$APP_PID")
    echo "  first record processed $(( (t - launched) / 1000 )) s after launch; heap after GC then: $heap_start MiB"
  fi
  # Zero lag on every input and repartition partition, three polls in a row, every input record processed at least once.
  # While the thread restores or rebalances (after it was fenced, say), its partitions have no lag figure at all.
  if [ -n "$first" ] && [ "$lag" = 0 ] && [ "$parts" -ge "$EXPECTED_PARTS" ] && [ "$processed" -ge "$inputs" ]; then
    zeros=$((zeros + 1)); [ "$zeros" -ge 3 ] && done_at=$t
  else
    zeros=0
  fi
  (( (t - launched) / 1000 % 60 < POLL )) && echo "  $(( (t - launched) / 1000 )) s: processed $processed, lag $lag" \
    "($parts partitions), RSS $(awk '/VmRSS/ {printf "%d MiB", $2 / 1024}' /proc/$APP_PID/status), load $(load_avg)"
  if (( t - launched >= MAX_WAIT * 1000 )); then
    echo "NOT caught up $MAX_WAIT s after launch (lag $lag): measuring the application as it stands"; break
  fi
done
[ -n "$done_at" ] && echo "caught up: $inputs input records (and the serial repartition) in $(( (done_at - launched) / 1000 )) s from launch" \
  "($(( (done_at - first) / 1000 )) s from the first record); load $(load_avg)"
if [ -n "$done_at" ]; then
  echo "waiting $SETTLE_WAIT s for the reorder buffers' quiet hand-over and the serial checks' settling"
  sleep "$SETTLE_WAIT"
fi
kill -0 "$APP_PID" || { tail -30 "$WORK/streams.log"; exit 1; }

# 4. Measurements on the running application, then on its stores.
m=$(metrics "$HTTP")
alerts=$(sum_metric kafka_producer_topic_record_send_total "topic=\"${PREFIX//./[.]}alerts\"" <<< "$m")
late=$(sum_metric kafka_producer_topic_record_send_total "topic=\"${PREFIX//./[.]}errors[.]late-data\"" <<< "$m")
dead=$(sum_metric kafka_producer_topic_record_send_total "topic=\"${PREFIX//./[.]}errors[.]dead-letter\"" <<< "$m")
heap_end=$(heap_after_gc "$APP_PID")
jcmd "$APP_PID" GC.heap_info > "$WORK/heap-info.txt"
jcmd "$APP_PID" GC.class_histogram > "$WORK/class-histogram.txt"
rss=$(awk '/VmRSS/ {printf "%d", $2 / 1024}' /proc/$APP_PID/status)
hwm=$(awk '/VmHWM/ {printf "%d", $2 / 1024}' /proc/$APP_PID/status)
cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) / hz}' /proc/$APP_PID/stat)
disk_running=$(du -sm "$WORK/state" | cut -f1)
# jstat -gc -t columns: Timestamp S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT CGC CGCT GCT
gc=$(awk '$1 ~ /^[0-9.]+$/ { heap = ($4 + $5 + $7 + $9) / 1024; if (heap > peak) peak = heap; if ($9 / 1024 > old) old = $9 / 1024
  last = $0 } END { split(last, f); printf "peak heap used %.0f MiB (old gen %.0f MiB) at 5 s samples; %d young, %d full, %d concurrent GCs, %.1f s of GC pauses in %.0f s",
  peak, old, f[14], f[16], f[18], f[20], f[1] }' "$WORK/jstat.txt")
echo "alerts $alerts, late-data $late, dead-letter $dead records written by the application"
echo "stream thread fenced (its transaction timed out or it dropped out of the group) $(grep -c 'Detected that the thread is being fenced' "$WORK/streams.log" || true) times"
echo "heap used after a full GC: $heap_end MiB at the end (at the first record: $heap_start MiB); max heap $JAVA_OPTS"
echo "$gc"
echo "process: RSS $rss MiB, peak RSS $hwm MiB; CPU $cpu s (user + system); state directory $disk_running MiB while running"
echo "largest classes on the heap (after the GC):"
sed -n '1,3p;4,23p' "$WORK/class-histogram.txt" | sed 's/^/  /'
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
echo "application stopped (clean close); load $(load_avg)"
java -cp "$BENCH_JAR" io.coldchain.bench.StateFootprint stores "$WORK/state" "$SHIPMENTS" "$SERIALS" 2>> "$WORK/stores.err"
echo "done; work files in $WORK"
