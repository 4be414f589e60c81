#!/usr/bin/env bash
# Replay throughput of the exactly-once application, against Kafka's own producer on the same broker in the same run:
#   benchmarks/pipeline-throughput.sh [SHIPMENTS]        (default 300, ≈ 5 min; figures in docs/BENCHMARKS.md)
#
# 1. Starts a broker on spare ports (`coldchain broker`, data kept in $WORK/broker so record sizes can be read).
# 2. Publishes SHIPMENTS simulated shipments (the default mix, seed SEED, extra flags in SIM_OPTS) with the
#    application stopped: the input is all there before it starts.
# 3. Baseline: Kafka's org.apache.kafka.tools.ProducerPerformance (kafka-tools from Maven Central, fetched into the local
#    Maven repository on first use) sends as many records as the input has, each of the input's average size on disk,
#    acks=all, to a topic with as many partitions as the inputs.
# 4. Starts the exactly-once application (`coldchain streams`) on the data: a replay. Timed from its first processed
#    record to its last one, which is known once its consumer lag on the input and repartition topics is zero, at
#    least as many records were processed as the input holds, and that count has not moved for STABLE seconds (3 by
#    default; metrics polled every POLL seconds, 1 by default; that wait is printed and not counted).
# 5. Prints both rates and their ratio, and the application's CPU a record: of the whole process, and of the Kafka Streams
#    client's own threads (stream threads, state updater). With JFR=1 the application runs under Java Flight Recorder and the script
#    prints the top sampled frames (self, and the application's own methods on the stack). With ALERTS=1 it also waits
#    for the last quiet shipments to be judged (5 min of wall clock after their last event) and prints a digest of
#    the alerts and late data: two runs of the same input must print the same digest.
# APP_JAR=path/to/coldchain-cli-*-all.jar runs that build of the application instead of this tree's (before/after).
# APP_JARS="a.jar b.jar …" names a build for each configuration of SCALE, in order (SCALE="1x1 1x1 1x1 1x1"
#    APP_JARS="before.jar after.jar before.jar after.jar": two builds interleaved on the same input, in one run).
# SCALE="1x1 1x2 2x1" (INSTANCESxTHREADS, default 1x1) measures each configuration in turn on the same input: the
#    simulation is published once per configuration into a topic prefix of its own (the first anchored to the wall
#    clock, the others with its --start: record for record the same), each configuration runs under its own
#    application id, INSTANCES processes of `coldchain streams --stream-threads THREADS` started together, and the
#    rates of all of them are compared with the one raw producer figure. STANDBYS=N adds --standby-replicas N.
#    A configuration may end in @MS to run it with --commit-interval-ms MS (SCALE="1x1@100 1x1@1000": the commit
#    interval against itself on the same input).
#    The configuration "base" (SCALE="base 1x1") runs the platform's ceiling instead of the application, on its own copy of
#    the input: io.coldchain.bench.PlatformBaseline, one instance and one stream thread with the same settings, which
#    counts every input record by its key in a RocksDB store with a changelog and decodes nothing (one store update a
#    record, 0.03-0.04 store and changelog writes a record with Kafka's record cache: the least a stateful exactly-once
#    application does). The summary's "vs" column, with it first, is the application's rate as a share of that ceiling
#    on the same broker in the same run. Its entry in APP_JARS is "base" (and only its). STREAMS_OPTS, the application's
#    flags, is not passed to it; STREAMS_OPTS_<N> is (--client-config KEY=VALUE, --commit-interval-ms; it refuses others).
# APP_JAVA_OPTS adds JVM options to every instance (APP_JAVA_OPTS="-Dlogback.configurationFile=trace.xml": a logger at
#    TRACE, e.g. Kafka Streams' PartitionGroup, which names the partition a task waits for); APP_JAVA_OPTS_<N> to the
#    instances of configuration N only (APP_JAVA_OPTS_2="-XX:TieredStopAtLevel=1": a JVM option against the default).
# STREAMS_OPTS adds flags to every configuration's `coldchain streams`; STREAMS_OPTS_<N> to configuration N only
#    (STREAMS_OPTS_2="--client-config buffered.records.per.partition=10000": a client setting against the default).
# WALL=1 profiles the stream threads' wall-clock time with async-profiler (tools.profiler:async-profiler from Maven
#    Central, attached with jcmd at the first processed record, stopped at the first zero lag; WALL_MS=5 its interval)
#    and prints it by loop phase (poll, process, punctuate, commit), running (on a core or ready for one) or waiting
#    (in epoll or on a lock or condition), and where they wait.
# Work files (logs, JFR recordings, exports) stay in $WORK.
set -euo pipefail
# shellcheck source=benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"
SHIPMENTS="${1:-300}"
SEED="${SEED:-42}"
SIM_OPTS="${SIM_OPTS:-}"
POLL="${POLL:-1}"
use_work_dir throughput
PORT="${PORT:-19392}"; HTTP="${HTTP:-18380}"
BOOTSTRAP="localhost:$PORT"
APP=coldchain-throughput
PREFIX=coldchain.
SCALE="${SCALE:-1x1}"
STANDBYS="${STANDBYS:-0}"
read -r -a JARS <<< "${APP_JARS:-}"
if [ "${#JARS[@]}" -gt 0 ]; then
  [ "${#JARS[@]}" = "$(wc -w <<< "$SCALE")" ] || { echo "APP_JARS: one jar for each configuration of SCALE ($SCALE)"; exit 2; }
  k=0
  for cfg in $SCALE; do
    jar=${JARS[$k]}; k=$((k + 1))
    if [ "${cfg%@*}" = base ]; then
      [ "$jar" = base ] || { echo "APP_JARS: configuration $k is base: its entry is base, not $jar"; exit 2; }
    else
      [ "$jar" != base ] || { echo "APP_JARS: configuration $k ($cfg) runs the application: its entry is a jar, not base"; exit 2; }
      [ -f "$jar" ] || { echo "APP_JARS: no such file: $jar"; exit 2; }
    fi
  done
fi
for cfg in $SCALE; do
  [[ "$cfg" =~ ^(base|[1-9][0-9]*x[1-9][0-9]*)(@[1-9][0-9]*)?$ ]] \
    || { echo "SCALE: '$cfg' is not INSTANCESxTHREADS[@COMMIT_MS] (e.g. 2x1 or 1x1@1000) or base[@COMMIT_MS]"; exit 2; }
done
echo "work dir $WORK; $SHIPMENTS shipments (seed $SEED${SIM_OPTS:+, $SIM_OPTS}); configurations (instances x threads)" \
  "$SCALE; load $(load_avg) on $(nproc) cores"

# Ticks so far of the configuration that runs now ($app, ${pids[@]}) and of the broker: "application client broker jit".
ticks_now() {
  echo "$(cpu_ticks "${pids[@]}") $(client_ticks "$app" "${pids[@]}") $(cpu_ticks "$BROKER_PID")" \
    "$(thread_ticks '^C[12] CompilerThre' "${pids[@]}") $(client_sched "$app" "${pids[@]}")"
}

# The stream threads' loop phases from Kafka Streams' thread metrics (Prometheus text on stdin): a line
# "phase thread total latency_avg" for poll, punctuate and commit (processing is what is left: Kafka Streams counts its
# calls per record but times them per batch).
phase_samples() {
  awk '/^kafka_stream_thread_(poll|punctuate|commit)_(total|latency_avg)[{]/ {
      name = $1; sub(/[{].*$/, "", name); sub(/^kafka_stream_thread_/, "", name)
      phase = name; sub(/_.*$/, "", phase); stat = name; sub(/^[a-z]*_/, "", stat)
      thread = $0; sub(/^.*thread_id="/, "", thread); sub(/".*$/, "", thread)
      v[phase " " thread, stat] = $NF; seen[phase " " thread] = 1 }
    END { for (k in seen) printf "%s %s %s\n", k, v[k, "total"], v[k, "latency_avg"] }'
}

# STREAMS_OPTS_<N>: more flags for configuration N of SCALE only (1-based), after STREAMS_OPTS.
n_opts() { local var="STREAMS_OPTS_$1"; echo "${!var:-}"; }
n_java_opts() { local var="APP_JAVA_OPTS_$1"; echo "${!var:-}"; }

build_cli
[[ " $SCALE" == *" base"* ]] && build_benchmarks
fetch_kafka_tools
[ "${WALL:-0}" = 1 ] && fetch_async_profiler

# 1. The broker.
start_broker --data-dir "$WORK/broker"

# 2. The input, with the application stopped.
t=$(now_ms)
cli simulate -n "$SHIPMENTS" --seed "$SEED" --speed max $SIM_OPTS --bootstrap-server "$BOOTSTRAP" \
  2> "$WORK/simulate.err" > "$WORK/simulate.out"
echo "simulated and published in $(( ($(now_ms) - t) / 1000 )) s: $(cat "$WORK/simulate.out")"
# The same input for every further configuration, each in a topic prefix of its own: the first run's start, not the wall
# clock's, so the records are the same.
START=$(sed -n 's/.*, start \([^ ,]*\).*/\1/p' "$WORK/simulate.err" | head -n 1)
[ -n "$START" ] || { cat "$WORK/simulate.err"; exit 1; }
run_prefix() { if [ "$1" = 1 ]; then echo "$PREFIX"; else echo "r$1.$PREFIX"; fi; }
n=0
for cfg in $SCALE; do
  n=$((n + 1)); [ "$n" = 1 ] && continue
  # SIM_OPTS may name the start itself (a run to compare with an earlier one): the simulator takes it only once.
  cli simulate -n "$SHIPMENTS" --seed "$SEED" --speed max $SIM_OPTS $([[ " $SIM_OPTS" == *" --start"* ]] || echo "--start $START") \
    --bootstrap-server "$BOOTSTRAP" \
    --topic-prefix "$(run_prefix $n)" --create-topics 2>> "$WORK/simulate.err" > "$WORK/simulate-$n.out"
  cmp -s <(sed 's/; took .*//' "$WORK/simulate.out") <(sed 's/; took .*//' "$WORK/simulate-$n.out") \
    || echo "warning: publication $n differs: $(cat "$WORK/simulate-$n.out")"
done
[ "$n" = 1 ] || echo "published the same input into $((n - 1)) more topic prefixes (start $START)"
# Only the simulator has written so far: every record in a topic of the prefix is input.
INPUTS="${PREFIX//./[.]}.*"
tools org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" --topic "$INPUTS" \
  | awk -F: '$3 > 0' > "$WORK/input-offsets.txt"
events=$(awk -F: '{s += $3} END {printf "%d", s}' "$WORK/input-offsets.txt")
partitions=$(awk -F: -v t="${PREFIX}telemetry.temperature" '$1 == t {n++} END {printf "%d", n}' "$WORK/input-offsets.txt")
bytes=$(find "$WORK/broker" -name '*.log' -printf '%h %s\n' \
  | awk -v re="/$INPUTS-[0-9]+\$" '$1 ~ re {s += $2} END {printf "%d", s}')
[ "$events" -gt 0 ] || { echo "no input records found: see $WORK/input-offsets.txt"; exit 1; }
size=$(( bytes / events ))
echo "input: $events records in $(cut -d: -f1 "$WORK/input-offsets.txt" | sort -u | wc -l) topics," \
  "$bytes bytes on disk ($size bytes a record, batch overhead included)"

# 3. Kafka's producer alone, the same number of records of the same size.
tools org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --topic bench.raw-producer \
  --partitions "$partitions" --replication-factor 1 > /dev/null
tools org.apache.kafka.tools.ProducerPerformance --topic bench.raw-producer --num-records "$events" \
  --record-size "$size" --throughput -1 --producer-props "bootstrap.servers=$BOOTSTRAP" acks=all \
  > "$WORK/producer-perf.txt" 2> "$WORK/producer-perf.err"
raw=$(tail -1 "$WORK/producer-perf.txt" | sed -n 's/.*records sent, \([0-9.]*\) records\/sec.*/\1/p')
[ -n "$raw" ] || { cat "$WORK/producer-perf.txt" "$WORK/producer-perf.err"; exit 1; }
echo "raw producer: $(tail -1 "$WORK/producer-perf.txt")"

# 4. The application on the data it has not seen: a replay, once per configuration of SCALE.
RESULTS=()
n=0
for cfg in $SCALE; do
  n=$((n + 1))
  shape=${cfg%@*}; baseline=0
  commit=""; [ "$shape" = "$cfg" ] || commit=${cfg#*@}
  [ "$shape" = base ] && baseline=1 && shape=1x1
  instances=${shape%x*}; threads=${shape#*x}
  # The configuration as a name for the application id, files and directories ('@' is not allowed in an id), with its
  # place in SCALE: a configuration named twice must not find the state, changelogs and offsets of its first run.
  tag=$n-${cfg/@/-c}
  prefix=$(run_prefix $n); app="$APP-$tag"
  [ "${#JARS[@]}" = 0 ] || echo "configuration $n runs ${JARS[$((n - 1))]}"
  echo "configuration $cfg: $instances instance(s) of $threads stream thread(s)$([ "$baseline" = 0 ] || echo " of io.coldchain.bench.PlatformBaseline")$([ "$STANDBYS" = 0 ] || echo ", $STANDBYS standby replica(s)")$([ -z "$commit" ] || echo ", commits every $commit ms")," \
    "application id $app, topic prefix $prefix; load $(load_avg)"
  ports=(); pids=()
  for k in $(seq 1 "$instances"); do
    port=$((HTTP + 10 * n + k)); ports+=("$port")
    java_opts="${APP_JAVA_OPTS:-} $(n_java_opts "$n")"
    [ "${JFR:-0}" = 1 ] && java_opts="$java_opts -XX:+FlightRecorder -XX:StartFlightRecording=filename=$WORK/replay-$tag-$k.jfr,settings=profile,dumponexit=true"
    # APP_JAR: run another build of the application (e.g. one built from an earlier commit) for a before/after
    # comparison on the same broker conditions; everything else uses this tree's launcher.
    jar="${JARS[$((n - 1))]:-${APP_JAR:-$CLI_JAR}}"
    if [ "$baseline" = 1 ]; then
      java $java_opts -cp "$BENCH_JAR" io.coldchain.bench.PlatformBaseline --bootstrap-server "$BOOTSTRAP" \
        --topic-prefix "$prefix" --state-dir "$WORK/state-$tag-$k" --http-port "$port" --application-id "$app" \
        $([ -z "$commit" ] || echo "--commit-interval-ms $commit") $(n_opts "$n") > "$WORK/streams-$tag-$k.log" 2>&1 &
      pids+=($!); PIDS+=($!)
      continue
    fi
    java $java_opts -jar "$jar" streams --bootstrap-server "$BOOTSTRAP" --topic-prefix "$prefix" \
      --state-dir "$WORK/state-$tag-$k" --http-port "$port" --application-id "$app" \
      $([ "$threads" = 1 ] || echo "--stream-threads $threads") $([ "$STANDBYS" = 0 ] || echo "--standby-replicas $STANDBYS") \
      $([ -z "$commit" ] || echo "--commit-interval-ms $commit") ${STREAMS_OPTS:-} $(n_opts "$n") \
      > "$WORK/streams-$tag-$k.log" 2>&1 &
    pids+=($!); PIDS+=($!)
  done
  launched=$(now_ms)
  first=""; done_at=""; most=0; last_processed=0; changed_at=""; wall_on=0
  ticks_first=(); ticks_changed=(); ticks_done=()
  # Time in each loop phase, summed over the stream threads: each poll interval's new calls times the phase's mean
  # latency Kafka Streams reports then (its latency_avg is over a window of about a minute: an approximation).
  declare -A phase_total=() phase_ms=() phase_ms_changed=()
  while [ -z "$done_at" ]; do
    sleep "$POLL"
    for pid in "${pids[@]}"; do kill -0 "$pid" || { tail "$WORK"/streams-"$tag"-*.log; exit 1; }; done
    m=$(metrics "${ports[@]}")
    processed=$(sum_metric kafka_stream_thread_process_total <<< "$m")
    # The input and repartition topics' lag over every instance: its sum, the partitions with a lag figure, and the
    # topics still lagging, by the last part of their name.
    read -r lag lag_partitions lagging < <(awk -v app="$app" -v re="topic=\"(${prefix//./[.]}|$app-)" \
      '/^kafka_consumer_fetch_manager_records_lag[{]/ && $0 ~ re { s += $NF; n++
          if ($NF > 0) { t = $0; sub(/^.*topic="/, "", t); sub(/".*$/, "", t); sub("^" app "-", "", t)
            k = split(t, parts, "."); by[parts[k]] += $NF } }
        END { printf "%d %d", s, n; sep = " ("; for (t in by) { printf "%s%s %d", sep, t, by[t]; sep = ", " }
          if (sep == ", ") printf ")"; print "" }' <<< "$m")
    # While a rebalance moves partitions between instances some have none, and zero lag on the others is not the end.
    (( lag_partitions > most )) && most=$lag_partitions
    caught_up=0
    [ "$lag" = 0 ] && [ "$lag_partitions" -gt 0 ] && [ "$lag_partitions" -ge "$most" ] && [ "$processed" -ge "$events" ] \
      && caught_up=1
    while read -r phase thread total avg; do
      [ -n "$first" ] && [ -n "${phase_total[$phase $thread]:-}" ] && [ "$avg" != NaN ] \
        && phase_ms[$phase]=$(awk -v a="${phase_ms[$phase]:-0}" -v d="$total" -v p="${phase_total[$phase $thread]}" -v l="$avg" \
          'BEGIN {printf "%.1f", a + (d - p) * l}')
      phase_total[$phase $thread]=$total
    done < <(phase_samples <<< "$m")
    t=$(now_ms)
    if [ -z "$first" ] && [ "$processed" -gt 0 ]; then
      first=$t
      read -r -a ticks_first <<< "$(ticks_now)"
      if [ "${WALL:-0}" = 1 ]; then
        for pid in "${pids[@]}"; do
          wall_start "$pid"
        done
        wall_on=1
      fi
    fi
    if [ "$wall_on" = 1 ] && [ "$caught_up" = 1 ]; then
      # Stopped at the first zero lag with every record processed: the quiet wait after it is not profiled.
      k=0; for pid in "${pids[@]}"; do k=$((k + 1))
        wall_stop "$pid" "$WORK/wall-$tag-$k.collapsed"; done
      wall_on=0
    fi
    # Zero lag says every record was fetched, not processed: fetched records wait in the tasks' queues. So the end is
    # zero lag with the count of processed records (inputs and repartition records) unchanged for STABLE seconds, timed
    # at the last sample at which that count moved; the wait to be sure is not the application's work, and neither
    # clock nor CPU runs on past it.
    if [ "$processed" -gt "$last_processed" ]; then
      last_processed=$processed; changed_at=$t
      read -r -a ticks_changed <<< "$(ticks_now)"
      for phase in "${!phase_ms[@]}"; do phase_ms_changed[$phase]=${phase_ms[$phase]}; done
    fi
    [ -n "$first" ] && [ "$caught_up" = 1 ] && (( t - changed_at >= ${STABLE:-3} * 1000 )) \
      && done_at=$changed_at && ticks_done=("${ticks_changed[@]}") && seen_at=$t
    (( (t - launched) / 1000 % 10 == 0 )) && echo "  $(( (t - launched) / 1000 )) s: processed $processed, lag $lag $lagging"
    (( t - launched < 3600000 )) || { echo "not caught up after an hour"; exit 1; }
  done
  secs=$(secs $(( done_at - first )))
  # CPU ticks between the first and the last processed record: application, its Kafka Streams threads, broker, JIT.
  cpu_used=$(( ticks_done[0] - ticks_first[0] )); client_used=$(( ticks_done[1] - ticks_first[1] ))
  broker_used=$(( ticks_done[2] - ticks_first[2] )); jit_used=$(( ticks_done[3] - ticks_first[3] ))
  rate=$(awk -v e="$events" -v ms=$(( done_at - first )) 'BEGIN {printf "%.0f", e * 1000 / ms}')
  ratio=$(awk -v a="$rate" -v r="$raw" 'BEGIN {printf "%.4f", a / r}')
  load="$(load_avg)"
  echo "application $cfg: $events records in $secs s from its first processed record to its last before zero lag" \
    "($(secs $(( first - launched ))) s from launch to the first; $last_processed records processed with the repartitions';" \
    "zero lag and no change seen $(secs $(( seen_at - done_at ))) s after the last): $rate records/s"
  echo "ratio application / raw producer: $ratio (raw producer $raw records/s); load $load"
  cpu_us=$(awk -v c=$cpu_used -v hz="$(getconf CLK_TCK)" -v e="$events" 'BEGIN {printf "%.0f", c / hz * 1e6 / e}')
  echo "application CPU $cfg: $(awk -v c=$cpu_used -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", c / hz}') s" \
    "(user + system, all threads) for $events records: $cpu_us µs a record"
  stream_us=$(awk -v c=$client_used -v hz="$(getconf CLK_TCK)" -v e="$events" 'BEGIN {printf "%.0f", c / hz * 1e6 / e}')
  echo "stream threads' CPU $cfg: $stream_us µs a record (the Kafka Streams client's threads only)"
  # Where the machine's cores went between the first and the last processed record: a stream thread that is not on a
  # core is waiting (for the broker, a commit, a fetch) or ready but crowded out by the broker, the JIT compiler, GC.
  awk -v hz="$(getconf CLK_TCK)" -v ms=$(( done_at - first )) -v cores="$(nproc)" -v threads=$(( instances * threads )) \
    -v all=$cpu_used -v strm=$client_used -v jit=$jit_used \
    -v broker=$broker_used 'BEGIN {
      wall = ms / 1000; printf "cores %s over %.1f s (%.0f core-seconds): stream threads %.1f s (busy %.0f %% of their time),", \
        "'"$cfg"'", wall, wall * cores, strm / hz, 100 * strm / hz / (wall * threads)
      printf " JIT compiler %.1f s, rest of the application %.1f s, broker %.1f s, idle or other processes %.1f s\n", \
        jit / hz, (all - strm - jit) / hz, broker / hz, wall * cores - (all + broker) / hz }'
  # The stream threads' wall time: on a core, ready but waiting for one (crowded out by the broker, the JIT compiler,
  # GC), or not ready (waiting for the broker in a commit or a poll, or idle), from the kernel's schedstat.
  awk -v ms=$(( done_at - first )) -v threads=$(( instances * threads )) -v on=$(( ticks_done[4] - ticks_first[4] )) \
    -v wait=$(( ticks_done[5] - ticks_first[5] )) 'BEGIN { wall = ms / 1e3 * threads
      printf "stream threads '"$cfg"' (the client'"'"'s threads, schedstat): on a core %.1f s (%.0f %%), ready and waiting for a core", \
        on / 1e9, 100 * on / 1e9 / wall
      printf " %.1f s (%.0f %%), not ready %.1f s (%.0f %%) of %.1f s\n", wait / 1e9, 100 * wait / 1e9 / wall, \
        wall - (on + wait) / 1e9, 100 - 100 * (on + wait) / 1e9 / wall, wall }'
  if [ "${WALL:-0}" = 1 ]; then
    echo "stream threads' wall-clock profile $cfg (async-profiler, every ${WALL_MS:-5} ms, first record to first zero lag):"
    { cat "$WORK"/wall-"$tag"-*.collapsed 2>/dev/null || true; } | wall_summary "${WALL_MS:-5}"
  fi
  echo "stream threads' loop $cfg (Kafka Streams' thread metrics, approximate; processing is the rest):" \
    "$(for phase in poll punctuate commit; do
         awk -v p="$phase" -v ms="${phase_ms_changed[$phase]:-0}" -v w=$(( (done_at - first) * instances * threads )) \
           'BEGIN {printf "%s %.1f s (%.0f %%) ", p, ms / 1000, 100 * ms / w}'
       done)of the replay's wall time a thread"
  # What the application wrote to its own topics (changelogs, the serial repartition topic), by store, per input
  # record: each is an encoding, a store write and a send at a commit. Records are end offsets (commit markers
  # included), bytes are the broker's segment files (nothing is compacted within a replay this short).
  tools org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" --topic "${app//./[.]}-.*" \
    > "$WORK/internal-offsets-$tag.txt" 2>/dev/null || true
  find "$WORK/broker" -name '*.log' -path "*/$app-*" -printf '%h %s\n' > "$WORK/internal-bytes-$tag.txt" || true
  echo "written to internal topics $cfg, per input record (records, bytes):"
  awk -F: -v app="$app-" -v e="$events" 'FNR == NR { t = $1; sub("^" app, "", t); r[t] += $3; next }
      { t = $1; sub(/^.*\//, "", t); sub(/-[0-9]+$/, "", t); sub("^" app, "", t); b[t] += $2 }
      END { for (t in r) { printf "  %-58s %6.2f %8.0f\n", t, r[t] / e, b[t] / e; sr += r[t]; sb += b[t] }
        printf "  %-58s %6.2f %8.0f\n", "all", sr / e, sb / e }' \
    "$WORK/internal-offsets-$tag.txt" FS=' ' "$WORK/internal-bytes-$tag.txt" | sort -k2,2nr
  digest=""
  # 5. Optional: what it found.
  if [ "${ALERTS:-0}" = 1 ] && [ "$baseline" = 0 ]; then
    last=-1; still=0
    while [ $still -lt 15 ] || (( $(now_ms) - done_at < 330000 )); do
      sleep 5
      a=$(metrics "${ports[@]}" | sum_metric kafka_producer_topic_record_send_total \
        "topic=\"${prefix//./[.]}(alerts|errors[.]late-data)\"")
      if [ "$a" = "$last" ]; then still=$((still + 5)); else still=0; fi
      last=$a
    done
    for topic in alerts late-data dead-letter; do
      cli export --topic "$topic" --bootstrap-server "$BOOTSTRAP" --topic-prefix "$prefix" \
        --file "$WORK/$topic-$tag.jsonl" 2>> "$WORK/export.err"
      d=$(sort "$WORK/$topic-$tag.jsonl" | sha256sum | cut -c1-16)
      echo "$topic: $(wc -l < "$WORK/$topic-$tag.jsonl") records, digest of the sorted records $d"
      digest="$digest $topic=$d"
    done
  fi
  for pid in "${pids[@]}"; do kill "$pid"; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  label=$cfg; [ "${#JARS[@]}" = 0 ] || [ "$baseline" = 1 ] || label="$cfg:$(basename "${JARS[$((n - 1))]}" .jar)"
  RESULTS+=("$label $rate $secs $ratio $cpu_us/$stream_us $load$digest")
done

if [ "${#RESULTS[@]}" -gt 1 ]; then
  echo "summary (raw producer $raw records/s, measured once before the configurations):"
  printf '  %-24s %10s %9s %8s %8s %12s  %s\n' "config" "records/s" "seconds" "ratio" "vs $(cut -d' ' -f1 <<< "${RESULTS[0]}")" \
    "µs all/strm" "load (1, 5, 15 min) at its end"
  base=$(cut -d' ' -f2 <<< "${RESULTS[0]}")
  for r in "${RESULTS[@]}"; do
    read -r c rt sc ra cu l1 l5 l15 rest <<< "$r"
    printf '  %-24s %10s %9s %8s %8s %12s  %s %s %s%s\n' "$c" "$rt" "$sc" "$ra" \
      "$(awk -v a="$rt" -v b="$base" 'BEGIN {printf "%.2fx", a / b}')" "$cu" "$l1" "$l5" "$l15" "${rest:+  $rest}"
  done
fi

if [ "${JFR:-0}" = 1 ]; then
  # Java frames (jdk.ExecutionSample) and threads inside native code such as RocksDB (jdk.NativeMethodSample), of the
  # stream threads only: self time by top frame, and the application's methods anywhere on the stack.
  for recording in "$WORK"/replay-*.jfr; do
    name=$(basename "$recording" .jfr)
    echo "$name:"
    jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 96 "$recording" > "$WORK/samples-$name.txt"
    awk '/^jdk[.](Execution|NativeMethod)Sample/ {kind = $1; thread = ""; inside = 0; next}
      /sampledThread = / {thread = $0; next}
      /stackTrace = \[/ { inside = (thread ~ /StreamThread-[0-9]+"/); depth = 0; delete seen; if (inside) { n++; kinds[kind]++ }; next }
      inside && /^[[:space:]]*\]/ {inside = 0; next}
      inside { f = $1; sub(/\(.*$/, "", f); if (depth++ == 0) self[f]++
        if (f ~ /^io[.]coldchain/ && !(f in seen)) { seen[f] = 1; mine[f]++ } }
      END { printf "summary\t%d stream-thread samples (%d in Java code, %d in native code)\n", n,
          kinds["jdk.ExecutionSample"], kinds["jdk.NativeMethodSample"]
        for (f in self) printf "self\t%5.1f %%\t%s\n", 100 * self[f] / n, f
        for (f in mine) printf "stack\t%5.1f %%\t%s\n", 100 * mine[f] / n, f }' "$WORK/samples-$name.txt" \
      | sort -t$'\t' -k1,1 -k2,2nr > "$WORK/top-frames-$name.txt"
    { grep '^summary' "$WORK/top-frames-$name.txt" || true; } | cut -f2-
    echo "top frames of the stream threads (self):"; { grep '^self' "$WORK/top-frames-$name.txt" || true; } | cut -f2- | sed -n 1,20p
    echo "application methods on their stacks:"; { grep '^stack' "$WORK/top-frames-$name.txt" || true; } | cut -f2- | sed -n 1,25p
  done
fi
