# Shared helpers for the local infrastructure scripts. Sourced, never run.
# Everything lives under $LEADFLOW_HOME (default: <repo>/.leadflow): data, pid files, logs.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LEADFLOW_HOME=${LEADFLOW_HOME:-$ROOT/.leadflow}
LEADFLOW_CACHE=${LEADFLOW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/leadflow}
RUN_DIR=$LEADFLOW_HOME/run
LOG_DIR=$LEADFLOW_HOME/logs
mkdir -p "$RUN_DIR" "$LOG_DIR" "$LEADFLOW_CACHE"

# Where Kafka, PostgreSQL and Redis keep their data: $LEADFLOW_HOME, or the directory a test run
# gave them (tools/infra/test.sh), recorded in $RUN_DIR/data-home while that infrastructure runs.
DATA_HOME=$LEADFLOW_HOME
[ -s "$RUN_DIR/data-home" ] && DATA_HOME=$(cat "$RUN_DIR/data-home")

# set_data_home DIR — the data directory of the infrastructure started next (and recorded for
# every other ./leadflow command until it is stopped).
set_data_home() {
  DATA_HOME=$1
  KAFKA_HOME=$DATA_HOME/kafka
  PG_DATA=$DATA_HOME/postgres
  REDIS_DATA=$DATA_HOME/redis
  if [ "$DATA_HOME" = "$LEADFLOW_HOME" ]; then rm -f "$RUN_DIR/data-home"; else echo "$DATA_HOME" >"$RUN_DIR/data-home"; fi
}

# Colour only on a terminal, and never with NO_COLOR set (https://no-color.org).
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  _c() { printf '\033[1;%sm%s\033[0m' "$1" "$2"; }
else
  _c() { printf '%s' "$2"; }
fi
say()  { printf '%s %s\n' "$(_c 34 ›)" "$*"; }
ok()   { printf '%s %s\n' "$(_c 32 ✓)" "$*"; }
warn() { printf '%s %s\n' "$(_c 33 !)" "$*" >&2; }
die()  { printf '%s %s\n' "$(_c 31 ✗)" "$*" >&2; exit 1; }

# port_open HOST PORT — true when something accepts TCP connections there.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_until SECONDS DESCRIPTION CMD... — polls CMD every 0.3 s until it succeeds or time runs out.
wait_until() {
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.3
  done
  return 0
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pidfile PIDFILE NAME [SECONDS] — TERM, wait, then KILL; removes the pid file.
stop_pidfile() {
  local pidfile=$1 name=$2 grace=${3:-20} pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_until "$grace" "$name to stop" bash -c "! kill -0 $pid"; then
      warn "$name did not stop in ${grace}s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    ok "$name stopped"
  fi
  rm -f "$pidfile"
}

APT_UPDATED=
# apt_install PKG... — installs Debian packages (root, or sudo when available).
apt_install() {
  local sudo=
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root or sudo to install: $*"
    sudo=sudo
  fi
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    $sudo apt-get update -qq >"$LOG_DIR/apt.log" 2>&1 || die "apt-get update failed (see $LOG_DIR/apt.log)"
    APT_UPDATED=1
  fi
  say "installing $* (Debian packages)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >>"$LOG_DIR/apt.log" 2>&1 ||
    die "apt-get install $* failed (see $LOG_DIR/apt.log)"
}

# run_as_service_user CMD... — servers that refuse root (Postgres) run as the `postgres` user.
run_as_service_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
