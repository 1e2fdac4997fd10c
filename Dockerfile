# syntax=docker/dockerfile:1
# errcode: the chat bot (`npm start`) and the CLI (`node dist/adapters/cli/main.js`), on Node 24 LTS.
#
#   docker build -t errcode .
#   docker run --rm errcode node dist/adapters/cli/main.js 100014
#   docker run -d --env-file .env -p 3000:3000 errcode
#
# Custom catalogs: mount a directory and point ERRCODE_CATALOGS at it
# (-v "$PWD/my-catalogs:/catalogs:ro" -e ERRCODE_CATALOGS=/catalogs).
# State (cooldowns, mutes, dedupe, votes, reports) is a SQLite file in /app/data, a volume: keep it
# with -v errcode-data:/app/data. Several replicas share Redis instead: -e ERRCODE_STATE=redis://host:6379.

# --- Build stage: full install (TypeScript is a dev dependency), compile to dist/. ---------------
FROM node:24-slim AS build
WORKDIR /app
# Dependencies first, sources after: a source change reuses the installed layer.
# --ignore-scripts: `prepare` would compile, and the sources are not here yet.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY scripts ./scripts
COPY catalogs ./catalogs
# The production build: src, adapters and the catalog compiler; no test code (see tsconfig.build.json).
RUN npm run build

# --- Runtime stage: production dependencies only, non-root. ------------------------------------
FROM node:24-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` compiles with TypeScript, which is not installed here; dist/ comes from the build stage.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY catalogs ./catalogs
# The default ERRCODE_STATE (data/errcode-state.sqlite) lives here: writable by node, and a volume
# so it outlives the container.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const p=Number(process.env.METRICS_PORT)>0?process.env.METRICS_PORT:(process.env.PORT||3000);fetch('http://127.0.0.1:'+p+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form, and the base image's entrypoint execs it: node runs as PID 1, with no shell between it
# and `docker stop`. PID 1 gets no default signal actions, which is why start.js installs its own
# SIGTERM/SIGINT handlers (clean shutdown); errcode starts no child processes, so nothing needs reaping.
CMD ["node", "--enable-source-maps", "dist/adapters/start.js"]
