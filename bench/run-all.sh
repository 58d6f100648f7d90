#!/usr/bin/env bash
# Builds Meshwatch in a fresh clone of this repository's HEAD, runs every benchmark at
# full scale (or at the scale given in the environment), and prints the results as
# Markdown to paste into docs/BENCHMARKS.md. See bench/README.md.
#
#   bench/run-all.sh                 full scale (about 15-20 minutes on 2 cores)
#   CLIENTS=50 DURATION=10 DELIVERIES=500 DUP_DELIVERIES=500 WARMUP=200 bench/run-all.sh   a dry run
#
# Parameters (environment), besides each benchmark's own (see its run.sh):
#   PARTS="webhook websocket socketio baseline cloudwatch"   which parts to run
#   RESULTS=bench/results/<time>                  results directory (key=value files, logs, report.md)
#   MW_APP=                                       an already built clone to use instead of building
#   KEEP_BUILD=0                                  1 keeps the temporary build clone
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/common.sh"
bench_init

PARTS=${PARTS:-webhook websocket socketio baseline cloudwatch}
RESULTS=${RESULTS:-$BENCH_ROOT/results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)
export RESULTS

repo=$(git -C "$BENCH_ROOT" rev-parse --show-toplevel)
{
  echo "## Run of $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Commit $(git -C "$repo" rev-parse --short HEAD) ($(git -C "$repo" log -1 --format=%s | cut -c1-80))."
  echo
  echo "Machine:"
  echo
  bench_machine
  echo
  echo "Scale: CLIENTS=${CLIENTS:-1000} RATE=${RATE:-2000} DURATION=${DURATION:-60} WARMUP_DURATION=${WARMUP_DURATION:-10};" \
    "DELIVERIES=${DELIVERIES:-10000} WARMUP=${WARMUP:-2000} CONCURRENCY=${CONCURRENCY:-16}" \
    "DUP_DELIVERIES=${DUP_DELIVERIES:-10000} DUP_WARMUP=${DUP_WARMUP:-1000};" \
    "CloudWatch: CW_SMALL_JOBS=${CW_SMALL_JOBS:-10} and CW_JOBS=${CW_JOBS:-200} jobs, TPS=${TPS:-5}, DURATION=${CW_DURATION:-120}."
  echo
} >"$RESULTS/machine.md"
cat "$RESULTS/machine.md"

if [[ -z "${MW_APP:-}" ]]; then
  if [[ "${KEEP_BUILD:-0}" == 1 ]]; then
    build=$(mktemp -d /tmp/mw-bench-build-kept.XXXXXX)
  else
    bench_tmpdir build
    build=$BENCH_LAST_TMPDIR
  fi
  mw_build "$build"
fi
export MW_APP
bench_log "using the build in $MW_APP"

failed=()
# part NAME SCRIPT [VAR=VALUE...]: runs one benchmark in its own session (so an
# interrupted run-all stops it and it stops its servers), its output shown and logged.
part() {
  local name=$1 script=$2 pid rc
  shift 2
  bench_log "=== $name"
  : >"$RESULTS/$name.log"
  bench_spawn "$RESULTS/$name.log" env "$@" bash "$script"
  pid=$BENCH_LAST_PID
  tail -n +1 -f --pid="$pid" "$RESULTS/$name.log" &
  local tailer=$!
  set +e
  wait "$pid"
  rc=$?
  set -e
  wait "$tailer" 2>/dev/null || true
  bench_kill "$pid"
  if [[ $rc -ne 0 ]]; then
    failed+=("$name (exit $rc)")
  fi
}

for p in $PARTS; do
  case "$p" in
    webhook) part webhook "$here/webhook/run.sh" ;;
    websocket) part websocket "$here/websocket/run.sh" ;;
    socketio) part socketio "$here/socketio/run.sh" ;;
    baseline)
      part websocket-1client "$here/websocket/run.sh" CLIENTS=1 OUT_NAME=websocket-1client
      part socketio-1client "$here/socketio/run.sh" CLIENTS=1 JAVA_CLIENT=0 OUT_NAME=socketio-1client
      ;;
    cloudwatch)
      part cloudwatch-10jobs "$here/cloudwatch/run.sh" JOBS="${CW_SMALL_JOBS:-10}" DURATION="${CW_DURATION:-120}" OUT_NAME=cloudwatch-10jobs
      part cloudwatch-200jobs "$here/cloudwatch/run.sh" JOBS="${CW_JOBS:-200}" DURATION="${CW_DURATION:-120}" OUT_NAME=cloudwatch-200jobs
      ;;
    *) bench_die "unknown part $p (webhook, websocket, socketio, baseline, cloudwatch)" ;;
  esac
done

echo
echo "=================== Markdown for docs/BENCHMARKS.md ==================="
python3 "$here/lib/report.py" all "$RESULTS" | tee "$RESULTS/report.md"
if [[ ${#failed[@]} -gt 0 ]]; then
  bench_log "parts that reported problems: ${failed[*]} (logs in $RESULTS)"
  exit 1
fi
bench_log "all parts passed their checks; results in $RESULTS"
