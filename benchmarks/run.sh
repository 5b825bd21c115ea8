#!/usr/bin/env bash
# Builds the JMH uber-jar and measures the engine: splitting throughput, the per-statement hot path and
# DDL decisions, then prints one compact table (about 2.5 minutes on 2 cores, under 1 with BENCH_QUICK=1).
# Then runs the end-to-end comparison with raw pgjdbc and the peers, benchmarks/run-e2e.sh with 4 rounds (about
# 5-6 minutes idle; needs PostgreSQL, see that script). The whole script, build included, took 9 min 14 s on an
# idle 2-vCPU machine from a fresh clone.
#
# Environment:
#   BENCH_QUICK=1        1 warm-up and 2 measured iterations instead of 5+5 / 3+5 (a smoke run, not numbers)
#   BENCH_FILTER=regex   only benchmarks whose name matches (default: all); e.g. BENCH_FILTER=HotPath
#   BENCH_FORKS=n        JMH forks per benchmark (default 1)
#   BENCH_CORPUS_DIR=dir the real-migration corpus (default: ../shared/pg-migrations-corpus beside the repo);
#                        when absent, the "corpus" input falls back to a generated mix and the table says so
#   BENCH_JVM_ARGS=...   extra JVM options for the measured JVMs (default: -Xms1g -Xmx1g)
#   BENCH_JMH_ARGS=...   extra JMH options, appended to every run
#   BENCH_SKIP_BUILD=1   reuse benchmarks/target/benchmarks.jar
#   BENCH_OUT=dir        where the CSV results and the full JMH log go (default: benchmarks/target/results)
#   BENCH_E2E=0          skip the end-to-end section (its own settings: E2E_* in benchmarks/run-e2e.sh;
#                        E2E_FULL=1 for every variant at 1, 8 and 32 threads)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar="$root/benchmarks/target/benchmarks.jar"
out="${BENCH_OUT:-$root/benchmarks/target/results}"
corpus="${BENCH_CORPUS_DIR:-$root/../shared/pg-migrations-corpus}"
filter="${BENCH_FILTER:-.}"
forks="${BENCH_FORKS:-1}"
jvm_args="${BENCH_JVM_ARGS:--Xms1g -Xmx1g} -Dpgsafe.bench.corpus.dir=$corpus"
read -r -a extra <<< "${BENCH_JMH_ARGS:-}"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    echo "building $jar ..." >&2
    ./mvnw -B -q -pl benchmarks,agent -am package -DskipTests
fi
mkdir -p "$out"
rm -f "$out"/*.csv
log="$out/jmh.log"
: > "$log"

# Splitting one 10 MB text takes ~0.1 s, so it gets longer iterations than the nanosecond benchmarks.
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
    split_iters=(-wi 1 -w 2s -i 2 -r 2s)
    fast_iters=(-wi 1 -w 1s -i 2 -r 1s)
else
    split_iters=(-wi 5 -w 2s -i 5 -r 2s)
    fast_iters=(-wi 3 -w 1s -i 5 -r 1s)
fi

jmh() { # <csv name> <include regex> <iteration options...>
    local name="$1" include="$2"
    shift 2
    local matching
    matching="$(java -jar "$jar" -l "$include" | grep -E "$filter" | grep -E '^io\.pgsafe' || true)"
    [[ -n "$matching" ]] || return 0
    echo "running $name ..." >&2
    java -jar "$jar" -f "$forks" "$@" -prof gc -jvmArgsAppend "$jvm_args" \
        -rf csv -rff "$out/$name.csv" "${extra[@]}" "$(echo "$matching" | paste -sd '|')" >> "$log" 2>&1 \
        || { echo "JMH failed; see $log" >&2; tail -20 "$log" >&2; exit 1; }
}

jmh splitter 'SplitterBenchmark|CheckBenchmark' "${split_iters[@]}"
jmh fast 'HotPathBenchmark|DecisionBenchmark' "${fast_iters[@]}"

# Sizes of the split texts: MB/s = bytes × ops/s / 10^6.
sizes="$out/sizes.tsv"
java $jvm_args -cp "$jar" io.pgsafe.benchmarks.SplitterInput > "$sizes"

cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo unknown)"
jdk="$(java -version 2>&1 | sed -n 2p)"
echo
echo "pgsafe engine benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $cpu, $jdk"
cat "$out"/*.csv 2>/dev/null | awk -F',' -v sizes="$sizes" '
    BEGIN {
        while ((getline line < sizes) > 0) {
            split(line, f, "\t"); bytes[f[1]] = f[2]; statements[f[1]] = f[3]; what[f[1]] = f[4]
        }
    }
    function unq(s) { gsub(/["\r]/, "", s); return s }
    $1 ~ /^"Benchmark"/ { next }
    {
        name = unq($1); sub(/^io\.pgsafe\.benchmarks\./, "", name)
        param = unq($8); score = $5 + 0; error = $6
        if (name ~ /:gc\.alloc\.rate\.norm$/) { sub(/:.*/, "", name); bop[name, param] = score; next }
        if (name ~ /:/) { next }
        key[++n] = name SUBSEP param; bench[n] = name; par[n] = param; val[name, param] = score
        err[name, param] = (error == "NaN" ? "" : sprintf("± %.3g", error))
    }
    END {
        printed = 0
        for (i = 1; i <= n; i++) if (bench[i] ~ /^Splitter/) {
            if (!printed++) printf "\n%-44s %8s %9s %9s %9s %12s\n", "Splitting (MIGRATION_FILE)", "MB", "ops/s", "MB/s", "goal", "B/op"
            p = par[i]; mb = bytes[p] / 1e6
            printf "  %-42s %8.2f %9.2f %9.1f %9s %12.0f\n", p, mb, val[bench[i], p], mb * val[bench[i], p], ">= 50", bop[bench[i], p]
        }
        if (printed) for (p in what) printf "    %s: %s, %s statements\n", p, what[p], statements[p]
        printed = 0
        for (i = 1; i <= n; i++) if (bench[i] ~ /^Check/) {
            if (!printed++) printf "\n%-44s %8s %9s %9s %9s %12s\n", "pgsafe check (split, parse, all rules)", "MB", "ops/s", "MB/s", "goal", "B/op"
            p = par[i]; mb = bytes[p] / 1e6
            printf "  %-42s %8.2f %9.2f %9.1f %9s %12.0f\n", p, mb, val[bench[i], p], mb * val[bench[i], p], ">= 50", bop[bench[i], p]
        }
        printed = 0
        for (i = 1; i <= n; i++) if (bench[i] ~ /^HotPath/) {
            if (!printed++) printf "\n%-44s %8s %9s %9s %9s\n", "Hot path (classify + mayHoldSeveralStatements)", "ns/op", "", "B/op", "goal"
            p = par[i]
            printf "  %-42s %8.1f %9s %9.2f %9s\n", p, val[bench[i], p], err[bench[i], p], bop[bench[i], p], "<= 50, 0"
        }
        printed = 0
        for (i = 1; i <= n; i++) if (bench[i] ~ /^Decision/) {
            if (!printed++) printf "\n%-44s %8s %9s %9s\n", "Decision (Guard.decide, PG 17.2, autocommit)", "us/op", "", "B/op"
            p = par[i]
            printf "  %-42s %8.2f %9s %9.0f\n", p, val[bench[i], p], err[bench[i], p], bop[bench[i], p]
        }
    }'
echo
echo "full JMH output: $log; CSV: $out"

if [[ "${BENCH_E2E:-1}" != 0 ]]; then
    echo
    if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
        export E2E_ROUNDS="${E2E_ROUNDS:-2}" E2E_MEASURE_MS="${E2E_MEASURE_MS:-1000}" E2E_JVM_WARMUP_MS="${E2E_JVM_WARMUP_MS:-2000}"
    fi
    # 4 rounds and at most 12 s of JIT warm-up per child here (5 rounds and 20 s when run-e2e.sh runs alone), so
    # the whole script stays under 10 minutes; in exchange two unrecorded warm-up rounds, not one: with 12 s the
    # children's JIT is still busy through the first two rounds (docs/benchmarks.md, "Why the warm-up waits").
    BENCH_OUT="$out" E2E_SKIP_BUILD=1 E2E_ROUNDS="${E2E_ROUNDS:-4}" E2E_JVM_WARMUP_MS="${E2E_JVM_WARMUP_MS:-12000}" \
        E2E_WARMUP_ROUNDS="${E2E_WARMUP_ROUNDS:-2}" "$root/benchmarks/run-e2e.sh"
fi
