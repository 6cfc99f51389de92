# PostgreSQL for local development and tests. Sourced by ./leadflow.
# Uses a server already listening on PG_PORT when the Leadflow role can log in there;
# otherwise runs its own cluster in $DATA_HOME/postgres (Debian's packages, installed on demand).

PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-leadflow}
PG_PASSWORD=${PG_PASSWORD:-leadflow}
PG_DB=${PG_DB:-leadflow}
PG_DATA=$DATA_HOME/postgres
PG_PIDFILE=$RUN_DIR/postgres.pid

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }; done
  return 1
}

pg_url() { echo "postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"; }

pg_can_login() {
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=3 "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" \
    -d "$PG_DB" -Atqc 'select 1' >/dev/null 2>&1
}

pg_up() {
  pg_bin >/dev/null || apt_install postgresql
  local bin; bin=$(pg_bin)
  if port_open 127.0.0.1 "$PG_PORT" && ! pid_alive "$PG_PIDFILE"; then
    pg_can_login && { ok "PostgreSQL already running on 127.0.0.1:$PG_PORT — using it"; return 0; }
    die "port $PG_PORT is taken by a PostgreSQL where role '$PG_USER' cannot log in; create it (CREATEDB) or set PG_PORT"
  fi
  if pid_alive "$PG_PIDFILE"; then return 0; fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "creating a PostgreSQL cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DATA"
    chmod 700 "$PG_DATA"
    local pwfile; pwfile=$(mktemp); echo "$PG_PASSWORD" >"$pwfile"; chmod 644 "$pwfile"
    run_as_service_user "$bin/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" \
      --auth=scram-sha-256 --encoding=UTF8 --locale=C >"$LOG_DIR/postgres-init.log" 2>&1 ||
      { rm -f "$pwfile"; die "initdb failed (see $LOG_DIR/postgres-init.log)"; }
    rm -f "$pwfile"
  fi
  local sock=$RUN_DIR/pgsock; mkdir -p "$sock"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$sock" && touch "$LOG_DIR/postgres.log" && chown postgres "$LOG_DIR/postgres.log"
  say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  run_as_service_user "$bin/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $sock -c max_connections=300 -c fsync=${PG_FSYNC:-on}" \
    >/dev/null || die "PostgreSQL did not start (see $LOG_DIR/postgres.log)"
  head -1 "$PG_DATA/postmaster.pid" >"$PG_PIDFILE"
  if ! PGPASSWORD=$PG_PASSWORD "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc \
      "select 1 from pg_database where datname='$PG_DB'" | grep -q 1; then
    PGPASSWORD=$PG_PASSWORD "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
  fi
}

pg_down() {
  pid_alive "$PG_PIDFILE" || { rm -f "$PG_PIDFILE"; return 0; }
  run_as_service_user "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 ||
    stop_pidfile "$PG_PIDFILE" PostgreSQL
  rm -f "$PG_PIDFILE"
  ok "PostgreSQL stopped"
}

pg_status() {
  if pid_alive "$PG_PIDFILE"; then ok "postgres running  127.0.0.1:$PG_PORT  pid $(cat "$PG_PIDFILE")"
  elif port_open 127.0.0.1 "$PG_PORT"; then ok "postgres external 127.0.0.1:$PG_PORT"
  else warn "postgres stopped"; fi
}
