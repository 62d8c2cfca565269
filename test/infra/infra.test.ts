/**
 * infra/: docker-compose.yml, the Kubernetes manifests, the Dockerfile and infra/README.md agree
 * with the code — entry points, the variables packages/config reads, probes and drain times.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { configVariables, loadConfig, productionVariables } from '@vinh-danh/config';
import { startKubeApiStub, type KubeApiStub } from '../support/kube-api-stub.ts';
import { createKubectlSandbox, type KubectlSandbox } from './kubectl-sandbox.ts';
import { infraDir, interpolate, k8sDir, loadCompose, loadK8sObjects, objectId, readmeParts, readRepoFile, serviceEntryPoints, type K8sObject } from './infra-files.ts';

const run = promisify(execFile);
const compose = loadCompose();
const objects = loadK8sObjects();
const entryPoints = serviceEntryPoints();
const command = (service: string) => ['node', '--import', 'tsx', `services/${service}/src/main.ts`];
const known = new Set<string>(configVariables);
const samples = { TASK_LINK_SECRET: 's'.repeat(48), PUBLIC_URL: 'https://vinhdanh.example.gov.vn' };
const kubectl = which('kubectl');
const noKubectl = 'kubectl is not installed (not on PATH): the manifests were checked by the YAML parser and the field checks only';

const find = (kind: string, name: string): K8sObject & { file: string } => {
  const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  assert.ok(object, `${kind}/${name} in infra/k8s`);
  return object;
};
const podSpec = (name: string) => find('Deployment', name).spec!.template!.spec;
const container = (name: string) => podSpec(name).containers[0]!;
const seconds = (duration: string | undefined) => Number(/^(\d+)s$/.exec(duration ?? '')?.[1] ?? Number.NaN);

/** Every variable and value a deployment of one process sets; `file` names where, for messages. */
function checkEnvironment(where: string, env: Record<string, string>, extra: readonly string[]): void {
  const unknown = Object.keys(env).filter((name) => !known.has(name));
  assert.deepEqual(unknown, [], `${where} sets variables packages/config does not read`);
  const missing = [...productionVariables.all, ...extra].filter((name) => !(name in env));
  assert.deepEqual(missing, [], `${where} leaves out variables production needs`);
  const config = loadConfig(env);
  assert.equal(config.nodeEnv, 'production');
  assert.ok(config.databaseUrl && config.redisUrl && config.smtpUrl && config.taskLinkSecret, `${where}: store, Redis, SMTP and secret configured`);
}

describe('infra', () => {
  it('when docker-compose.yml is read, then it runs Redis (noeviction, AOF), PostgreSQL, MongoDB as a replica set, a mail catcher, the gateway and 2 workers', () => {
    const { services } = compose;
    for (const name of ['redis', 'postgres', 'mongodb', 'mongodb-init', 'mailpit', 'gateway', 'worker']) assert.ok(services[name], `service ${name}`);
    assert.equal(services.worker!.deploy?.replicas, 2);
    assert.ok(services.mongodb!.command?.includes('--replSet'));
    assert.match(services['mongodb-init']!.command!.join(' '), /rs\.initiate\(/);

    const redis = services.redis!;
    assert.ok(redis.command?.includes('/usr/local/etc/redis/redis.conf'));
    assert.ok(redis.volumes?.includes('./redis.conf:/usr/local/etc/redis/redis.conf:ro'));
    const settings = readRepoFile('infra/redis.conf').split('\n').filter((line) => line.trim() && !line.startsWith('#'));
    assert.ok(settings.includes('maxmemory-policy noeviction'));
    assert.ok(settings.includes('appendonly yes'));

    for (const [name, service] of Object.entries(services)) {
      if (name !== 'worker' && name !== 'mongodb-init') assert.ok(service.healthcheck, `${name} has a healthcheck`);
    }
    assert.match(services.gateway!.healthcheck!.test.join(' '), /http:\/\/127\.0\.0\.1:3000\/readyz/);
  });

  it('when the commands are read, then compose, Kubernetes and the Dockerfile run the entry points of services/*/src/main.ts under tsx', () => {
    const dockerfile = readRepoFile('Dockerfile');
    assert.match(dockerfile, /^FROM node:20-slim$/m);
    assert.match(dockerfile, /^RUN npm ci\b/m);
    const defaultCommand = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? 'null') as string[];
    assert.ok(entryPoints.includes(defaultCommand[3]!), `Dockerfile CMD runs ${defaultCommand[3]}`);
    const images = new Set<string>();
    for (const service of ['gateway', 'worker']) {
      assert.ok(entryPoints.includes(`services/${service}/src/main.ts`));
      const composed = compose.services[service]!;
      assert.deepEqual(composed.command, command(service));
      assert.equal(composed.build?.dockerfile, 'Dockerfile');
      assert.ok(existsSync(path.join(infraDir, composed.build!.context, composed.build!.dockerfile)), 'compose builds the repository Dockerfile');
      assert.deepEqual(container(service).command, command(service));
      images.add(container(service).image);
    }
    assert.equal(images.size, 1, 'gateway and worker run one image');
    const scripts = (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts['start:gateway'], command('gateway').join(' '));
    assert.equal(scripts['start:worker'], command('worker').join(' '));
  });

  it('when the environment of the gateway and the worker is read, then every variable is one packages/config reads and production needs none more', () => {
    const composed = (service: string) =>
      Object.fromEntries(Object.entries(compose.services[service]!.environment ?? {}).map(([name, value]) => [name, interpolate(String(value), samples)]));
    checkEnvironment('compose gateway', composed('gateway'), productionVariables.gateway);
    checkEnvironment('compose worker', composed('worker'), []);
    assert.equal(loadConfig(composed('gateway')).host, '0.0.0.0');

    const secret = find('Secret', 'vinh-danh');
    const secretKeys = Object.keys({ ...secret.data, ...secret.stringData });
    assert.deepEqual(secretKeys.sort(), ['DATABASE_URL', 'OFFICER_API_TOKENS', 'REDIS_URL', 'SMTP_URL', 'TASK_LINK_SECRET']);
    // The template's placeholders are refused at start, so it cannot be applied unchanged; filled in, it runs.
    const template = { ...secret.data, ...secret.stringData } as Record<string, string>;
    assert.throws(() => loadConfig({ NODE_ENV: 'production', ...template }), /TASK_LINK_SECRET: is still the template's CHANGE-ME placeholder[^]*OFFICER_API_TOKENS: entry 1: the token is still/);
    const filledIn = Object.fromEntries(Object.entries(template).map(([name, value]) => [name, value.replace(/CHANGE-ME[\w-]*/g, 'filled-in-secret-0123456789abcdefghijklmnop')]));
    for (const name of ['gateway', 'worker']) {
      const pod = container(name);
      const fromObjects = (pod.envFrom ?? []).map((source) => {
        if (source.configMapRef) return find('ConfigMap', source.configMapRef.name).data ?? {};
        if (source.secretRef) {
          assert.equal(source.secretRef.name, 'vinh-danh');
          return filledIn;
        }
        return {};
      });
      const env = Object.assign({}, ...fromObjects, Object.fromEntries((pod.env ?? []).map((entry) => [entry.name, entry.value ?? ''])));
      checkEnvironment(`k8s ${name}`, env, name === 'gateway' ? productionVariables.gateway : []);
    }
  });

  it('when the manifests are read, then the gateway has its probes, the worker drains as long as compose lets it, and every pod has budgets and resources', () => {
    const gateway = container('gateway');
    assert.equal(gateway.readinessProbe?.httpGet?.path, '/readyz');
    assert.equal(gateway.livenessProbe?.httpGet?.path, '/healthz');
    const http = gateway.ports?.find((port) => port.name === gateway.readinessProbe?.httpGet?.port);
    assert.equal(String(http?.containerPort), gateway.env?.find((entry) => entry.name === 'PORT')?.value, 'probes reach the port the gateway listens on');
    const service = find('Service', 'gateway');
    assert.deepEqual(service.spec?.selector, podLabels('gateway'));
    assert.equal(service.spec?.ports?.[0]?.targetPort, http?.name);

    const drain = podSpec('worker').terminationGracePeriodSeconds;
    assert.ok(drain !== undefined && drain >= 60, 'the worker may finish an SMTP send bounded at 60 s');
    assert.equal(drain, seconds(compose.services.worker!.stop_grace_period), 'compose and Kubernetes give the worker the same drain');
    assert.equal(podSpec('gateway').terminationGracePeriodSeconds, seconds(compose.services.gateway!.stop_grace_period));

    for (const name of ['gateway', 'worker']) {
      for (const kind of ['requests', 'limits'] as const) {
        const resources = container(name).resources?.[kind];
        assert.ok(resources?.cpu && resources.memory, `${name} has ${kind} for cpu and memory`);
      }
      const budget = find('PodDisruptionBudget', name);
      assert.deepEqual(budget.spec?.selector?.matchLabels, podLabels(name));
      assert.ok((budget.spec?.minAvailable ?? 0) >= 1);
      assert.ok((find('Deployment', name).spec?.replicas ?? 0) > (budget.spec?.minAvailable ?? 0), `${name} can lose a pod to a drain`);
    }
    for (const object of objects.filter((candidate) => candidate.kind !== 'Namespace')) {
      assert.equal(object.metadata.namespace, 'vinh-danh', `${objectId(object)} in the vinh-danh namespace`);
    }
  });

  it('when infra/README.md names a part, then it exists; every compose service and Kubernetes object is named there', () => {
    const parts = readmeParts();
    assert.ok(parts.length >= 5);
    const namedServices = parts.flatMap((part) => part.composeServices);
    const namedObjects = parts.flatMap((part) => part.k8sObjects);
    for (const name of namedServices) assert.ok(compose.services[name], `compose service ${name} named in the README exists`);
    for (const id of namedObjects) assert.ok(objects.some((object) => objectId(object) === id), `${id} named in the README exists`);
    assert.deepEqual(Object.keys(compose.services).filter((name) => !namedServices.includes(name)), [], 'compose services the README does not name');
    assert.deepEqual(objects.map(objectId).filter((id) => !namedObjects.includes(id)), [], 'Kubernetes objects the README does not name');
  });

  it('when kubectl is on PATH, then it decodes every manifest offline', { skip: kubectl ? false : noKubectl }, async () => {
    const { stdout } = await run(kubectl!, ['annotate', '--local', '--dry-run=client', '-o', 'name', '-f', k8sDir, 'vinh-danh.example/checked=true']);
    const decoded = stdout.trim().split('\n').map((line) => line.replace(/^(\w+)(\.[\w.]+)?\//, (_m, kind: string) => `${kind}/`));
    assert.deepEqual(decoded.sort(), objects.map((object) => `${object.kind.toLowerCase()}/${object.metadata.name}`).sort());
  });

  /**
   * A client-side dry run needs an API server for discovery (kind → resource) and reads each
   * object to choose between create and patch; the stub is that server for an empty cluster.
   * Schema validation is off: kubectl would download the cluster's OpenAPI schemas for it, which
   * the stub cannot serve honestly; the field checks above stand in for it.
   */
  describe('when kubectl is on PATH, then kubectl apply --dry-run=client --validate=false against a stub API server', { skip: kubectl ? false : noKubectl }, () => {
    let sandbox: KubectlSandbox;
    let stub: KubeApiStub | undefined;
    const apply = (folder: string) => sandbox.run(['apply', '--dry-run=client', '--validate=false', '--request-timeout=20s', '-f', folder]);

    before(async () => {
      sandbox = await createKubectlSandbox(kubectl!);
      stub = await startKubeApiStub({ kinds: objects, version: await sandbox.clientVersion() });
      await sandbox.useServer(stub.url);
    });
    after(async () => {
      await stub?.stop();
      await sandbox?.remove();
    });

    it('when infra/k8s is applied, then kubectl exits 0 and creates every object, writing nothing', async (t) => {
      const { code, stdout, stderr } = await apply(k8sDir);
      assert.equal(code, 0, stderr);
      const expected = objects.map((object) => {
        const group = object.apiVersion.includes('/') ? `.${object.apiVersion.split('/')[0]}` : '';
        return `${object.kind.toLowerCase()}${group}/${object.metadata.name} created (dry run)`;
      });
      assert.deepEqual(stdout.trim().split('\n').sort(), expected.sort());
      assert.deepEqual(stub!.requests.filter((request) => request.method !== 'GET'), [], 'a client-side dry run sends no write');
      t.diagnostic(`kubectl asked the stub for ${[...new Set(stub!.requests.map((request) => request.path))].join(' ')}`);
    });

    it('when a manifest names a kind the API does not serve, then kubectl exits non-zero', async () => {
      const copy = await copyManifests('unknown-kind');
      const file = path.join(copy, find('Deployment', 'gateway').file);
      await writeFile(file, (await readFile(file, 'utf8')).replace(/^kind: Deployment$/m, 'kind: Deploymnet'));
      const { code, stderr } = await apply(copy);
      assert.notEqual(code, 0);
      assert.match(stderr, /no matches for kind "Deploymnet" in version "apps\/v1"/);
    });

    it('when a manifest is malformed YAML, then kubectl exits non-zero', async () => {
      const copy = await copyManifests('malformed');
      const file = path.join(copy, find('Secret', 'vinh-danh').file);
      await writeFile(file, `${await readFile(file, 'utf8')}\nbroken: [unclosed\n`);
      const { code, stderr } = await apply(copy);
      assert.notEqual(code, 0);
      assert.match(stderr, /error parsing .*: error converting YAML to JSON/);
    });

    async function copyManifests(name: string): Promise<string> {
      const copy = path.join(sandbox.folder, name);
      await cp(k8sDir, copy, { recursive: true });
      return copy;
    }
  });
});

function podLabels(deployment: string): Record<string, string> {
  return find('Deployment', deployment).spec!.template!.metadata.labels;
}

function which(binary: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((folder) => path.join(folder, binary))
    .find((candidate) => existsSync(candidate));
}
