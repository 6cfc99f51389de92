# `./leadflow test`: every check and test, against real infrastructure. Sourced by ./leadflow.
# Infrastructure started here is stopped again at the end; infrastructure that was already
# running is left as it was.

TEST_STARTED_INFRA=

run_tests() {
  setup
  # The IMAP tests start their own throw-away dovecot.
  command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ] || apt_install dovecot-imapd
  if ! infra_running; then TEST_STARTED_INFRA=1; fi
  trap 'status=$?; [ -n "$TEST_STARTED_INFRA" ] && infra_down >/dev/null 2>&1; exit $status' EXIT
  infra_up
  services_env
  services_migrate
  cd "$ROOT"
  say "lint";       pnpm --silent lint
  say "typecheck";  pnpm --silent typecheck
  say "contracts: backward compatibility"; pnpm --silent --filter @leadflow/contracts check
  say "tests (unit + integration against the real Kafka, PostgreSQL and Redis)"
  pnpm --silent exec vitest run "$@"
}
