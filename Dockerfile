# syntax=docker/dockerfile:1
# Unsilo in one container: `docker compose up` (compose.yaml), or
#   docker build -t unsilo . && docker run -p 3000:3000 -v unsilo-data:/data unsilo
# Everything Unsilo stores (the SQLite file, its backups, the demo's private organiser link) is in
# the /data volume. See docs/operations.md, "Run it in production".

# One Node version for every stage (better-sqlite3's addon is compiled in one and run in another).
ARG NODE_VERSION=20

# Build: the whole toolchain (TypeScript, esbuild), compiling server/ and analysis/ to dist/ and
# bundling client/ into public/build/.
FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the project's own `prepare` (the build) needs the sources, copied below;
# better-sqlite3's native addon is then built (or fetched) by its own install script.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/ejs-module.mjs scripts/
COPY server server
COPY analysis analysis
COPY client client
COPY views views
RUN npm run build

# Production dependencies only: no TypeScript, esbuild, tsx or test tools.
FROM node:${NODE_VERSION}-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3

# Runtime: compiled JavaScript, templates, static files and production dependencies, run as the
# unprivileged `node` user. Docker cannot run in CI: test/e2e/container-image.test.ts reads this
# file, builds each stage's files the way these lines do, and runs the server from that copy.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    TZ=Etc/UTC \
    UNSILO_DB=/data/unsilo.db
WORKDIR /app
RUN mkdir /data && chown node:node /data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/public/build ./public/build
COPY public/*.css ./public/
COPY package.json ./
COPY scripts/run.mjs ./scripts/
COPY views ./views
COPY data/demo-event.json ./data/
USER node
VOLUME ["/data"]
EXPOSE 3000
# GET /healthz through a small Node script: the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/server/ops/healthcheck.js"]
# SIGTERM (docker stop) shuts down gracefully within 10 s: compose.yaml gives it 15.
CMD ["node", "dist/server/main.js"]
