# syntax=docker/dockerfile:1
# Build stage: full install (TypeScript is a dev dependency), compile to dist/.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY scripts ./scripts
COPY catalogs ./catalogs
# dist/test holds the platform fakes the bench uses: not for production.
RUN npm ci --no-audit --no-fund && rm -rf dist/test

# Runtime stage: production dependencies only, non-root, signals reach node directly.
FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` compiles with TypeScript, which is not installed here; dist/ comes from the build stage.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY catalogs ./catalogs
# Custom catalogs: mount a directory and point ERRCODE_CATALOGS at it.
VOLUME ["/catalogs"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT>0?process.env.METRICS_PORT:(process.env.PORT||3000))+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Exec form: node is PID 1's only child of the shell-less entry, so SIGTERM reaches the shutdown handler.
CMD ["node", "--enable-source-maps", "dist/adapters/start.js"]
