#!/usr/bin/env bash
# Dumps every Leadflow service schema, one compressed pg_dump file per schema and run:
#   <BACKUP_DIR>/<schema>-<UTC timestamp>.dump   (custom format, restore with restore.sh)
# and keeps the newest BACKUP_KEEP dumps of each schema.
#
#   DATABASE_URL=postgresql://user:pass@host:5432/leadflow BACKUP_DIR=/var/backups/leadflow tools/backup/backup.sh
#
# Env: DATABASE_URL (default: the local development database), BACKUP_DIR (default ./backups),
# BACKUP_KEEP (default 7), SCHEMAS (default: the six services), PG_DUMP (default pg_dump; its major
# version must be >= the server's). Exits non-zero if any schema could not be dumped.
set -euo pipefail

DATABASE_URL=${DATABASE_URL:-postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow}
BACKUP_DIR=${BACKUP_DIR:-./backups}
BACKUP_KEEP=${BACKUP_KEEP:-7}
SCHEMAS=${SCHEMAS:-gateway webhook-ingest contacts lead-router mailer imap-poller}
PG_DUMP=${PG_DUMP:-pg_dump}

[[ "$BACKUP_KEEP" =~ ^[1-9][0-9]*$ ]] || { echo "BACKUP_KEEP must be a positive integer" >&2; exit 2; }
# libpq does not know Prisma's ?schema= parameter.
url=$(printf '%s' "$DATABASE_URL" | sed -E 's/([?&])schema=[^&]*&?/\1/; s/[?&]$//')
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BACKUP_DIR"

failed=0
for schema in $SCHEMAS; do
  exists=$(psql "$url" -XAtq -v ON_ERROR_STOP=1 -c "select 1 from pg_namespace where nspname = '$schema'")
  if [ "$exists" != "1" ]; then
    echo "skip $schema: no such schema"
    continue
  fi
  file="$BACKUP_DIR/$schema-$stamp.dump"
  # Written under a temporary name and renamed once complete and readable.
  if "$PG_DUMP" "$url" --schema="\"$schema\"" --format=custom --compress=6 --no-owner --no-privileges \
      --file="$file.partial" && pg_restore --list "$file.partial" >/dev/null; then
    mv "$file.partial" "$file"
    echo "dumped $schema -> $file ($(du -h "$file" | cut -f1))"
  else
    rm -f "$file.partial"
    echo "FAILED to dump $schema" >&2
    failed=1
    continue
  fi
  # Keep the newest BACKUP_KEEP dumps of this schema (timestamps sort lexically).
  find "$BACKUP_DIR" -maxdepth 1 -name "$schema-*.dump" -printf '%f\n' | sort -r |
    tail -n +"$((BACKUP_KEEP + 1))" | while read -r old; do
      rm -f "$BACKUP_DIR/$old"
      echo "removed old $old"
    done
done
exit "$failed"
