# Narcotrace: the API, web UI and job workers in one image. Build: docker build -t narcotrace .
# Run the server:  docker run -p 8080:8080 -e HOST=0.0.0.0 -v narcotrace-var:/app/var narcotrace
# Run a worker:    docker run -e DATABASE_URL=postgres://… -e NARCOTRACE_QUEUE=redis://… narcotrace node bin/narcotrace.js worker
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:web && npm run build:registry

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/var/registry-index.json ./var/registry-index.json
COPY bin ./bin
COPY data ./data
COPY rules ./rules
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/narcotrace.js", "serve"]
