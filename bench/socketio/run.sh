#!/usr/bin/env bash
# The WebSocket benchmark's workload against a Socket.IO server, for comparison. See bench/README.md.
#
# Parameters (environment, full-scale defaults):
#   CLIENTS=1000  RATE=2000  DURATION=60   as in bench/websocket/run.sh
#   WARMUP_DURATION=10                     an unmeasured job of this many seconds first, watched by
#                                          the same clients on the same connections (0: none)
#   CONNECT_CONCURRENCY=64                 handshakes in flight while connecting
#   TIMEOUT=                               seconds to wait (default DURATION+300)
#   JAVA_CLIENT=1                          also run the workload with bench/websocket/WsClient.java
#                                          speaking Socket.IO (the client of the Meshwatch run),
#                                          against a fresh server; 0 skips it
#   HTTP_CLIENTS=4                         for the Java client, as in bench/websocket/run.sh
#   RESULTS=bench/results/<time>           where the results go
#   OUT_NAME=socketio                      results: $RESULTS/$OUT_NAME.txt and $OUT_NAME-javaclient.txt
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
bench_init

CLIENTS=${CLIENTS:-1000}
RATE=${RATE:-2000}
DURATION=${DURATION:-60}
WARMUP_DURATION=${WARMUP_DURATION:-10}
CONNECT_CONCURRENCY=${CONNECT_CONCURRENCY:-64}
TIMEOUT=${TIMEOUT:-$(( ${DURATION%.*} + 300 ))}
JAVA_CLIENT=${JAVA_CLIENT:-1}
HTTP_CLIENTS=${HTTP_CLIENTS:-4}
RESULTS=${RESULTS:-$BENCH_ROOT/results/$(date +%Y%m%d-%H%M%S)}
OUT_NAME=${OUT_NAME:-socketio}
mkdir -p "$RESULTS"

if [[ ! -d "$here/node_modules/socket.io" || ! -d "$here/node_modules/socket.io-client" ]]; then
  bench_log "installing socket.io and socket.io-client (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# start_server DATA: a fresh Socket.IO server; sets SIO_PID, SIO_PORT.
start_server() {
  local data=$1
  SIO_PORT=$(bench_free_port)
  bench_spawn "$data/server.log" node "$here/server.js" --port "$SIO_PORT" \
    --emit "$BENCH_ROOT/common/emit.py" --go-dir "$data"
  SIO_PID=$BENCH_LAST_PID
  for _ in $(seq 1 100); do
    curl -sf --max-time 1 "http://127.0.0.1:$SIO_PORT/health" >/dev/null && break
    kill -0 "$SIO_PID" 2>/dev/null || { cat "$data/server.log" >&2; bench_die "Socket.IO server exited"; }
    sleep 0.2
  done
  curl -sf --max-time 1 "http://127.0.0.1:$SIO_PORT/health" >/dev/null || bench_die "Socket.IO server did not start"
  bench_log "Socket.IO server (pid $SIO_PID) on 127.0.0.1:$SIO_PORT"
}

# run_client node|java DATA OUT LABEL: starts the jobs on the server (they wait for their
# go files), then the clients: the warm-up job first (unmeasured), then the measured one.
run_client() {
  local kind=$1 data=$2 out=$3 label=$4 warmup=()
  if [[ "$WARMUP_DURATION" != 0 ]]; then
    curl -sf -XPOST "http://127.0.0.1:$SIO_PORT/jobs?job_id=local-1&spec=r$RATE-d$WARMUP_DURATION" >/dev/null \
      || bench_die "could not start the warm-up job"
    warmup=(--warmup-job-id local-1 --warmup-go-file "$data/go-local-1")
  fi
  curl -sf -XPOST "http://127.0.0.1:$SIO_PORT/jobs?job_id=local-2&spec=r$RATE-d$DURATION" >/dev/null \
    || bench_die "could not start the measured job"
  bench_log "$label: $CLIENTS clients, warm-up job $WARMUP_DURATION s, measured job $RATE lines/s for $DURATION s"
  if [[ "$kind" == node ]]; then
    bench_run node "$here/client.js" --url "http://127.0.0.1:$SIO_PORT" --job-id local-2 --go-file "$data/go-local-2" \
      "${warmup[@]}" --clients "$CLIENTS" --server-pid "$SIO_PID" --clk-tck "$(bench_clk_tck)" \
      --timeout "$TIMEOUT" --connect-concurrency "$CONNECT_CONCURRENCY" --label "$label" --out "$out"
  else
    bench_run java -Xmx${CLIENT_HEAP:-4g} -XX:+ExitOnOutOfMemoryError "$BENCH_ROOT/websocket/WsClient.java" --protocol socketio \
      --url "ws://127.0.0.1:$SIO_PORT/socket.io/?EIO=4&transport=websocket" \
      --job-id local-2 --go-file "$data/go-local-2" "${warmup[@]}" \
      --clients "$CLIENTS" --server-pid "$SIO_PID" --clk-tck "$(bench_clk_tck)" \
      --timeout "$TIMEOUT" --http-clients "$HTTP_CLIENTS" --connect-concurrency "$CONNECT_CONCURRENCY" \
      --label "$label" --out "$out"
  fi
}

params() {
  echo "param_clients=$CLIENTS"
  echo "param_rate=$RATE"
  echo "param_duration=$DURATION"
  echo "param_warmup_duration=$WARMUP_DURATION"
  echo "server=node $(node --version), socket.io $(node -p "require('$here/node_modules/socket.io/package.json').version")"
  echo "stores_lines=no (only the batch in flight is kept in memory; Meshwatch stores every line in H2 first)"
}

# measure node|java RESULT_FILE LABEL CLIENT_DESCRIPTION: a fresh server, then run_client.
measure() {
  local kind=$1 out=$2 label=$3 description=$4 data rc
  bench_tmpdir "socketio-$kind"
  data=$BENCH_LAST_TMPDIR
  start_server "$data"
  set +e
  run_client "$kind" "$data" "$out" "$label"
  rc=$?
  set -e
  params >>"$out"
  echo "client=$description" >>"$out"
  bench_kill "$SIO_PID"
  return $rc
}

rc=0
measure node "$RESULTS/$OUT_NAME.txt" "$OUT_NAME" \
  "socket.io-client $(node -p "require('$here/node_modules/socket.io-client/package.json').version") in one Node process" \
  || rc=$?
if [[ "$JAVA_CLIENT" == 1 ]]; then
  measure java "$RESULTS/$OUT_NAME-javaclient.txt" "$OUT_NAME-javaclient" \
    "bench/websocket/WsClient.java (Engine.IO v4 over java.net.http WebSocket)" || rc=$?
fi

names=("$OUT_NAME")
[[ "$JAVA_CLIENT" == 1 ]] && names+=("$OUT_NAME-javaclient")
python3 "$BENCH_ROOT/lib/report.py" table "$RESULTS" "${names[@]}"
[[ $rc -eq 0 ]] || bench_log "socket.io benchmark reported problems (exit $rc); see above"
exit $rc
