#!/usr/bin/env bash
# Runs Meshwatch on its embedded default: Payara Micro on http://localhost:8080/,
# an H2 file database under ./data, local jobs. Builds first when the sources are
# newer than the WAR. Settings come from the environment (see README.md).
set -euo pipefail
cd "$(dirname "$0")"

war=target/meshwatch.war
micro=target/payara-micro.jar
if [ ! -f "$war" ] || [ ! -f "$micro" ] || [ -n "$(find pom.xml src/main -newer "$war" -print -quit)" ]; then
  mvn -B -q package -DskipTests
fi

mkdir -p data
exec java ${JAVA_OPTS:--Xmx512m} -jar "$micro" \
  --deploy "$war" --contextroot / --port "${PORT:-8080}" \
  --nocluster "$@"
