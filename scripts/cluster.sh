#!/usr/bin/env bash
# Runs two or three Meshwatch instances on this machine as one cluster, for
# development: one PostgreSQL database, one Payara data grid on loopback.
#
#   scripts/cluster.sh [2|3]
#
# Instance i (1..N) serves http://localhost:808i/ (8081, 8082, 8083) and joins the
# grid on 127.0.0.1:690i; its log is data/cluster/i.log. Ctrl-C stops them all.
# Environment: MESHWATCH_DB_URL (default jdbc:postgresql://127.0.0.1:5432/meshwatch_dev,
# created when missing and psql is here), MESHWATCH_DB_USER (postgres), and any other
# setting from README.md, passed on to every instance (without MODAL_WEBHOOK_SECRET or
# MESHWATCH_MODE=dev, /health/ready says DOWN, on purpose). Builds first when needed.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-2}
case "$count" in 2|3) ;; *) echo "usage: scripts/cluster.sh [2|3]" >&2; exit 2 ;; esac

war=target/meshwatch.war
micro=target/payara-micro.jar
if [ ! -f "$war" ] || [ ! -f "$micro" ] || [ -n "$(find pom.xml src/main -newer "$war" -print -quit)" ]; then
  mvn -B -q package -DskipTests
fi

export MESHWATCH_DB_URL=${MESHWATCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/meshwatch_dev}
export MESHWATCH_DB_USER=${MESHWATCH_DB_USER:-postgres}
if [[ $MESHWATCH_DB_URL =~ ^jdbc:postgresql://([^:/]+):?([0-9]*)/([A-Za-z0-9_]+) ]] && command -v psql >/dev/null; then
  host=${BASH_REMATCH[1]} port=${BASH_REMATCH[2]:-5432} db=${BASH_REMATCH[3]}
  if ! psql -h "$host" -p "$port" -U "$MESHWATCH_DB_USER" -lqt | cut -d'|' -f1 | grep -qw "$db"; then
    createdb -h "$host" -p "$port" -U "$MESHWATCH_DB_USER" "$db"
  fi
fi

members=$(seq -s, -f "127.0.0.1:69%02g" 1 "$count")
cluster=meshwatch-dev-$(id -un)-$(hostname)
mkdir -p data/cluster
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

for i in $(seq 1 "$count"); do
  rm -rf "data/cluster/root-$i"
  MESHWATCH_WORK_DIR=${MESHWATCH_WORK_DIR:-./data/cluster/jobs-$i} \
  java ${JAVA_OPTS:--Xmx512m} -jar "$micro" --deploy "$war" --contextroot / --port "808$i" \
    --clustermode "tcpip:$members" --interfaces 127.0.0.1 --startport "690$i" \
    --clustername "$cluster" --rootdir "data/cluster/root-$i" > "data/cluster/$i.log" 2>&1 &
  pids+=($!)
  echo "instance $i: http://localhost:808$i/  (log: data/cluster/$i.log)"
done
echo "grid $cluster on $members; database $MESHWATCH_DB_URL. Ctrl-C stops all."
wait
