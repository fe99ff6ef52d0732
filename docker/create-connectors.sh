#!/usr/bin/env bash
# Creates (or updates) the demo's connectors on the compose file's Connect worker from the REST payloads in
# config-examples/, with the hosts replaced by the compose services' names and a few settings scaled down for a
# laptop. Idempotent: PUT /connectors/<name>/config creates a connector or updates its config.
#
#   docker/create-connectors.sh                 # against http://localhost:8083
#   CONNECT_URL=http://host:8083 docker/create-connectors.sh
#
# Needs curl and jq.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
examples="${CONFIG_EXAMPLES:-$here/../config-examples}"
connect_url="${CONNECT_URL:-http://localhost:8083}"
wait_seconds="${WAIT_SECONDS:-180}"
events_per_second="${EVENTS_PER_SECOND:-200}"

for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "create-connectors.sh needs $tool on the PATH" >&2; exit 1; }
done

# The connectors, each as: <file in config-examples/>|<jq filter applied to its "config">.
connectors=(
  # PostgreSQL CDC with the router: the compose file's postgres service; the password still comes from the
  # worker's file config provider (docker/secrets/postgres.properties).
  'postgres-cdc-with-router.json|.["database.hostname"] = "postgres" | .["database.port"] = "5432"'
  # The event generator with the router, at a rate a laptop shrugs off.
  'event-generator-with-router.json|.["events.per.second"] = $eps'
  # The S3 sink on the cold topic, to the minio service; small files often, so they show up within a minute.
  's3-sink-minio.json|.["store.url"] = "http://minio:9000" | .["flush.size"] = "5000" | .["rotate.schedule.interval.ms"] = "30000"'
  # The S3 sink on the CDC source's cold topics (Debezium envelopes unwrapped to rows), one broker: DLQ RF 1.
  's3-sink-cdc-minio.json|.["store.url"] = "http://minio:9000" | .["rotate.schedule.interval.ms"] = "30000" | .["errors.deadletterqueue.topic.replication.factor"] = "1"'
)

echo "Waiting up to ${wait_seconds}s for the Connect REST API at $connect_url ..."
deadline=$((SECONDS + wait_seconds))
until plugins=$(curl -fsS "$connect_url/connector-plugins" 2>/dev/null) && grep -q 'dev.tiered.connect' <<<"$plugins"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "Connect at $connect_url did not answer with the Tiered Connect plugins within ${wait_seconds}s." >&2
    echo "Check: docker compose -f docker/compose.yaml logs install-plugins connect" >&2
    exit 1
  fi
  sleep "${POLL_SECONDS:-3}"
done

for entry in "${connectors[@]}"; do
  file="${entry%%|*}"
  filter="${entry#*|}"
  path="$examples/$file"
  [ -f "$path" ] || { echo "Missing connector file: $path" >&2; exit 1; }
  name=$(jq -er '.name' "$path")
  config=$(jq -e --arg eps "$events_per_second" ".config | $filter" "$path")
  echo "PUT $connect_url/connectors/$name/config  (from config-examples/$file)"
  body=$(mktemp)
  code=$(curl -sS -o "$body" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    --data "$config" "$connect_url/connectors/$name/config") || code="000"
  if [ "$code" != "200" ] && [ "$code" != "201" ]; then
    echo "Failed to create or update $name (HTTP $code): $(cat "$body")" >&2
    rm -f "$body"
    exit 1
  fi
  rm -f "$body"
done

echo
echo "Connectors:"
curl -fsS "$connect_url/connectors?expand=status" \
  | jq -r 'to_entries[] | "  \(.key): \(.value.status.connector.state), tasks: \([.value.status.tasks[].state] | join(","))"'
