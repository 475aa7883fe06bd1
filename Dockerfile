# syntax=docker/dockerfile:1
# Qgig: the same steps as the tested `npm ci && npm run build && npm start`, in two stages.
# One image, two entry points: `node dist/server.js` (API + web app) and `node dist/worker.js`.

# ---- build: every dependency, then the server (tsc → dist/) and the web app (Vite → dist/web)
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies, the compiled code and the SQL migrations
FROM node:24-bookworm-slim AS runtime

# The daily backup job runs pg_dump/pg_restore, which must be at least the server's major version:
# PostgreSQL's own Debian repository, since bookworm ships only 15.
ARG PG_CLIENT_MAJOR=17
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends "postgresql-client-${PG_CLIENT_MAJOR}" \
 && apt-get purge -y curl && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# dist/platform/db.js and readiness.js read ../../drizzle (the migrations and their journal);
# dist/platform/web-app.js serves ../../dist/web. Both resolve inside /app.
COPY --from=build /app/dist ./dist
COPY --from=build /app/drizzle ./drizzle
# Encrypted uploads live in DATA_DIR unless S3_BUCKET names a bucket; then nothing here needs to persist.
RUN mkdir -p /app/data && chown node:node /app/data

USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Migrations run at start (under an advisory lock, so several processes may start together).
CMD ["node", "dist/server.js"]
