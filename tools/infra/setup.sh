# Toolchain and dependencies. Sourced by ./leadflow. Idempotent and quick when nothing is missing.

PNPM_VERSION=$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$ROOT/package.json")

setup() {
  command -v node >/dev/null || die "Node.js 20+ is required (https://nodejs.org)"
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "Node.js 20+ is required (found $(node --version))"
  if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    say "installing pnpm $PNPM_VERSION"
    npm install -g "pnpm@$PNPM_VERSION" >"$LOG_DIR/pnpm-install.log" 2>&1 ||
      die "could not install pnpm (see $LOG_DIR/pnpm-install.log)"
  fi
  local stamp=$ROOT/node_modules/.leadflow-installed
  if [ ! -f "$stamp" ] || [ "$ROOT/pnpm-lock.yaml" -nt "$stamp" ]; then
    say "installing dependencies (pnpm install)"
    (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=silent) || die "pnpm install failed"
    touch "$stamp"
  fi
  local gen=$ROOT/node_modules/.leadflow-generated need=
  [ -f "$gen" ] || need=1
  for f in "$ROOT"/services/*/prisma/schema.prisma; do [ -f "$f" ] && [ "$f" -nt "$gen" ] && need=1; done
  if [ -n "$need" ]; then
    say "generating Prisma clients"
    (cd "$ROOT" && pnpm -r --silent run generate >"$LOG_DIR/generate.log" 2>&1) ||
      die "prisma generate failed (see $LOG_DIR/generate.log)"
    touch "$gen"
  fi
}
