#!/usr/bin/env bash
# The whole Tiered Connect pipeline on this machine, no Docker: ./quickstart.sh --help
#
# Builds what is missing (the component archive and the quickstart's classpath) with ./mvnw, then runs
# dev.tiered.connect.quickstart.Quickstart. The pack itself is not on the quickstart's classpath: the Connect workers
# load it from the archive, unzipped onto their plugin.path.
#   QUICKSTART_REBUILD=1 ./quickstart.sh rebuilds first;  MVN="mvn -o" ./quickstart.sh uses another Maven
#   QUICKSTART_NO_BUILD=1               never builds (fails if something is missing)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
MVN="${MVN:-./mvnw}"
VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
ARCHIVE="packaging/target/tiered-connect-${VERSION}.zip"
CLASSES="quickstart/target/classes"
CLASSPATH_FILE="quickstart/target/classpath.txt"

missing() {
  [[ ! -f "$ARCHIVE" || ! -f "$CLASSPATH_FILE" || ! -d "$CLASSES" ]] && return 0
  # every entry of the recorded classpath must still exist (e.g. after a clean of another module)
  local entry
  IFS=':' read -r -a entries < "$CLASSPATH_FILE"
  for entry in "${entries[@]}"; do [[ -e "$entry" ]] || return 0; done
  return 1
}

if [[ "${QUICKSTART_REBUILD:-0}" == 1 ]] || missing; then
  if [[ "${QUICKSTART_NO_BUILD:-0}" == 1 ]]; then
    echo "quickstart: $ARCHIVE or the quickstart's classes are missing and QUICKSTART_NO_BUILD=1" >&2
    exit 1
  fi
  if ! command -v java >/dev/null 2>&1; then
    echo "quickstart: needs a JDK 17 or later (java not found on PATH)" >&2
    exit 1
  fi
  echo "Building the component archive and the quickstart (first run only; a few minutes)..."
  # package, not install: the reactor builds the plugins, the archive and the quickstart without touching ~/.m2.
  $MVN -q -B -DskipTests -pl quickstart -am package
fi

exec java ${QUICKSTART_JAVA_OPTS:--Xmx2g} -cp "$CLASSES:$(cat "$CLASSPATH_FILE")" \
  -Dtiered.archive="$ROOT/$ARCHIVE" \
  dev.tiered.connect.quickstart.Quickstart "$@"
