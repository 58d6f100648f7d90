#!/usr/bin/env bash
# The CloudWatch tail of one Meshwatch instance: JOBS running Modal jobs, each writing
# LINES_PER_SECOND lines a second to its log group for DURATION seconds, all watched over the
# WebSocket. See bench/README.md.
#
# Parameters (environment):
#   JOBS=10                 running Modal jobs, each with its own log group and tail
#   TPS=5                   MESHWATCH_CLOUDWATCH_MAX_TPS, the instance's CloudWatch call budget
#   DURATION=120            seconds the jobs write
#   LINES_PER_SECOND=1      lines each job writes a second
#   DRAIN_TIMEOUT=300       seconds to wait, after writing, for every line to arrive
#   MW_APP=/tmp/mw-bench    built clone (built from this repo's HEAD if missing)
#   RESULTS=bench/results/<time>  where the results go
#   OUT_NAME=cloudwatch     results file name: $RESULTS/$OUT_NAME.txt (key=value)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
bench_init

JOBS=${JOBS:-10}
TPS=${TPS:-5}
DURATION=${DURATION:-120}
LINES_PER_SECOND=${LINES_PER_SECOND:-1}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-300}
RESULTS=${RESULTS:-$BENCH_ROOT/results/$(date +%Y%m%d-%H%M%S)}
OUT_NAME=${OUT_NAME:-cloudwatch}
mkdir -p "$RESULTS"

mw_ensure_built
bench_tmpdir cloudwatch
data=$BENCH_LAST_TMPDIR
# The stand-in is the test suite's (src/test/java/io/meshwatch/cloudwatch), run from the build's
# test classes with its JSON library.
classpath=$(cd "$MW_APP" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$data/classpath.txt" >/dev/null && cat "$data/classpath.txt")
[[ -d "$MW_APP/target/test-classes/io/meshwatch/cloudwatch" ]] || bench_die "no test classes in $MW_APP"

modal_stub_start "$data"
cw_port=$(bench_free_port)
port=$(bench_free_port)
mw_start "$port" "$data/meshwatch" \
  MODAL_WEBHOOK_SECRET=unused-in-this-benchmark \
  MODAL_LAUNCH_URL="http://127.0.0.1:$MODAL_STUB_PORT/launch" \
  AWS_ENDPOINT_URL="http://127.0.0.1:$cw_port" AWS_REGION=us-west-1 \
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench \
  MESHWATCH_CLOUDWATCH_MAX_TPS="$TPS"

cpu() { awk '{print $14 + $15}' "/proc/$MW_PID/stat"; }
cpu_before=$(cpu)
started=$(date +%s.%N)
bench_log "cloudwatch: $JOBS jobs x $LINES_PER_SECOND line/s for $DURATION s, budget $TPS calls/s"
set +e
bench_run java -Xmx512m -cp "$MW_APP/target/test-classes:$classpath" "$here/TailBench.java" \
  --url "$MW_URL" --cw-port "$cw_port" --jobs "$JOBS" --duration "$DURATION" \
  --lines-per-second "$LINES_PER_SECOND" --drain-timeout "$DRAIN_TIMEOUT" \
  --label "$OUT_NAME" --out "$RESULTS/$OUT_NAME.txt"
rc=$?
set -e
cpu_after=$(cpu)
{
  echo "param_tps=$TPS"
  echo "server_cpu_cores_avg=$(python3 -c "print(f'{($cpu_after - $cpu_before) / $(bench_clk_tck) / ($(date +%s.%N) - $started):.2f}')")"
  echo "server_rss_mb=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$MW_PID/status")"
  echo "tail_health=$(curl -sf "$MW_URL/health/live" | python3 -c 'import json,sys; d=[c for c in json.load(sys.stdin)["checks"] if c["name"]=="cloudwatch-tail"]; print(json.dumps(d[0].get("data", {}) if d else {}, sort_keys=True))')"
} >>"$RESULTS/$OUT_NAME.txt"
python3 "$BENCH_ROOT/lib/report.py" cloudwatch "$RESULTS" "$OUT_NAME"
[[ $rc -eq 0 ]] || bench_log "cloudwatch benchmark reported problems (exit $rc); see above"
exit $rc
