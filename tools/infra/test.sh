# `./leadflow test`: every check and test, against real infrastructure. Sourced by ./leadflow.
# Infrastructure started here runs on data of its own ($LEADFLOW_HOME/test-data, emptied at each
# run) and is stopped again at the end, so test traffic never reaches the topics and databases of
# `./leadflow start`. Infrastructure that was already running is used and left as it was.

TEST_STARTED_INFRA=

run_tests() {
  setup
  # The IMAP tests start their own throw-away dovecot.
  command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ] || apt_install dovecot-imapd
  # The API docs page is checked in a real browser.
  command -v chromium >/dev/null || apt_install chromium
  # The dashboards test scrapes the services with a real Prometheus server.
  [ -x /usr/bin/prometheus ] || apt_install prometheus
  # The API fuzz test runs schemathesis from a virtualenv of its own.
  . "$ROOT/tools/infra/fuzz.sh"; fuzz_prereqs
  if ! infra_running; then TEST_STARTED_INFRA=1; use_test_data; fi
  trap 'status=$?; [ -n "$TEST_STARTED_INFRA" ] && infra_down >/dev/null 2>&1; exit $status' EXIT
  infra_up
  services_env
  services_migrate
  cd "$ROOT"
  drop_test_schemas
  say "lint";       pnpm --silent lint
  say "typecheck";  pnpm --silent typecheck
  say "contracts: backward compatibility"; pnpm --silent --filter @leadflow/contracts check
  say "deployment assets (compose, Prometheus rules, Helm chart)"; deploy_checks
  say "tests (unit + integration against the real Kafka, PostgreSQL and Redis)"
  pnpm --silent exec vitest run "$@"
}

# Points Kafka, PostgreSQL and Redis at an empty data directory of the tests' own.
use_test_data() {
  local home=$LEADFLOW_HOME/test-data
  rm -rf "$home"
  mkdir -p "$home"
  chmod 755 "$home" # PostgreSQL runs as the postgres user when we are root
  set_data_home "$home"
}

# Integration tests create a schema per test file (`<service>_test_<random>`); clear old ones.
drop_test_schemas() {
  local sql="DO \$\$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE '%\\_test\\_%' LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP; END \$\$;"
  PGPASSWORD=$PG_PASSWORD PGOPTIONS="-c client_min_messages=warning" "$(pg_bin)/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -c "$sql" >/dev/null ||
    warn "could not drop old test schemas"
}
