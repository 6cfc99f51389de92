# Redis for local development and tests. Sourced by ./leadflow.
# Uses a server already answering on REDIS_PORT; otherwise runs its own (Debian's redis-server).

REDIS_PORT=${REDIS_PORT:-6379}
REDIS_PIDFILE=$RUN_DIR/redis.pid
REDIS_DATA=$DATA_HOME/redis

redis_ping() {
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" || return 1
  printf 'PING\r\n' >&3
  read -r -t 2 line <&3 || { exec 3<&-; return 1; }
  exec 3<&-
  [ "${line%$'\r'}" = "+PONG" ]
}

redis_up() {
  if pid_alive "$REDIS_PIDFILE"; then return 0; fi
  if port_open 127.0.0.1 "$REDIS_PORT"; then
    redis_ping && { ok "Redis already running on 127.0.0.1:$REDIS_PORT — using it"; return 0; }
    die "port $REDIS_PORT is taken by something that is not Redis"
  fi
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$REDIS_DATA"
  say "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$REDIS_PIDFILE" \
    --logfile "$LOG_DIR/redis.log" --dir "$REDIS_DATA" --save '' --appendonly no >/dev/null ||
    die "Redis did not start (see $LOG_DIR/redis.log)"
  wait_until 20 Redis redis_ping || die "Redis did not answer (see $LOG_DIR/redis.log)"
}

redis_down() { stop_pidfile "$REDIS_PIDFILE" Redis 10; }

redis_status() {
  if pid_alive "$REDIS_PIDFILE"; then ok "redis    running  127.0.0.1:$REDIS_PORT  pid $(cat "$REDIS_PIDFILE")"
  elif port_open 127.0.0.1 "$REDIS_PORT"; then ok "redis    external 127.0.0.1:$REDIS_PORT"
  else warn "redis    stopped"; fi
}
