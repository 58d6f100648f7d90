#!/usr/bin/env bash
# Webhook throughput and latency of one Meshwatch instance. See bench/README.md.
#
# Parameters (environment, full-scale defaults):
#   DELIVERIES=10000      distinct deliveries measured (one per Modal job)
#   WARMUP=2000           distinct deliveries sent first, unmeasured
#   CONCURRENCY=16        requests in flight
#   DUP_DELIVERIES=10000  duplicate deliveries measured (same job, same body)
#   DUP_WARMUP=1000       duplicate deliveries sent first, unmeasured
#   MAX_SECONDS=600       cap on each measured phase (and on waiting for jobs to run)
#   SETUP_CONCURRENCY=8   requests in flight while creating the Modal jobs
#   MW_APP=/tmp/mw-bench  built clone (built from this repo's HEAD if missing)
#   RESULTS=bench/results/<time>  where webhook.txt (key=value) goes
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
bench_init

DELIVERIES=${DELIVERIES:-10000}
WARMUP=${WARMUP:-2000}
CONCURRENCY=${CONCURRENCY:-16}
DUP_DELIVERIES=${DUP_DELIVERIES:-10000}
DUP_WARMUP=${DUP_WARMUP:-1000}
MAX_SECONDS=${MAX_SECONDS:-600}
SETUP_CONCURRENCY=${SETUP_CONCURRENCY:-8}
RESULTS=${RESULTS:-$BENCH_ROOT/results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$RESULTS"

bench_tmpdir webhook
data=$BENCH_LAST_TMPDIR
secret="bench-secret-$RANDOM$RANDOM"

modal_stub_start "$data"
stub_port=$MODAL_STUB_PORT

# The per-source rate limit (default 60 burst / 10 per second) would turn this
# benchmark into a 429 test: it is raised far out of reach for the run.
port=$(bench_free_port)
mw_start "$port" "$data/meshwatch" \
  MODAL_WEBHOOK_SECRET="$secret" \
  MODAL_LAUNCH_URL="http://127.0.0.1:$stub_port/launch" \
  MESHWATCH_WEBHOOK_RATE_CAPACITY=1000000000 \
  MESHWATCH_WEBHOOK_RATE_PER_SECOND=1000000000

bench_log "webhook: $DELIVERIES distinct + $DUP_DELIVERIES duplicate deliveries at concurrency $CONCURRENCY"
set +e
bench_run java -Xmx512m "$here/WebhookBench.java" \
  --url "$MW_URL" --secret "$secret" --server-pid "$MW_PID" --clk-tck "$(bench_clk_tck)" \
  --deliveries "$DELIVERIES" --warmup "$WARMUP" --concurrency "$CONCURRENCY" \
  --dup-deliveries "$DUP_DELIVERIES" --dup-warmup "$DUP_WARMUP" --max-seconds "$MAX_SECONDS" \
  --setup-concurrency "$SETUP_CONCURRENCY" --out "$RESULTS/webhook.txt"
rc=$?
set -e
{
  echo "rate_limit=MESHWATCH_WEBHOOK_RATE_CAPACITY=1000000000,MESHWATCH_WEBHOOK_RATE_PER_SECOND=1000000000"
  echo "server_heap=${MW_JAVA_OPTS:--Xmx512m}"
} >>"$RESULTS/webhook.txt"
python3 "$BENCH_ROOT/lib/report.py" webhook "$RESULTS"
[[ $rc -eq 0 ]] || bench_log "webhook benchmark reported problems (exit $rc); see above"
exit $rc
