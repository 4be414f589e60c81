# shellcheck shell=bash disable=SC2034,SC2153  # it sets variables for its callers and reads theirs (WORK, PORT, HTTP)
# What the benchmark scripts share: sourced by each, after `set -euo pipefail`, as
#   source "$(dirname "$0")/lib.sh"
# It moves to the repository's root (every path below is relative to it) and installs the clean-up on exit, which also
# runs on Ctrl-C and on SIGTERM (once the command in the foreground has returned): every process whose pid a script adds
# to PIDS (the broker's is the first) and every other background job still running is killed and waited for.
# The broker, the jars and the metrics are shared; each script's own method stays in the script.

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

PIDS=()
cleanup() { # the processes in PIDS, then any other background job still running (an export, say), then wait for all
  local pid
  for pid in "${PIDS[@]}" $(jobs -pr); do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
# Ctrl-C ends the script even when the command in the foreground is a JVM: it exits (130) from its shutdown hooks rather
# than dying of the signal, and bash, without a trap of its own, then takes the signal as handled and carries on.
trap 'exit 130' INT
trap 'exit 143' TERM

# WORK (the caller's, or a new directory /tmp/coldchain-NAME.XXXXXX): logs and work files stay there.
use_work_dir() { # name
  WORK="${WORK:-$(mktemp -d "/tmp/coldchain-$1.XXXXXX")}"
  mkdir -p "$WORK"
}

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
now_ms() { date +%s%3N; }
# CPU time (user + system) of the given processes so far, in clock ticks: on a shared machine the application's CPU per
# record is steadier than its rate, which other processes' load moves.
cpu_ticks() { local t=0 pid; for pid in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) )); done; echo "$t"; }
# The machine's idle time so far (idle + iowait of all cores, /proc/stat), in clock ticks.
idle_ticks() { awk '$1 == "cpu" {print $5 + $6; exit}' /proc/stat; }
# CPU ticks (user + system) of every thread of the given processes, one "ticks<TAB>name" line each, the name as Linux
# keeps it (its first 15 characters): "$pid"...
thread_cpu() {
  local pid
  for pid in "$@"; do cat /proc/"$pid"/task/*/stat 2>/dev/null || true; done \
    | awk '{name = $0; sub(/^[^(]*[(]/, "", name); sub(/[)][^)]*$/, "", name)
        n = split($0, f, ") "); split(f[n], g, " "); printf "%d\t%s\n", g[12] + g[13], name}'
}
# CPU ticks of the threads of the given processes whose name matches a regex (the JVM's JIT compiler threads are
# "C1 CompilerThre" and "C2 CompilerThre"): "$regex" "$pid"...
thread_ticks() {
  local re=$1; shift
  thread_cpu "$@" | awk -F'\t' -v re="$re" '$2 ~ re {t += $1} END {printf "%d", t}'
}
# CPU ticks of each kind of thread of a process, one "ticks name" line each: "$pid". Digits in a name are folded, so
# "GC Thread#0" and "GC Thread#1" are one kind.
thread_kinds() {
  thread_cpu "$1" | awk -F'\t' '{name = $2; gsub(/[0-9]+/, "N", name); t[name] += $1} END {for (k in t) print t[k], k}'
}
# The same, of the Kafka Streams client's own threads only (stream threads, state updater: named after the application
# id, which Linux cuts to 15 characters: a prefix, for an id shorter than that), without the JVM's compiler and GC
# threads and the producers' network threads, whose share moves from run to run: "$app" "$pid"...
client_ticks() { local app=$1; shift; thread_ticks "^${app:0:15}" "$@"; }
# Nanoseconds on a core and nanoseconds ready to run but waiting for a core (the run queue), summed over the threads
# of the given processes whose name matches a regex, from /proc/PID/task/TID/schedstat: "on_cpu wait". What is left of
# a thread's wall time is time it was not ready (waiting for the broker, a fetch, a lock, or asleep). "$regex" "$pid"...
thread_sched() {
  local re=$1; shift
  local pid task name run wait slices
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      { read -r name < "$task/comm" && read -r run wait slices < "$task/schedstat"; } 2>/dev/null || continue
      printf '%s\t%s %s\n' "$name" "$run" "$wait"
    done
  done | awk -F'\t' -v re="$re" '$1 ~ re {split($2, s, " "); c += s[1]; w += s[2]} END {printf "%.0f %.0f", c, w}'
}
# The same, of the Kafka Streams client's own threads (see client_ticks): "$app" "$pid"...
client_sched() { local app=$1; shift; thread_sched "^${app:0:15}" "$@"; }
secs() { # ms -> seconds with one decimal; empty or - stays -
  if [ -z "$1" ] || [ "$1" = - ]; then echo -; return; fi
  awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'
}

# The launcher's jar, built first by `./coldchain` if it is stale (and only here: a source edited mid-run never
# triggers a rebuild when the script runs the jar itself) -> CLI_JAR.
build_cli() {
  ./coldchain --help > /dev/null
  local version
  version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
  CLI_JAR="cli/target/coldchain-cli-${version}-all.jar"
}
cli() { java -jar "$CLI_JAR" "$@"; }

# The benchmarks' jar (offline, no tests) -> BENCH_JAR.
build_benchmarks() {
  ./mvnw -B -q -o -pl benchmarks -am package -DskipTests -Dcheckstyle.skip -Denforcer.skip
  BENCH_JAR=benchmarks/target/coldchain-benchmarks.jar
}

# The path of a jar in the local Maven repository, fetched from Maven Central on first use:
# maven_jar GROUP ARTIFACT VERSION [CLASSIFIER]
maven_jar() {
  local repo="${MAVEN_REPO:-$HOME/.m2/repository}" group=$1 artifact=$2 version=$3 classifier=${4:-}
  local jar="$repo/${group//.//}/$artifact/$version/$artifact-$version${classifier:+-$classifier}.jar"
  if [ ! -f "$jar" ]; then
    ./mvnw -B -q dependency:get -Dartifact="$group:$artifact:$version${classifier:+:jar:$classifier}" \
      -Dtransitive=false > /dev/null || return 1
  fi
  echo "$jar"
}

# Kafka's command-line tools (kafka-tools KAFKA_VERSION, fetched into the local Maven repository on first use) ->
# TOOLS_JAR; `tools CLASS ARGS...` runs one. kafka-tools' own dependencies (kafka-clients, argparse4j, jopt-simple,
# server-common) are in the launcher's jar.
fetch_kafka_tools() { TOOLS_JAR=$(maven_jar org.apache.kafka kafka-tools "${KAFKA_VERSION:-4.4.0}"); }
tools() { java -cp "$TOOLS_JAR:$CLI_JAR" "$@"; }
# The four input topics under a topic prefix, as a regular expression for GetOffsetShell's --topic.
input_topics() { echo "${1//./[.]}(shipment[.]plans|telemetry[.].*|custody[.]events)"; } # prefix
# The records on the topics matching a regular expression (the sum of their end offsets), on BOOTSTRAP.
records_on() { tools org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" --topic "$1" \
  | awk -F: '{n += $3} END {printf "%d", n}'; } # topic-regex

# async-profiler's agent (tools.profiler:async-profiler ASYNC_PROFILER_VERSION from Maven Central), unpacked into
# $WORK -> AP_LIB, for `jcmd PID JVMTI.agent_load "$AP_LIB" "start,…"` into a running JVM.
fetch_async_profiler() {
  unzip -o -q "$(maven_jar tools.profiler async-profiler "${ASYNC_PROFILER_VERSION:-4.1}" linux-x64)" \
    'linux-x64/libasyncProfiler.so' -d "$WORK/async-profiler"
  AP_LIB="$WORK/async-profiler/linux-x64/libasyncProfiler.so"
}

# `coldchain broker` on PORT (controller on PORT + 1), logging to $WORK/broker.log, extra broker flags as arguments;
# returns once it is ready -> BROKER_PID (also in PIDS). Exits with its log if it dies first.
# shellcheck disable=SC2120  # the flags are optional
start_broker() { # [broker flags...]
  : > "$WORK/broker.log"
  java -jar "$CLI_JAR" broker --port "$PORT" --controller-port $((PORT + 1)) "$@" > "$WORK/broker.log" 2>&1 &
  BROKER_PID=$!; PIDS+=("$BROKER_PID")
  until grep -q "ready at" "$WORK/broker.log"; do
    sleep 1; kill -0 "$BROKER_PID" || { cat "$WORK/broker.log"; exit 1; }
  done
}

# The Prometheus text of the applications on the given HTTP ports, one after another (nothing from one that does not
# answer within METRICS_MAX_TIME seconds).
METRICS_MAX_TIME=2
metrics() { # port...
  local port
  for port in "$@"; do curl -s --max-time "$METRICS_MAX_TIME" "localhost:$port/metrics" 2>/dev/null || true; done
}
# The sum of one metric's samples on stdin (Prometheus text) whose line matches an awk regex, as an integer.
sum_metric() { # name [line-regex]
  awk -v name="$1" -v re="${2:-}" '$0 ~ "^" name "[{]" && $0 ~ re {s += $NF} END {printf "%d", s}'
}
# `coldchain streams` under an application id, state in $WORK/state, HTTP on $HTTP, STREAMS_OPTS added, logging to
# $WORK/streams.log; returns once its /metrics answers -> STREAMS_PID (also in PIDS). Exits with the tail of its log if
# it dies first.
start_streams() { # application-id
  # shellcheck disable=SC2086  # STREAMS_OPTS: flags, split on spaces
  ./coldchain streams --bootstrap-server "localhost:$PORT" --state-dir "$WORK/state" --http-port "$HTTP" \
    --application-id "$1" ${STREAMS_OPTS:-} > "$WORK/streams.log" 2>&1 &
  STREAMS_PID=$!; PIDS+=("$STREAMS_PID")
  until curl -sf "localhost:$HTTP/metrics" > /dev/null; do
    sleep 1; kill -0 "$STREAMS_PID" || { tail "$WORK/streams.log"; exit 1; }
  done
}

# Polls the application on a port every 5 s, printing its input lag (its consumer's lag on the topics the regex
# matches) and the records it processed, until the lag is zero and nothing was processed for 15 s. With `alerts` it
# also prints and waits on the alerts it sent (coldchain.alerts); with an epoch second and a number of seconds, also
# until that many have passed since then. -> QUIET_S: for how many seconds it had been quiet when it returned.
wait_until_quiet() { # port topic-re [alerts] [since min-s]
  local port=$1 topic_re=$2 alerts=${3:-} since=${4:-} min_s=${5:-0}
  local METRICS_MAX_TIME=60   # an answer, however slow: an empty one would read as zero lag and nothing processed
  local m now l a="" last=-1
  QUIET_S=0
  while true; do
    sleep 5
    m=$(metrics "$port")
    now=$(sum_metric kafka_stream_thread_process_total <<< "$m")
    l=$(sum_metric kafka_consumer_fetch_manager_records_lag "topic=\"$topic_re" <<< "$m")
    if [ "$alerts" = alerts ]; then
      a=$(sum_metric kafka_producer_topic_record_send_total 'topic="coldchain[.]alerts"' <<< "$m")
      echo "  lag $l, records processed $now, alerts sent $a"
    else
      echo "  lag $l, records processed $now"
    fi
    if [ "$l" = 0 ] && [ "$now $a" = "$last" ]; then QUIET_S=$((QUIET_S + 5)); else QUIET_S=0; fi
    last="$now $a"
    [ "$QUIET_S" -ge 15 ] && { [ -z "$since" ] || [ $(( $(date +%s) - since )) -ge "$min_s" ]; } && break
  done
}

# async-profiler in wall mode, every WALL_MS (5) ms of every thread, attached to and detached from a running JVM (AP_LIB
# from fetch_async_profiler): wall_start PID; wall_stop PID FILE writes the collapsed stacks to FILE. jcmd reads
# name=value as its own option: the agent's options go in quotes of their own.
wall_start() { jcmd "$1" JVMTI.agent_load "$AP_LIB" "\"start,event=wall,interval=${WALL_MS:-5}ms,threads\"" > /dev/null; }
wall_stop() { jcmd "$1" JVMTI.agent_load "$AP_LIB" "\"stop,file=$2,collapsed\"" > /dev/null; }

# The stream threads' wall-clock profile (async-profiler in wall mode, collapsed stacks on stdin): their time by
# loop phase, on a core or waiting, and the places they wait at. Interval in ms as the argument.
wall_summary() {
  awk -v ms="$1" '{
      n = $NF; line = $0; sub(/ [0-9]+$/, "", line)
      if (line !~ /^[[][^;]*StreamThread-[0-9]+ tid=/) next
      k = split(line, f, ";"); leaf = f[k]
      phase = "other"
      if (line ~ /pollPhase/) phase = "poll"
      else if (line ~ /maybeCommit|TaskManager.commit/) phase = "commit"
      else if (line ~ /unctuate/) phase = "punctuate"
      else if (line ~ /TaskExecutor.process|processTask/) phase = "process"
      waiting = (leaf ~ /epoll_wait|futex|pthread_cond_wait|nanosleep|__GI___poll/)
      total += n; by[phase, waiting] += n
      if (waiting) { site = ""; for (i = k; i >= 1; i--) if (f[i] ~ /^(org.apache.kafka|io.coldchain)/) { site = f[i]; break }
        gsub(/[\/]/, ".", site); wait_at[phase ": " site] += n } }
    END { if (total == 0) { print "  no stream-thread samples"; exit }
      printf "  %-10s %9s %9s\n", "phase", "running", "waiting"
      split("process commit punctuate poll other", order, " ")
      for (i = 1; i <= 5; i++) { p = order[i]; printf "  %-10s %7.1f s %7.1f s  (%.0f %% of the time)\n", p, by[p, 0] * ms / 1000,
        by[p, 1] * ms / 1000, 100 * (by[p, 0] + by[p, 1]) / total }
      print "  where it waits (deepest Kafka or coldchain frame above the wait):"
      for (w in wait_at) printf "  %7.1f s  %s\n", wait_at[w] * ms / 1000, w | "sort -rn | sed -n 1,10p" }'
}
