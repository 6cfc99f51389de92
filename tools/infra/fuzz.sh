# `./leadflow fuzz`: schema-driven fuzzing of the gateway API with schemathesis. Sourced by ./leadflow.
# Infrastructure started here is stopped again at the end; infrastructure that was already
# running is left as it was.

# The fuzz run keeps schemathesis in a virtualenv of its own (tools/fuzz/api-fuzz.ts creates it);
# Debian's python3 needs python3-venv for that.
fuzz_prereqs() {
  command -v python3 >/dev/null || apt_install python3
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_install python3-venv
}

run_fuzz() {
  setup
  fuzz_prereqs
  local started=
  infra_running || started=1
  trap 'status=$?; [ -n "$started" ] && infra_down >/dev/null 2>&1; exit $status' EXIT
  infra_up
  services_env
  cd "$ROOT" && node --import tsx tools/fuzz/api-fuzz.ts "$@"
}
