#!/usr/bin/env bash
# Restores one schema dump made by backup.sh into a database.
#
#   tools/backup/restore.sh backups/contacts-20261123T020000Z.dump [--drop-existing]
#
# Env: DATABASE_URL (target; default: the local development database), PG_RESTORE (default
# pg_restore). The restore runs in one transaction: it either completes or changes nothing.
# An existing schema of the same name is refused unless --drop-existing is given (then it is
# dropped with everything in it, inside the same transaction).
set -euo pipefail

usage() { echo "usage: $0 <file.dump> [--drop-existing]" >&2; exit 2; }
[ $# -ge 1 ] || usage
file=$1; drop=
[ "${2:-}" = "--drop-existing" ] && drop=1
[ -f "$file" ] || { echo "no such file: $file" >&2; exit 2; }

DATABASE_URL=${DATABASE_URL:-postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow}
PG_RESTORE=${PG_RESTORE:-pg_restore}
url=$(printf '%s' "$DATABASE_URL" | sed -E 's/([?&])schema=[^&]*&?/\1/; s/[?&]$//')

schema=$("$PG_RESTORE" --list "$file" | awk '$4 == "SCHEMA" && $5 == "-" { print $6; exit }')
[ -n "$schema" ] || { echo "$file holds no schema (not a backup.sh dump?)" >&2; exit 1; }

exists=$(psql "$url" -XAtq -v ON_ERROR_STOP=1 -c "select 1 from pg_namespace where nspname = '$schema'")
if [ "$exists" = "1" ] && [ -z "$drop" ]; then
  echo "schema \"$schema\" already exists in the target; pass --drop-existing to replace it" >&2
  exit 1
fi

echo "restoring schema $schema from $file"
{
  echo "BEGIN;"
  [ "$exists" = "1" ] && printf 'DROP SCHEMA "%s" CASCADE;\n' "$schema"
  "$PG_RESTORE" --no-owner --no-privileges --file=- "$file"
  echo "COMMIT;"
} | PGOPTIONS='-c client_min_messages=warning' psql "$url" -Xq -v ON_ERROR_STOP=1 >/dev/null
echo "restored $schema"
