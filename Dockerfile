# zhuanban in a container. Build: docker build -t zhuanban .
# Run (embedded database in a volume):
#   docker run -d --name zhuanban -v zhuanban-data:/data -e TELEGRAM_BOT_TOKEN=... zhuanban
# or with a PostgreSQL server: -e DATABASE_URL=postgresql://...
FROM node:20-bookworm-slim

WORKDIR /app
# npm ci runs the postinstall: the Prisma client is generated and src/ is compiled to dist/.
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY bin ./bin
COPY seeds ./seeds
RUN npm ci && npm cache clean --force
ENV NODE_ENV=production \
    ZHUANBAN_DATA_DIR=/data

RUN useradd --system --home /data zhuanban && mkdir -p /data && chown zhuanban /data
USER zhuanban
VOLUME /data
EXPOSE 3000
# node itself is PID 1: `docker stop` sends SIGTERM straight to the bot (npm start would stand in
# between and does not reliably forward it), which finishes its tick and gives back its claims.
STOPSIGNAL SIGTERM
CMD ["node", "bin/zhuanban.js", "start"]
