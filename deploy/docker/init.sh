#!/usr/bin/env bash
# One-shot initialisation of a deployment: applies every service's database migrations, then
# waits for Kafka and creates the contract topics. Idempotent; run before the services start
# (docker compose `init` service, Helm pre-install/pre-upgrade job).
# Env: DATABASE_URL, KAFKA_BROKERS, KAFKA_TOPIC_PARTITIONS (default 3), SERVICES (default all).
set -euo pipefail
ROOT=${LEADFLOW_ROOT:-/app}
SERVICES=${SERVICES:-gateway webhook-ingest contacts lead-router mailer imap-poller}
: "${DATABASE_URL:?DATABASE_URL is required}"

for s in $SERVICES; do
  dir="$ROOT/services/$s"
  [ -f "$dir/prisma/schema.prisma" ] || { echo "skip $s: no prisma schema"; continue; }
  echo "migrating $s"
  (cd "$dir" && pnpm exec prisma migrate deploy)
done

echo "creating Kafka topics on ${KAFKA_BROKERS:-127.0.0.1:9092}"
cd "$ROOT" && node --import tsx tools/src/kafka-bootstrap.ts
echo "init done"
