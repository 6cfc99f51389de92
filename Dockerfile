# syntax=docker/dockerfile:1.7
# One image per Leadflow service, built from this workspace:
#
#   docker build --build-arg SERVICE=gateway -t leadflow/gateway .
#   docker build --target tools -t leadflow/tools .      # migrations + Kafka topic bootstrap
#
# Services run their TypeScript sources through tsx (the Prisma client is generated as
# TypeScript), so the runtime image keeps tsx but drops the other development dependencies.
# Trade-off: no separate compile step to get wrong and stack traces point at the sources, at the
# price of a transform on start (cached under /tmp) and tsx in the image. The Prisma CLI (and
# TypeScript, its peer) stay in the production tree anyway: @prisma/client declares them as
# peers.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- base: Node 24 LTS + pnpm (the version pinned in package.json "packageManager") ---------
FROM ${NODE_IMAGE} AS base
ARG PNPM_VERSION=10.34.8
ENV CI=true \
    PNPM_HOME=/pnpm \
    NODE_OPTIONS=--enable-source-maps \
    KAFKAJS_NO_PARTITIONER_WARNING=1
RUN npm install -g pnpm@${PNPM_VERSION} && npm cache clean --force
WORKDIR /app

# ---- build: every dependency, generated Prisma clients --------------------------------------
FROM base AS build
# The lockfile alone decides what is fetched, so this layer stays cached until it changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --offline \
 && pnpm -r --if-present run generate

# ---- tools: migrations (prisma CLI) and the Kafka topic bootstrap; keeps dev dependencies ---
FROM build AS tools
USER node
# HOME on /tmp: the root file system is read-only in the Helm chart, and the Prisma CLI keeps
# state under $HOME; CHECKPOINT_DISABLE turns off its update/telemetry check.
ENV NODE_ENV=production \
    HOME=/tmp \
    CHECKPOINT_DISABLE=1
CMD ["bash", "/app/deploy/docker/init.sh"]

# ---- prod: production dependencies only, plus tsx (needed at runtime) ----------------------
FROM build AS prod
ARG TSX_VERSION=4.23.15
# A fresh install (not an in-place prune, which leaves dev packages in node_modules/.pnpm).
# Generated Prisma clients live under src/ and are kept.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    rm -rf node_modules libs/*/node_modules services/*/node_modules tools/node_modules \
 && pnpm install --frozen-lockfile --offline --prod \
 && npm install --global --prefix /opt/tsx tsx@${TSX_VERSION} && npm cache clean --force \
 && ln -s /opt/tsx/lib/node_modules/tsx /app/node_modules/tsx \
 && rm -rf /app/tools/test /app/services/*/test /app/libs/*/test /app/.github /app/k8s /app/docs

# ---- runtime: one service, non-root ---------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE=gateway
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    KAFKAJS_NO_PARTITIONER_WARNING=1 \
    CHECKPOINT_DISABLE=1 \
    LEADFLOW_SERVICE=${SERVICE}
COPY --from=prod /opt/tsx /opt/tsx
COPY --from=prod /app /app
# tsx keeps its transform cache under $TMPDIR; with a read-only root file system mount /tmp.
WORKDIR /app/services/${SERVICE}
USER node
EXPOSE 8080-8085
STOPSIGNAL SIGTERM
# GET /healthz on PORT, else the service's default port.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const d={gateway:8080,'webhook-ingest':8081,contacts:8082,'lead-router':8083,mailer:8084,'imap-poller':8085};fetch('http://127.0.0.1:'+(process.env.PORT||d[process.env.LEADFLOW_SERVICE])+'/healthz',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (graceful drain, bounded by SHUTDOWN_TIMEOUT_MS).
CMD ["node", "--import", "tsx", "src/main.ts"]
