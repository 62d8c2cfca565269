/**
 * A Kubernetes API server of an empty cluster that answers only what a client-side
 * `kubectl apply --dry-run=client` asks: the version, legacy discovery (`/api`, `/apis`, one
 * resource list per group version) and reads of objects, all of which are not found.
 * Anything else is a 404 (unknown path) or a 405 (any write), and every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A kind as an API server lists it in its discovery documents. */
export interface ServedKind {
  /** `v1` for the core group, `<group>/<version>` otherwise, as manifests write it. */
  apiVersion: string;
  kind: string;
  /** The plural resource name in URLs: `deployments`. */
  resource: string;
  namespaced: boolean;
}

/** The kinds the stub can serve; a manifest of another kind needs a row here first. */
export const knownKinds: readonly ServedKind[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true },
  { apiVersion: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false },
  { apiVersion: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true },
  { apiVersion: 'v1', kind: 'Service', resource: 'services', namespaced: true },
  { apiVersion: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', resource: 'statefulsets', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'CronJob', resource: 'cronjobs', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'Job', resource: 'jobs', namespaced: true },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', resource: 'ingresses', namespaced: true },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', namespaced: true },
];

export interface KubeApiStubOptions {
  /** The kinds to list in discovery; start fails naming any that `knownKinds` lacks. */
  kinds: ReadonlyArray<{ apiVersion: string; kind: string }>;
  /** What `/version` reports; gcloud's kubectl picks the kubectl release to run from it. */
  version: { major: string; minor: string };
}

export interface StubRequest {
  method: string;
  /** The path without its query string. */
  path: string;
  accept: string;
}

export interface KubeApiStub {
  /** `http://127.0.0.1:<port>`, for a kubeconfig's `cluster.server`. */
  url: string;
  /** Every request so far, in order. */
  requests: readonly StubRequest[];
  stop(): Promise<void>;
}

/** Starts the stub on 127.0.0.1, on a free port. */
export async function startKubeApiStub(options: KubeApiStubOptions): Promise<KubeApiStub> {
  const served = servedKinds(options.kinds);
  const requests: StubRequest[] = [];
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    requests.push({ method: request.method ?? '', path, accept: request.headers.accept ?? '' });
    answer(request, path, served, options.version, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // kubectl keeps its connections alive; without this close would wait for them to idle out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function servedKinds(kinds: KubeApiStubOptions['kinds']): ServedKind[] {
  const key = (kind: { apiVersion: string; kind: string }) => `${kind.apiVersion}/${kind.kind}`;
  const wanted = new Set(kinds.map(key));
  const unknown = [...wanted].filter((wantedKey) => !knownKinds.some((known) => key(known) === wantedKey));
  if (unknown.length > 0) {
    throw new Error(`the stub Kubernetes API does not know ${unknown.join(', ')}: add a row to knownKinds in test/support/kube-api-stub.ts`);
  }
  return knownKinds.filter((known) => wanted.has(key(known)));
}

function answer(request: IncomingMessage, path: string, served: ServedKind[], version: KubeApiStubOptions['version'], response: ServerResponse): void {
  if (request.method !== 'GET') {
    return send(response, 405, status(405, 'MethodNotAllowed', `the stub API server of an empty cluster accepts no ${request.method}`));
  }
  const groupVersions = [...new Set(served.map((kind) => kind.apiVersion))];
  const groups = [...new Set(groupVersions.filter((groupVersion) => groupVersion.includes('/')).map((groupVersion) => groupVersion.split('/')[0]!))];

  if (path === '/version') {
    return send(response, 200, { major: version.major, minor: version.minor, gitVersion: `v${version.major}.${version.minor}.0`, platform: 'linux/amd64' });
  }
  // kubectl asks /api and /apis for aggregated discovery first (Accept: application/json;g=apidiscovery.k8s.io;…);
  // a plain application/json answer makes it fall back to legacy discovery, one list per group version.
  if (path === '/api') {
    return send(response, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: request.headers.host ?? '' }] });
  }
  if (path === '/apis') {
    return send(response, 200, {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map((group) => {
        const versions = groupVersions.filter((groupVersion) => groupVersion.startsWith(`${group}/`)).map((groupVersion) => ({ groupVersion, version: groupVersion.split('/')[1]! }));
        return { name: group, versions, preferredVersion: versions[0] };
      }),
    });
  }
  const groupVersion = groupVersions.find((candidate) => path === urlOf(candidate));
  if (groupVersion) {
    return send(response, 200, {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion,
      resources: served
        .filter((kind) => kind.apiVersion === groupVersion)
        .map((kind) => ({ name: kind.resource, singularName: kind.kind.toLowerCase(), namespaced: kind.namespaced, kind: kind.kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] })),
    });
  }
  const read = served.map((kind) => ({ kind, name: objectName(kind, path) })).find((candidate) => candidate.name);
  if (read) {
    const group = read.kind.apiVersion.includes('/') ? read.kind.apiVersion.split('/')[0] : '';
    return send(response, 404, { ...status(404, 'NotFound', `${read.kind.resource} "${read.name}" not found`), details: { name: read.name, group, kind: read.kind.resource } });
  }
  send(response, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
}

const urlOf = (groupVersion: string) => (groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`);

/** The name in `<group version>/[namespaces/<ns>/]<resource>/<name>` when the path reads one object of `kind`. */
function objectName(kind: ServedKind, path: string): string | undefined {
  const scope = kind.namespaced ? 'namespaces/[^/]+/' : '';
  return new RegExp(`^${urlOf(kind.apiVersion).replaceAll('.', '\\.')}/${scope}${kind.resource}/([^/]+)$`).exec(path)?.[1];
}

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

function send(response: ServerResponse, code: number, body: object): void {
  response.writeHead(code, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
