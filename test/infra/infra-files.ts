import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from '../support/child-process.ts';

/** The parts of a compose file these tests read. */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  profiles?: string[];
}

export interface K8sContainer {
  name: string;
  image: string;
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** Any Kubernetes object, with the fields the tests look at when it has them. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } & Record<string, string | Record<string, string>>;
    ports?: Array<{ targetPort: string | number }>;
    template?: { metadata: { labels: Record<string, string> }; spec: { terminationGracePeriodSeconds?: number; containers: K8sContainer[] } };
    minAvailable?: number;
  };
}

export const infraDir = path.join(repoRoot, 'infra');
export const k8sDir = path.join(infraDir, 'k8s');

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(repoRoot, relative), 'utf8');
}

/** docker-compose.yml with its `<<` merge keys resolved, as Compose resolves them. */
export function loadCompose(): { services: Record<string, ComposeService> } {
  return parse(readRepoFile('infra/docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
}

/** Every object of every manifest in infra/k8s, each with the file it came from; a YAML error fails. */
export function loadK8sObjects(): Array<K8sObject & { file: string }> {
  return readdirSync(k8sDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(k8sDir, file), 'utf8')).flatMap((document) => {
        if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((error) => error.message).join('; ')}`);
        const object = document.toJS() as K8sObject | null;
        return object ? [{ ...object, file }] : [];
      }),
    );
}

export const objectId = (object: K8sObject) => `${object.kind}/${object.metadata.name}`;

/** The entry points of the services: `services/<name>/src/main.ts`. */
export function serviceEntryPoints(): string[] {
  return readdirSync(path.join(repoRoot, 'services'))
    .map((name) => `services/${name}/src/main.ts`)
    .filter((entry) => {
      try {
        readFileSync(path.join(repoRoot, entry));
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * Compose's variable interpolation, for checking values: `${NAME:-default}` takes the default,
 * `${NAME:?message}` and `${NAME}` a sample value (the real ones live in infra/.env), `$$` is `$`.
 */
export function interpolate(value: string, samples: Record<string, string>): string {
  return value
    .replace(/\$\{([A-Za-z0-9_]+)(?:(:?[-?])([^}]*))?\}/g, (_match, name: string, operator: string | undefined, argument: string | undefined) =>
      samples[name] ?? (operator?.endsWith('-') ? (argument ?? '') : `sample-${name.toLowerCase()}`),
    )
    .replaceAll('$$', '$');
}

/** The components table of infra/README.md: compose services and Kubernetes objects each row names. */
export function readmeParts(): Array<{ part: string; composeServices: string[]; k8sObjects: string[] }> {
  const readme = readRepoFile('infra/README.md');
  const section = readme.split(/^## What runs where$/m)[1]?.split(/^## /m)[0];
  if (!section) throw new Error('infra/README.md has no "## What runs where" section');
  const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(part|-)/.test(line))
    .map((line) => {
      const [part = '', compose = '', k8s = ''] = line.split('|').slice(1, -1).map((cell) => cell.trim());
      return { part, composeServices: ticked(compose), k8sObjects: ticked(k8s).filter((token) => /^[A-Z]\w+\/[\w.-]+$/.test(token)) };
    });
}
