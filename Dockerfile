# One image for every Vinh Danh process; the command picks which:
#   node --import tsx services/gateway/src/main.ts | services/worker/src/main.ts | services/ops/src/main.ts check
# Built by infra/docker-compose.yml; see infra/README.md.

# Only the package manifests, each in its folder: the dependency layer is rebuilt only when they change.
FROM node:20-slim AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests \; \
 && cp package-lock.json /manifests/

FROM node:20-slim
WORKDIR /app
COPY --from=manifests /manifests ./
# tsx, a devDependency, runs the TypeScript in production (there is no build step), so install everything.
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY . .
# Set after `npm ci`, which would otherwise leave out the devDependencies.
ENV NODE_ENV=production
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "services/gateway/src/main.ts"]
