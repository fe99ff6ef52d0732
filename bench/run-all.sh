#!/usr/bin/env bash
# Runs every benchmark of the pack in one go and writes bench/RESULTS.md (each benchmark's section, then the summary
# at the top), bench/results/*.json (the figures) and bench/results/summary.png (the chart).
#
#   bench/run-all.sh            the full run: about 10 minutes on 2 cores
#   bench/run-all.sh --quick    tiny sizes (a few minutes), written to bench/target/quick/ to check the pipeline works
#
# Run it on a quiet machine: the figures are ratios measured side by side, but a busy machine still widens them.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
case "${1:-}" in
  --quick) quick=true ;;
  "") ;;
  *) echo "usage: bench/run-all.sh [--quick]" >&2; exit 2 ;;
esac

if $quick; then
  out=bench/target/quick
  mkdir -p "$out"
  [ -f "$out/RESULTS.md" ] || cp bench/RESULTS.md "$out/RESULTS.md"
else
  out=bench
fi
results="$out/RESULTS.md"
figures="$out/results"
mkdir -p "$figures"

echo "== building the pack, the benchmarks and the peers' plugin directories"
./mvnw -B -ntp -q -pl bench/iceberg-plugin,bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath

# The harnesses' class path. Debezium's CdcThroughputBenchmark peer is loaded from its own plugin directory; the
# io.debezium 3.3 jars the router benchmark needs (debezium-scripting) must stay off the CDC run's class path, which
# gets the two 3.7 jars our connector uses instead (see RESULTS.md's CdcThroughputBenchmark command).
classpath="bench/target/test-classes:bench/target/classes:$(cat bench/target/test.classpath)"
cdc_classpath="bench/target/test-classes:bench/target/classes:$(tr ':' '\n' < bench/target/test.classpath \
  | grep -v '/io/debezium/' | paste -sd: -)"
for jar in bench/target/debezium-plugin/*/debezium-api-*.jar bench/target/debezium-plugin/*/debezium-util-*.jar; do
  cdc_classpath="$cdc_classpath:$jar"
done

machine="$figures/machine.txt"
{
  echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:    $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu:       $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
  echo "memory:    $(free -g 2>/dev/null | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "os:        $(uname -sr)"
  echo "java:      $(java -version 2>&1 | head -1)"
  echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) at the start"
} > "$machine"
cat "$machine"

jvm=()
if $quick; then
  # A quick run only checks the pipeline, so it may overlap another JMH run (whose lock would stop it).
  jvm=(-Djmh.ignoreLock=true)
  jmh=(-f 1 -wi 1 -i 1 -w 200ms -r 200ms)
  sink=(--events=3000 --partitions=3 --rounds=1 --warmup-rounds=0 --schedule-ms=2000 --iceberg-commit-ms=1000)
  cdc=(--changes=2000 --rounds=1 --tx-rows=100 --live-rate=500 --live-seconds=2)
  scale=(--events=5000 --partitions=8 --grid=1:1,2:2 --no-warmup)
else
  jmh=()
  sink=(--events=300000 --partitions=3 --rounds=3 --warmup-rounds=1 --peers=noop,s3,iceberg)
  cdc=(--changes=1000000 --rounds=2)
  scale=(--events=200000 --partitions=8)
fi

echo "== RouterBenchmark (JMH)"
java "${jvm[@]}" -jar bench/target/benchmarks.jar RouterBenchmark "${jmh[@]}" -prof gc -rf json -rff "$figures/router-jmh.json"
echo "== ParquetWriteBenchmark (JMH)"
java "${jvm[@]}" -jar bench/target/benchmarks.jar ParquetWriteBenchmark "${jmh[@]}" -prof gc -rf json \
  -rff "$figures/parquet-jmh.json"
echo "== SinkThroughputBenchmark"
java -Xmx4g -cp "$classpath" dev.tiered.connect.bench.SinkThroughputBenchmark "${sink[@]}" --results="$results"
echo "== CdcThroughputBenchmark"
java -Xmx4g -cp "$cdc_classpath" dev.tiered.connect.bench.CdcThroughputBenchmark "${cdc[@]}" --results="$results"
echo "== ScaleOutBenchmark"
java -Xmx4g -cp "$classpath" dev.tiered.connect.bench.ScaleOutBenchmark "${scale[@]}" --results="$results"

echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) at the end" >> "$machine"
command="bench/run-all.sh${1:+ $1}"
java -cp "$classpath" dev.tiered.connect.bench.BenchmarkSummary --results="$results" --machine="$machine" \
  --command="$command"
echo "== done: $results, $figures/summary.png"
