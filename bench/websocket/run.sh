#!/usr/bin/env bash
# Live log fan-out of one Meshwatch instance over its WebSocket. See bench/README.md.
#
# Parameters (environment, full-scale defaults):
#   CLIENTS=1000          WebSocket clients, all on one project, all subscribed to the job
#   RATE=2000             lines per second the job prints
#   DURATION=60           seconds the job prints
#   WARMUP_DURATION=10    an unmeasured job of this many seconds first, watched by the same
#                         clients on the same connections (0: none)
#   HTTP_CLIENTS=4        java.net.http clients (selector threads) the connections are spread over
#   CONNECT_CONCURRENCY=64  handshakes in flight while connecting
#   TIMEOUT=              seconds to wait for subscriptions and for log_end (default DURATION+300)
#   MW_APP=/tmp/mw-bench  built clone (built from this repo's HEAD if missing)
#   RESULTS=bench/results/<time>  where the results go
#   OUT_NAME=websocket    results file name: $RESULTS/$OUT_NAME.txt (key=value)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
bench_init

CLIENTS=${CLIENTS:-1000}
RATE=${RATE:-2000}
DURATION=${DURATION:-60}
WARMUP_DURATION=${WARMUP_DURATION:-10}
HTTP_CLIENTS=${HTTP_CLIENTS:-4}
CONNECT_CONCURRENCY=${CONNECT_CONCURRENCY:-64}
TIMEOUT=${TIMEOUT:-$(( ${DURATION%.*} + 300 ))}
RESULTS=${RESULTS:-$BENCH_ROOT/results/$(date +%Y%m%d-%H%M%S)}
OUT_NAME=${OUT_NAME:-websocket}
mkdir -p "$RESULTS"

bench_tmpdir websocket
data=$BENCH_LAST_TMPDIR
sessions=$(( CLIENTS * 2 > 5000 ? CLIENTS * 2 : 5000 ))

# A job is the paced emitter, told its rate and duration through {strategy}; it waits
# for its go file, which the client creates once all connections are subscribed.
port=$(bench_free_port)
mw_start "$port" "$data/meshwatch" \
  MODAL_WEBHOOK_SECRET=unused-in-this-benchmark \
  MESHWATCH_LOCAL_COMMAND="python3 '$BENCH_ROOT/common/emit.py' {strategy} --go-file '$data/go-{job_id}'" \
  MESHWATCH_WS_MAX_SESSIONS_PER_ADDRESS="$sessions"

project=$(curl -sf -XPOST "$MW_URL/api/projects" -H 'Content-Type: application/json' -d '{"name":"ws-bench"}')
project_id=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$project")
[[ -n "$project_id" ]] || bench_die "no project id in: $project"
# start_job SECONDS: starts a local job; sets JOB_ID once it is RUNNING.
start_job() {
  local started status
  started=$(curl -sf -XPOST "$MW_URL/api/projects/$project_id/meshes" -H 'Content-Type: application/json' \
    -d "{\"backend\":\"local\",\"strategy\":\"r$RATE-d$1\"}")
  JOB_ID=$(sed -n 's/.*"job_id":"\([^"]*\)".*/\1/p' <<<"$started")
  [[ -n "$JOB_ID" ]] || bench_die "no job id in: $started"
  for _ in $(seq 1 100); do
    status=$(curl -sf "$MW_URL/api/jobs/$JOB_ID" | sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p')
    [[ "$status" == RUNNING ]] && return 0
    sleep 0.2
  done
  bench_die "job $JOB_ID is $status, not RUNNING"
}

# Both jobs start now and wait for their go files; the client watches the warm-up job
# first (unmeasured, same connections), then the measured one.
warmup=()
if [[ "$WARMUP_DURATION" != 0 ]]; then
  start_job "$WARMUP_DURATION"
  warmup=(--warmup-job-id "$JOB_ID" --warmup-go-file "$data/go-$JOB_ID")
  bench_log "warm-up job $JOB_ID: $WARMUP_DURATION s, unmeasured"
fi
start_job "$DURATION"
job_id=$JOB_ID
bench_log "measured job $job_id: $CLIENTS clients, $RATE lines/s for $DURATION s"
set +e
bench_run java -Xmx${CLIENT_HEAP:-4g} -XX:+ExitOnOutOfMemoryError "$here/WsClient.java" --url "ws://127.0.0.1:$port/ws/projects/$project_id" \
  --job-id "$job_id" --go-file "$data/go-$job_id" "${warmup[@]}" \
  --clients "$CLIENTS" --server-pid "$MW_PID" --clk-tck "$(bench_clk_tck)" \
  --timeout "$TIMEOUT" --http-clients "$HTTP_CLIENTS" --connect-concurrency "$CONNECT_CONCURRENCY" \
  --label "$OUT_NAME" --out "$RESULTS/$OUT_NAME.txt"
rc=$?
set -e
job=$(curl -sf "$MW_URL/api/jobs/$job_id" || true)
{
  echo "param_clients=$CLIENTS"
  echo "param_rate=$RATE"
  echo "param_duration=$DURATION"
  echo "param_warmup_duration=$WARMUP_DURATION"
  echo "job_status_rest=$(sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p' <<<"$job")"
  echo "job_last_seq_rest=$(sed -n 's/.*"last_seq":\([0-9]*\).*/\1/p' <<<"$job")"
  echo "server_heap=${MW_JAVA_OPTS:--Xmx512m}"
  echo "slow_sessions_closed=$(curl -sf "$MW_URL/health/live" | sed -n 's/.*"slow_sessions_closed":"\([0-9]*\)".*/\1/p')"
} >>"$RESULTS/$OUT_NAME.txt"
python3 "$BENCH_ROOT/lib/report.py" table "$RESULTS" "$OUT_NAME"
[[ $rc -eq 0 ]] || bench_log "websocket benchmark reported problems (exit $rc); see above"
exit $rc
