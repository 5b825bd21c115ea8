#!/usr/bin/env bash
# End-to-end overhead of pgsafe against raw pgjdbc and its peers: a pgbench-like mix (prepared SELECT by key,
# UPDATE, INSERT; autocommit) over HikariCP against a loopback PostgreSQL, one child JVM per variant, variants
# interleaved in rotated order per round, each reported as the median [min, max] of its per-round ratios to raw
# pgjdbc. Called by benchmarks/run.sh (unless BENCH_E2E=0); can be run alone. See docs/benchmarks.md, "End to end".
# Two CPU figures per run: the client JVM's CPU per operation (all threads, from /proc/self/task/*/schedstat), and
# that over the CPU the pool's PostgreSQL backends used in the same window (/proc/<pid>/schedstat; the server
# must run on this machine), which cancels the machine's speed drifts: the steadier of the two.
#
# Default (about 5 minutes idle, 6-7 under heavy load): all 8 variants at 8 threads, plus raw and jdbc:pgsafe:
# at 1 and 32 threads; 5 rounds x 1.5 s per run, raw between every two runs. E2E_FULL=1: all 8 variants at 1, 8
# and 32 threads (about 3 times as long; E2E_SIDE_VARIANTS=raw,pgsafe,agent adds only the agent).
#
# Environment:
#   E2E_URL / E2E_USER / E2E_PASSWORD  the database (default jdbc:postgresql://127.0.0.1:5432/pgsafe_bench,
#                        postgres/postgres). With the default URL and nothing listening on 127.0.0.1:5432, the
#                        Debian cluster is started (pg_ctlcluster 15 main start) and postgres's password set.
#                        The database is created if missing; it gets synchronous_commit=off (ALTER DATABASE).
#   E2E_GOAL=1           the run that judges issue #11's goal: raw, jdbc:pgsafe: and the agent only, 8 threads,
#                        80 rounds x 3 s (about 30 minutes); the other E2E_* settings still override it
#   E2E_FULL=1           every variant at every thread count
#   E2E_ROUNDS=n         rounds (default 5)
#   E2E_MEASURE_MS=n     measured window per run (default 1500); E2E_WARMUP_MS pool warm-up before it (500)
#   E2E_JVM_WARMUP_MS=n  most warm-up of each child JVM before the first round: 2 s slices at 8 threads until a
#                        slice sees under 20 ms of JIT compilation (default at most 20000); E2E_JVM_WARMUP_THREADS
#                        other than 8 for those slices
#   E2E_WARMUP_ROUNDS=n  rounds at the main thread count run before the measured ones and not recorded (default 1)
#   E2E_VARIANTS=list    main variants (default raw,pgsafe,pgsafe-otel,agent,p6spy,dsproxy,otel-jdbc,otel-agent)
#   E2E_THREADS=list     thread counts of the main variants (default 8)
#   E2E_SIDE_THREADS / E2E_SIDE_VARIANTS  extra thread counts and who runs them (default 1,32 / raw,pgsafe)
#   E2E_JVM_ARGS=...     options of the child JVMs (default -Xms512m -Xmx512m)
#   E2E_SMOKE=1          only check that the Workload program runs 1 s for jdbc:pgsafe: (a few seconds)
#   E2E_PROFILE=variant  instead of the comparison: one JFR recording of that variant (8 threads, 10 s warm-up,
#                        E2E_PROFILE_SECONDS=30 measured), CPU samples grouped by the topmost io.pgsafe frame
#   E2E_SKIP_BUILD=1     reuse benchmarks/target/benchmarks.jar and agent/target/pgsafe-agent.jar
#   E2E_JAR / E2E_PGSAFE_AGENT / E2E_OTEL_AGENT  other copies of those jars (e.g. while a build rewrites target/)
#   BENCH_OUT=dir        results (default benchmarks/target/results; e2e files go to its e2e/ folder)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar="${E2E_JAR:-$root/benchmarks/target/benchmarks.jar}"
pgsafe_agent="${E2E_PGSAFE_AGENT:-$root/agent/target/pgsafe-agent.jar}"
otel_agent="${E2E_OTEL_AGENT:-$root/benchmarks/target/e2e/opentelemetry-javaagent.jar}"
out="${BENCH_OUT:-$root/benchmarks/target/results}/e2e"
url="${E2E_URL:-jdbc:postgresql://127.0.0.1:5432/pgsafe_bench}"
user="${E2E_USER:-postgres}"
password="${E2E_PASSWORD:-postgres}"
jvm_args="${E2E_JVM_ARGS:--Xms512m -Xmx512m} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

if [[ "${E2E_SKIP_BUILD:-0}" != 1 ]]; then
    echo "building $jar and the agent ..." >&2
    ./mvnw -B -q -pl benchmarks,agent -am package -DskipTests
fi

if [[ -z "${E2E_URL:-}" ]] && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null; then
        echo "starting the Debian PostgreSQL cluster (pg_ctlcluster 15 main start) ..." >&2
        pg_ctlcluster 15 main start 2>/dev/null || true
        for _ in $(seq 1 100); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.1; done
        (cd / && runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -c "ALTER USER postgres PASSWORD 'postgres'")
    else
        echo "no PostgreSQL on 127.0.0.1:5432 and no pg_ctlcluster; set E2E_URL/E2E_USER/E2E_PASSWORD" >&2
        exit 1
    fi
fi
mkdir -p "$out"

if [[ "${E2E_SMOKE:-0}" == 1 ]]; then
    # The runner creates the schema; a 0-round run does only that and starts no child.
    java -cp "$jar" io.pgsafe.benchmarks.e2e.E2eRunner --url "$url" --user "$user" --password "$password" \
        --out "$out" --setup-only true
    result="$(java $jvm_args -cp "$jar" io.pgsafe.benchmarks.e2e.Workload --variant pgsafe --url "$url" \
        --user "$user" --password "$password" --once 2 1)"
    echo "$result"
    grep -q 'canary=PGS01' <<< "$result" && grep -q 'errors=0 ' <<< "$result" && ! grep -q ' ops=0 ' <<< "$result" \
        || { echo "e2e smoke run FAILED" >&2; exit 1; }
    echo "e2e smoke run OK" >&2
    exit 0
fi

if [[ -n "${E2E_PROFILE:-}" ]]; then
    java -cp "$jar" io.pgsafe.benchmarks.e2e.E2eRunner --url "$url" --user "$user" --password "$password" \
        --out "$out" --setup-only true
    rec="$out/profile-$E2E_PROFILE.jfr"
    agent_opts=()
    case "$E2E_PROFILE" in
        agent) agent_opts=("-javaagent:$pgsafe_agent") ;;
        otel-agent) agent_opts=("-javaagent:$otel_agent"
                                -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none) ;;
        p6spy) agent_opts=(-Dp6spy.config.modulelist=com.p6spy.engine.spy.P6SpyFactory
                           -Dp6spy.config.driverlist=org.postgresql.Driver -Dp6spy.config.jmx=false) ;;
    esac
    java $jvm_args "${agent_opts[@]}" -XX:FlightRecorderOptions:stackdepth=128 \
        "-XX:StartFlightRecording=filename=$rec,settings=profile,jdk.ExecutionSample#period=2ms" \
        -cp "$jar" io.pgsafe.benchmarks.e2e.Workload --variant "$E2E_PROFILE" --url "$url" --user "$user" \
        --password "$password" --once 8 "${E2E_PROFILE_SECONDS:-30}" --once-warmup-ms 10000 2>"$out/profile.log" \
        | grep '^E2E'
    jfr print --events jdk.ExecutionSample "$rec" | python3 "$root/benchmarks/e2e/jfr-top-frames.py" io.pgsafe
    echo "recording: $rec (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
    exit 0
fi

if [[ "${E2E_GOAL:-0}" == 1 ]]; then
    export E2E_VARIANTS="${E2E_VARIANTS:-raw,pgsafe,agent}" E2E_SIDE_THREADS="${E2E_SIDE_THREADS-}" \
        E2E_ROUNDS="${E2E_ROUNDS:-80}" E2E_MEASURE_MS="${E2E_MEASURE_MS:-3000}"
fi
if [[ "${E2E_FULL:-0}" == 1 ]]; then
    side_variants="${E2E_SIDE_VARIANTS:-${E2E_VARIANTS:-raw,pgsafe,pgsafe-otel,agent,p6spy,dsproxy,otel-jdbc,otel-agent}}"
else
    side_variants="${E2E_SIDE_VARIANTS:-raw,pgsafe}"
fi

cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo unknown)"
jdk="$(java -version 2>&1 | sed -n 2p)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -cp "$jar" io.pgsafe.benchmarks.e2e.E2eRunner \
    --url "$url" --user "$user" --password "$password" \
    --variants "${E2E_VARIANTS:-raw,pgsafe,pgsafe-otel,agent,p6spy,dsproxy,otel-jdbc,otel-agent}" \
    --threads "${E2E_THREADS:-8}" \
    --side-threads "${E2E_SIDE_THREADS-1,32}" --side-variants "$side_variants" \
    --rounds "${E2E_ROUNDS:-5}" --measure-ms "${E2E_MEASURE_MS:-1500}" --warmup-ms "${E2E_WARMUP_MS:-500}" \
    --jvm-warmup-ms "${E2E_JVM_WARMUP_MS:-20000}" --jvm-warmup-threads "${E2E_JVM_WARMUP_THREADS:-8}" \
    --warmup-rounds "${E2E_WARMUP_ROUNDS:-1}" \
    --jvm-opts "$jvm_args" \
    --pgsafe-agent "$pgsafe_agent" --otel-agent "$otel_agent" \
    --out "$out" 2> >(tee "$out/runner.log" >&2) || { echo "e2e run failed; see $out/runner.log" >&2; tail -30 "$out/runner.log" >&2; exit 1; }
echo "machine: $(nproc) cores, $cpu, $jdk; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "per-cell log: $out/runner.log; CSV: $out/e2e.csv; child JVM logs: $out/<variant>.log"
