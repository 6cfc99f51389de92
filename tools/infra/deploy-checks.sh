# Static checks of the deployment assets: docker-compose.yml, the Prometheus rules and their
# unit tests, the Helm chart (lint, render with default and production values, validation of
# every rendered built-in object against the Kubernetes JSON schemas shipped in the PyPI package
# `kubernetes-validate`, which works offline, and of the ServiceMonitor against the CRD fields
# the chart uses) and the image/backup scripts.
#
# Sourced by ./leadflow (call `deploy_checks`), or run directly: bash tools/infra/deploy-checks.sh
# Installs what it needs once (docker-compose and promtool from Debian/Ubuntu, helm built from
# the Go module proxy, kubernetes-validate from PyPI) under $LEADFLOW_CACHE; later runs are quick.

DEPLOY_HELM_VERSION=${DEPLOY_HELM_VERSION:-v3.16.4}
DEPLOY_KUBE_VALIDATE_VERSION=${DEPLOY_KUBE_VALIDATE_VERSION:-1.37.0}
# Kubernetes version the chart is rendered and validated for.
DEPLOY_KUBE_VERSION=${DEPLOY_KUBE_VERSION:-1.31.0}

if ! declare -F say >/dev/null; then
  # shellcheck source=tools/infra/lib.sh
  . "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
fi

deploy_tools_install() {
  local bin=$LEADFLOW_CACHE/bin venv=$LEADFLOW_CACHE/k8s-validate-venv
  mkdir -p "$bin"
  command -v docker-compose >/dev/null || apt_install docker-compose
  command -v promtool >/dev/null || apt_install prometheus
  if ! "$bin/helm" version >/dev/null 2>&1 || [ "$(cat "$bin/.helm-version" 2>/dev/null)" != "$DEPLOY_HELM_VERSION" ]; then
    command -v go >/dev/null || die "Go is needed to build helm (go install helm.sh/helm/v3/cmd/helm)"
    say "building helm $DEPLOY_HELM_VERSION from the Go module proxy (once; a few minutes)"
    GOBIN=$bin GOFLAGS=-buildvcs=false go install "helm.sh/helm/v3/cmd/helm@$DEPLOY_HELM_VERSION" >>"$LOG_DIR/deploy-tools.log" 2>&1 ||
      die "helm build failed (see $LOG_DIR/deploy-tools.log)"
    echo "$DEPLOY_HELM_VERSION" >"$bin/.helm-version"
  fi
  if [ "$(cat "$venv/.version" 2>/dev/null)" != "$DEPLOY_KUBE_VALIDATE_VERSION" ]; then
    say "installing kubernetes-validate $DEPLOY_KUBE_VALIDATE_VERSION (Kubernetes JSON schemas, offline)"
    if ! python3 -m venv "$venv" >>"$LOG_DIR/deploy-tools.log" 2>&1; then
      apt_install python3-venv
      python3 -m venv "$venv" >>"$LOG_DIR/deploy-tools.log" 2>&1 || die "python3 -m venv failed"
    fi
    "$venv/bin/pip" install -q "kubernetes-validate==$DEPLOY_KUBE_VALIDATE_VERSION" >>"$LOG_DIR/deploy-tools.log" 2>&1 ||
      die "pip install kubernetes-validate failed (see $LOG_DIR/deploy-tools.log)"
    echo "$DEPLOY_KUBE_VALIDATE_VERSION" >"$venv/.version"
  fi
}

# deploy_check NAME CMD... — runs one check, logs its output, records the verdict.
deploy_check() {
  local name=$1; shift
  local log="$LOG_DIR/deploy-checks.log" started=$SECONDS
  echo "=== $name: $*" >>"$log"
  if "$@" >>"$log" 2>&1; then
    DEPLOY_PASSED+=("$name")
    ok "$(printf '%-44s %3ss' "$name" $((SECONDS - started)))"
  else
    DEPLOY_FAILED+=("$name")
    warn "$(printf '%-44s FAILED' "$name")"
    tail -n 15 "$log" | sed 's/^/    /' >&2
  fi
}

# helm template with VALUES... then validate every manifest (strict: unknown fields fail).
deploy_render_and_validate() {
  local out
  out=$(mktemp --suffix=.yaml)
  "$LEADFLOW_CACHE/bin/helm" template leadflow "$ROOT/k8s/leadflow" --kube-version "$DEPLOY_KUBE_VERSION" "$@" >"$out" &&
    [ -s "$out" ] &&
    "$LEADFLOW_CACHE/k8s-validate-venv/bin/kubernetes-validate" --strict --quiet --no-warn -k "$DEPLOY_KUBE_VERSION" "$out" &&
    deploy_validate_crds "$out"
  local status=$?
  rm -f "$out"
  return $status
}

# kubernetes-validate knows only built-in kinds: every other kind rendered must be listed here, and
# the ServiceMonitor is checked (strictly) against the fields of the Prometheus Operator's
# monitoring.coreos.com/v1 CRD that the chart may use.
deploy_validate_crds() {
  "$LEADFLOW_CACHE/k8s-validate-venv/bin/python" - "$1" <<'PY'
import sys, yaml, jsonschema
duration = {"type": "string", "pattern": r"^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$"}
strings = {"type": "array", "items": {"type": "string"}}
def obj(props, required=()):
    return {"type": "object", "additionalProperties": False, "properties": props, "required": list(required)}
labels = {"type": "object", "additionalProperties": {"type": "string"}}
relabel = obj({"sourceLabels": strings, "separator": {"type": "string"}, "targetLabel": {"type": "string"},
               "regex": {"type": "string"}, "modulus": {"type": "integer"}, "replacement": {"type": "string"},
               "action": {"enum": ["replace", "keep", "drop", "hashmod", "labelmap", "labeldrop", "labelkeep",
                                   "lowercase", "uppercase", "keepequal", "dropequal"]}})
endpoint = obj({"port": {"type": "string"}, "path": {"type": "string"}, "scheme": {"enum": ["http", "https"]},
                "interval": duration, "scrapeTimeout": duration, "honorLabels": {"type": "boolean"},
                "relabelings": {"type": "array", "items": relabel},
                "metricRelabelings": {"type": "array", "items": relabel}})
service_monitor = obj({
    "apiVersion": {"const": "monitoring.coreos.com/v1"}, "kind": {"const": "ServiceMonitor"},
    "metadata": obj({"name": {"type": "string", "maxLength": 63}, "namespace": {"type": "string"},
                     "labels": labels, "annotations": labels}, ["name"]),
    "spec": obj({"selector": obj({"matchLabels": labels, "matchExpressions": {"type": "array"}}),
                 "namespaceSelector": obj({"any": {"type": "boolean"}, "matchNames": strings}),
                 "jobLabel": {"type": "string"}, "targetLabels": strings, "podTargetLabels": strings,
                 "endpoints": {"type": "array", "minItems": 1, "items": endpoint}}, ["selector", "endpoints"]),
}, ["apiVersion", "kind", "metadata", "spec"])
builtin = {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Job", "Secret",
           "ServiceAccount", "ConfigMap"}
with open(sys.argv[1]) as fh:
    docs = [d for d in yaml.safe_load_all(fh) if d]
for doc in docs:
    if doc["kind"] == "ServiceMonitor":
        jsonschema.validate(doc, service_monitor)
    elif doc["kind"] not in builtin:
        sys.exit(f"no schema for kind {doc['kind']}")
PY
}

# Every plain YAML file of the deployment assets parses (PyYAML from the kubernetes-validate venv).
deploy_yaml_parses() {
  "$LEADFLOW_CACHE/k8s-validate-venv/bin/python" - "$ROOT" <<'PY'
import glob, sys, yaml
root = sys.argv[1]
files = [f"{root}/docker-compose.yml", f"{root}/.github/workflows/deploy-checks.yml"]
for pattern in ("deploy/**/*.yml", "deploy/**/*.yaml", "k8s/*/*.yaml"):
    files += glob.glob(f"{root}/{pattern}", recursive=True)
for f in files:
    with open(f) as fh:
        list(yaml.safe_load_all(fh))
print(f"{len(files)} YAML files parse")
PY
}

# deploy_chart_renders EXPECTED VALUES... — the rendered kinds, counted ("6 Deployment, 1 Job, …"),
# equal EXPECTED: a template that silently renders nothing (wrong file name, falsy guard) fails.
deploy_chart_renders() {
  local expected=$1 actual; shift
  actual=$("$LEADFLOW_CACHE/bin/helm" template leadflow "$ROOT/k8s/leadflow" --kube-version "$DEPLOY_KUBE_VERSION" "$@" |
    sed -n 's/^kind: *//p' | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }') || return 1
  [ "$actual" = "$expected" ] || { echo "rendered: $actual"; echo "expected: $expected"; return 1; }
}

# NODE_ENV=production without secrets.existingSecret must fail schema validation.
deploy_chart_refuses_plain_secrets() {
  local out
  if out=$("$LEADFLOW_CACHE/bin/helm" template x "$ROOT/k8s/leadflow" --kube-version "$DEPLOY_KUBE_VERSION" \
    --set config.nodeEnv=production 2>&1); then
    echo "rendered without an existing Secret"; return 1
  fi
  grep -q "don't meet the specifications of the schema" <<<"$out" || { echo "$out"; return 1; }
}

# The image pins what the workspace pins: pnpm (packageManager) and tsx (lockfile).
deploy_image_pins() {
  local pnpm_pin tsx_pin
  pnpm_pin=$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$ROOT/package.json")
  tsx_pin=$(sed -n 's/^  tsx@\([0-9][^:]*\):$/\1/p' "$ROOT/pnpm-lock.yaml" | head -n 1)
  grep -q "^ARG PNPM_VERSION=$pnpm_pin\$" "$ROOT/Dockerfile" || { echo "Dockerfile PNPM_VERSION != $pnpm_pin"; return 1; }
  grep -q "^ARG TSX_VERSION=$tsx_pin\$" "$ROOT/Dockerfile" || { echo "Dockerfile TSX_VERSION != $tsx_pin"; return 1; }
  grep -q '^USER node$' "$ROOT/Dockerfile" && grep -q '^HEALTHCHECK' "$ROOT/Dockerfile"
}

deploy_scripts_parse() {
  local f
  for f in "$ROOT/deploy/docker/init.sh" "$ROOT/tools/backup/backup.sh" "$ROOT/tools/backup/restore.sh" "$ROOT/tools/infra/deploy-checks.sh"; do
    bash -n "$f" || return 1
  done
}

deploy_checks() {
  local chart=$ROOT/k8s/leadflow helm=$LEADFLOW_CACHE/bin/helm
  DEPLOY_PASSED=(); DEPLOY_FAILED=()
  : >"$LOG_DIR/deploy-checks.log"
  deploy_tools_install
  say "deployment checks (log: $LOG_DIR/deploy-checks.log)"
  deploy_check "YAML files parse" deploy_yaml_parses
  deploy_check "docker-compose config" docker-compose --project-directory "$ROOT" -f "$ROOT/docker-compose.yml" config -q
  deploy_check "promtool check config" promtool check config --syntax-only "$ROOT/deploy/prometheus/prometheus.yml"
  deploy_check "promtool check rules" promtool check rules "$ROOT"/deploy/prometheus/rules/*.yml
  deploy_check "promtool test rules" promtool test rules "$ROOT"/deploy/prometheus/tests/*.yml
  deploy_check "helm lint (default values)" "$helm" lint --strict --kube-version "$DEPLOY_KUBE_VERSION" "$chart"
  deploy_check "helm lint (production values)" "$helm" lint --strict --kube-version "$DEPLOY_KUBE_VERSION" "$chart" -f "$chart/values-production.yaml"
  deploy_check "helm template + k8s schemas (default)" deploy_render_and_validate
  deploy_check "helm template + k8s schemas (production)" deploy_render_and_validate -f "$chart/values-production.yaml"
  deploy_check "chart renders every object (default)" deploy_chart_renders \
    "6 Deployment, 1 Job, 1 Secret, 6 Service, 1 ServiceAccount"
  deploy_check "chart renders every object (production)" deploy_chart_renders \
    "6 Deployment, 5 HorizontalPodAutoscaler, 1 Job, 6 PodDisruptionBudget, 6 Service, 1 ServiceAccount, 1 ServiceMonitor" \
    -f "$chart/values-production.yaml"
  deploy_check "chart refuses production without a Secret" deploy_chart_refuses_plain_secrets
  deploy_check "image pins match the workspace" deploy_image_pins
  deploy_check "shell scripts parse" deploy_scripts_parse
  local total=$((${#DEPLOY_PASSED[@]} + ${#DEPLOY_FAILED[@]}))
  if [ "${#DEPLOY_FAILED[@]}" -gt 0 ]; then
    warn "deployment checks: ${#DEPLOY_PASSED[@]} passed, ${#DEPLOY_FAILED[@]} failed of $total (${DEPLOY_FAILED[*]})"
    return 1
  fi
  ok "deployment checks: $total passed, 0 failed"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  deploy_checks
fi
