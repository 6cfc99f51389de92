# The six Leadflow services as local processes. Sourced by ./leadflow.

SERVICES=(gateway webhook-ingest contacts lead-router mailer imap-poller)
declare -A SERVICE_PORT=([gateway]=8080 [webhook-ingest]=8081 [contacts]=8082 [lead-router]=8083 [mailer]=8084 [imap-poller]=8085)

service_pidfile() { echo "$RUN_DIR/$1.pid"; }

# The environment every service gets locally: .env when present, then the infrastructure just started.
services_env() {
  if [ -f "$ROOT/.env" ]; then set -a; . "$ROOT/.env"; set +a; fi
  export NODE_ENV=${NODE_ENV:-development}
  export KAFKA_BROKERS=${KAFKA_BROKERS:-$(kafka_brokers)}
  export DATABASE_URL=${DATABASE_URL:-$(pg_url)}
  export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}
  # A first admin to log in with on a fresh local system (development only).
  export BOOTSTRAP_ADMIN_EMAIL=${BOOTSTRAP_ADMIN_EMAIL:-admin@leadflow.localhost}
  export BOOTSTRAP_ADMIN_PASSWORD=${BOOTSTRAP_ADMIN_PASSWORD:-insecure-dev-admin-password}
}

services_migrate() {
  services_env
  say "applying database migrations"
  local s
  for s in "${SERVICES[@]}"; do
    [ -f "$ROOT/services/$s/prisma/schema.prisma" ] || continue
    (cd "$ROOT/services/$s" && pnpm --silent exec prisma migrate deploy) >>"$LOG_DIR/migrate.log" 2>&1 ||
      die "migrations of $s failed (see $LOG_DIR/migrate.log)"
  done
}

services_start() {
  services_env
  local s pidfile
  for s in "${SERVICES[@]}"; do
    pidfile=$(service_pidfile "$s")
    pid_alive "$pidfile" && continue
    port_open 127.0.0.1 "${SERVICE_PORT[$s]}" && die "port ${SERVICE_PORT[$s]} for $s is taken by another process"
    say "starting $s on :${SERVICE_PORT[$s]}"
    # Own session: Ctrl-C reaches only ./leadflow, which stops everything in order.
    (cd "$ROOT/services/$s" && exec setsid node --import tsx src/main.ts >>"$LOG_DIR/$s.log" 2>&1 </dev/null) &
    echo $! >"$pidfile"
  done
}

service_ready() { curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:${SERVICE_PORT[$1]}/readyz"; }

services_wait_ready() {
  local s
  for s in "${SERVICES[@]}"; do
    if ! wait_until 120 "$s" bash -c "pid_ok() { kill -0 \$(cat '$(service_pidfile "$s")') 2>/dev/null; }; pid_ok && curl -fsS -o /dev/null --max-time 3 http://127.0.0.1:${SERVICE_PORT[$s]}/readyz"; then
      tail -n 30 "$LOG_DIR/$s.log" >&2 || true
      die "$s did not become ready (see $LOG_DIR/$s.log)"
    fi
    ok "$s ready"
  done
}

services_print_urls() {
  echo
  echo "Leadflow is up:"
  printf '  %-15s %s\n' "API" "http://127.0.0.1:8080/api/v1  (docs: http://127.0.0.1:8080/api/docs)"
  printf '  %-15s %s\n' "Webhooks" "http://127.0.0.1:8081/webhooks/..."
  local s
  for s in "${SERVICES[@]}"; do printf '  %-15s http://127.0.0.1:%s/readyz  /metrics\n' "$s" "${SERVICE_PORT[$s]}"; done
  printf '  %-15s %s\n' "Admin login" "$BOOTSTRAP_ADMIN_EMAIL / $BOOTSTRAP_ADMIN_PASSWORD (POST /api/v1/auth/token)"
  printf '  %-15s %s\n' "Logs" "$LOG_DIR"
  echo
}

# Blocks while every service runs; returns when one of them exits.
services_watch() {
  local s
  while true; do
    for s in "${SERVICES[@]}"; do
      pid_alive "$(service_pidfile "$s")" || { warn "$s exited (see $LOG_DIR/$s.log)"; return 1; }
    done
    sleep 2
  done
}

services_stop() {
  local s
  for s in "${SERVICES[@]}"; do stop_pidfile "$(service_pidfile "$s")" "$s" 15; done
}

services_status() {
  local s
  for s in "${SERVICES[@]}"; do
    if pid_alive "$(service_pidfile "$s")"; then
      if service_ready "$s"; then ok "$(printf '%-15s ready    :%s' "$s" "${SERVICE_PORT[$s]}")"
      else warn "$(printf '%-15s running, not ready  :%s' "$s" "${SERVICE_PORT[$s]}")"; fi
    else warn "$(printf '%-15s stopped' "$s")"; fi
  done
}
