# Shared helpers for the Meshwatch benchmarks; sourced by bench/*/run.sh.
# Every process started through bench_spawn runs in its own session (setsid), so
# bench_cleanup, installed as an EXIT trap by bench_init, stops it and whatever it
# started (a local job's emitter, for example) by its process-group id, then removes
# the temporary directories registered with bench_tmpdir.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_PIDS=()
BENCH_TMPDIRS=()
BENCH_LAST_PID=

bench_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
bench_die() { bench_log "ERROR: $*"; exit 1; }

bench_init() {
  trap bench_cleanup EXIT
  trap 'bench_log "interrupted"; exit 130' INT
  trap 'bench_log "terminated"; exit 143' TERM
}

# Stops one process group we started: TERM, up to 20 s, then KILL.
bench_stop() {
  local pid=$1 i
  [[ -n "$pid" ]] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 40); do
    kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local rc=$? dir
  trap - EXIT
  local i
  for (( i = ${#BENCH_PIDS[@]} - 1; i >= 0; i-- )); do  # the newest (clients) first
    bench_stop "${BENCH_PIDS[$i]}"
  done
  BENCH_PIDS=()
  if [[ "${BENCH_KEEP_TMP:-0}" != 1 ]]; then
    for dir in "${BENCH_TMPDIRS[@]}"; do
      if [[ -n "$dir" && "$dir" == /tmp/mw-bench-* ]]; then rm -rf -- "$dir"; fi
    done
  else
    bench_log "kept temporary data: ${BENCH_TMPDIRS[*]}"
  fi
  BENCH_TMPDIRS=()
  return $rc
}

# bench_tmpdir NAME: a fresh directory under /tmp, removed on exit, in BENCH_LAST_TMPDIR.
# (Not meant for $(...): the registration must happen in this shell, not a subshell.)
bench_tmpdir() {
  BENCH_LAST_TMPDIR=$(mktemp -d "/tmp/mw-bench-$1.XXXXXX")
  BENCH_TMPDIRS+=("$BENCH_LAST_TMPDIR")
}

# bench_spawn LOG CMD...: runs CMD in the background in its own session; sets BENCH_LAST_PID.
bench_spawn() {
  local log=$1
  shift
  setsid "$@" >"$log" 2>&1 </dev/null &
  BENCH_LAST_PID=$!
  BENCH_PIDS+=("$BENCH_LAST_PID")
}

# bench_run CMD...: runs CMD as a child and waits for it; returns its exit status. Bash runs a
# trap only once the foreground command ends, so a long client run in the foreground would
# hold off the cleanup of an interrupted run; waiting on a background child does not.
bench_run() {
  local pid rc=0 keep=() p
  "$@" &
  pid=$!
  BENCH_PIDS+=("$pid")
  wait "$pid" || rc=$?
  for p in "${BENCH_PIDS[@]}"; do [[ "$p" == "$pid" ]] || keep+=("$p"); done
  BENCH_PIDS=("${keep[@]}")
  return $rc
}

# Stops a process started by bench_spawn and forgets it.
bench_kill() {
  local pid=$1 keep=() p
  bench_stop "$pid"
  for p in "${BENCH_PIDS[@]}"; do [[ "$p" == "$pid" ]] || keep+=("$p"); done
  BENCH_PIDS=("${keep[@]}")
}

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

bench_clk_tck() { getconf CLK_TCK 2>/dev/null || echo 100; }

# The built application: MW_APP (a clone with target/meshwatch.war and target/payara-micro.jar).
# Builds one from this repository's committed HEAD when MW_APP has no WAR yet.
mw_ensure_built() {
  MW_APP=${MW_APP:-/tmp/mw-bench}
  if [[ -f "$MW_APP/target/meshwatch.war" && -f "$MW_APP/target/payara-micro.jar" ]]; then
    return 0
  fi
  mw_build "$MW_APP"
}

# mw_build DIR: fresh clone of this repository into DIR, then mvn package (tests skipped).
mw_build() {
  local dir=$1 repo
  repo=$(git -C "$BENCH_ROOT" rev-parse --show-toplevel)
  [[ "$dir" == /tmp/* ]] || bench_die "build directory must be under /tmp: $dir"
  bench_log "building Meshwatch from $repo (HEAD $(git -C "$repo" rev-parse --short HEAD)) in $dir"
  rm -rf -- "$dir"
  git clone -q "$repo" "$dir"
  (cd "$dir" && mvn -B -q -Dstyle.color=never package -DskipTests) || bench_die "build failed"
  MW_APP=$dir
}

# mw_start PORT DATA_DIR [VAR=VALUE...]: starts Meshwatch on 127.0.0.1:PORT with a fresh H2
# database under DATA_DIR and waits for /health/live; sets MW_PID and MW_URL.
mw_start() {
  local port=$1 data=$2 i
  shift 2
  mw_ensure_built
  mkdir -p "$data"
  MW_URL=http://127.0.0.1:$port
  bench_spawn "$data/server.log" env \
    MESHWATCH_DB_URL="jdbc:h2:file:$data/db" \
    MESHWATCH_WORK_DIR="$data/jobs" \
    MESHWATCH_PUBLIC_URL="$MW_URL" \
    "$@" \
    java ${MW_JAVA_OPTS:--Xmx512m} -jar "$MW_APP/target/payara-micro.jar" \
    --deploy "$MW_APP/target/meshwatch.war" --contextroot / --port "$port" --nocluster \
    --rootdir "$data/payara"
  MW_PID=$BENCH_LAST_PID
  bench_log "starting Meshwatch (pid $MW_PID) on $MW_URL, log $data/server.log"
  for i in $(seq 1 "${MW_START_TIMEOUT:-300}"); do
    if ! kill -0 "$MW_PID" 2>/dev/null; then
      tail -n 40 "$data/server.log" >&2
      bench_die "Meshwatch exited during start-up"
    fi
    if curl -sf --max-time 2 "$MW_URL/health/live" >/dev/null 2>&1; then
      bench_log "Meshwatch is live after ${i}s"
      return 0
    fi
    sleep 1
  done
  tail -n 40 "$data/server.log" >&2
  bench_die "Meshwatch did not answer /health/live in time"
}

# modal_stub_start DATA_DIR: starts the Modal launch stand-in (bench/webhook/modal_stub.py,
# answers every launch with a call id) and waits for it; sets MODAL_STUB_PORT.
modal_stub_start() {
  MODAL_STUB_PORT=$(bench_free_port)
  bench_spawn "$1/modal-stub.log" python3 "$BENCH_ROOT/webhook/modal_stub.py" "$MODAL_STUB_PORT"
  for _ in $(seq 1 50); do
    curl -sf --max-time 1 "http://127.0.0.1:$MODAL_STUB_PORT/health" >/dev/null && return 0
    sleep 0.2
  done
  bench_die "Modal stand-in did not start"
}

# Machine facts for the results.
bench_machine() {
  echo "- CPU: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
  echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "- kernel: $(uname -sr)"
  echo "- Java: $(java -version 2>&1 | head -n 2 | tail -n 1)"
  echo "- Node: $(node --version 2>/dev/null || echo none), npm $(npm --version 2>/dev/null || echo none)"
  echo "- Python: $(python3 --version 2>&1)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# kv FILE KEY: a value from a key=value results file.
kv() { sed -n "s/^$2=//p" "$1" | head -n 1; }
