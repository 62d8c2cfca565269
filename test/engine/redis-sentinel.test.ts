/**
 * Redis behind Sentinel (`REDIS_URL=redis-sentinel://…`), on real processes: a master, its
 * replica and a sentinel, each a `redis-server` of this machine on 127.0.0.1. The runtime finds
 * the master through the sentinel, events are applied through it, and after a failover the
 * same runtime goes on through the promoted replica.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@vinh-danh/queue';
import { Redis } from 'ioredis';
import { startHarness, type Harness } from '../support/harness.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { waitFor } from '../support/wait.ts';

const tempDir = tempDirs('vd-sentinel-');
const master = 'vd-master';

/** A redis-server on 127.0.0.1 with `args`; its output kept for a failure's message. */
function redisServer(args: string[]): ChildProcess & { output: string[] } {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout!.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  return child;
}

const client = (port: number) => {
  const connection = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
  connection.on('error', () => {});
  return connection;
};

describe('Redis behind Sentinel', () => {
  const processes: Array<ChildProcess & { output: string[] }> = [];
  const ports = { master: 0, replica: 0, sentinel: 0 };
  let harness: Harness;
  let sentinel: Redis;

  before(async () => {
    const dir = tempDir();
    ports.master = await freePort();
    ports.replica = await freePort();
    ports.sentinel = await freePort();
    const server = (port: number, ...extra: string[]) =>
      redisServer(['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', `dump-${port}.rdb`, ...extra]);
    processes.push(server(ports.master));
    processes.push(server(ports.replica, '--replicaof', '127.0.0.1', String(ports.master)));
    const sentinelConf = path.join(dir, 'sentinel.conf');
    writeFileSync(
      sentinelConf,
      [
        `port ${ports.sentinel}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${master} 127.0.0.1 ${ports.master} 1`,
        `sentinel down-after-milliseconds ${master} 1000`,
        `sentinel failover-timeout ${master} 5000`,
      ].join('\n') + '\n',
    );
    processes.push(redisServer([sentinelConf, '--sentinel']));
    sentinel = client(ports.sentinel);
    // The sentinel learns of the replica from the master (it asks every few seconds).
    await waitFor(
      async () => (await sentinel.call('SENTINEL', 'REPLICAS', master).catch(() => [])) as unknown[],
      (replicas) => replicas.length === 1,
      { what: `the sentinel knowing the replica; output: ${processes.map((child) => child.output.join('').slice(-300)).join(' | ')}`, timeoutMs: 30_000, intervalMs: 200 },
    );
    harness = await startHarness({ definitions: testDefinitions, redisUrl: `redis-sentinel://127.0.0.1:${ports.sentinel}/${master}` });
  });

  after(async () => {
    await harness?.close();
    sentinel?.disconnect();
    await Promise.all(
      processes.map((child) => {
        const closed = new Promise((resolve) => child.once('close', resolve));
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        return child.exitCode === null && child.signalCode === null ? closed : Promise.resolve();
      }),
    );
  });

  const seen = async (instanceId: string) =>
    ((await harness.runtime.store.instances.get(instanceId))?.snapshot as { context: { seen: number[] } } | undefined)?.context.seen ?? [];

  it('when the runtime is given a redis-sentinel URL, then it reaches the master the sentinel names and events are applied through it', async () => {
    const { engine } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger', instanceId: 'sentinel-ledger' });
    await engine.dispatch({ instanceId, eventId: 'before-failover', event: { type: 'record', seq: 1 } });
    await waitFor(() => seen(instanceId), (values) => values.includes(1), { what: 'the event applied', timeoutMs: 30_000 });
    const onMaster = client(ports.master);
    assert.ok((await onMaster.keys(`${harness.runtime.queuePrefix}:*`)).length > 0, 'the queues are on the master');
    onMaster.disconnect();
  });

  it('when the sentinel fails the master over to its replica, then the same runtime goes on through the new master', async () => {
    const replica = client(ports.replica);
    await waitFor(async () => (await replica.info('replication')).includes('master_link_status:up'), Boolean, { what: 'the replica in sync', timeoutMs: 30_000 });
    await sentinel.call('SENTINEL', 'FAILOVER', master);
    await waitFor(
      async () => (await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', master)) as string[],
      (address) => address[1] === String(ports.replica),
      { what: 'the replica promoted', timeoutMs: 30_000, intervalMs: 200 },
    );
    await waitFor(async () => (await replica.info('replication')).includes('role:master'), Boolean, { what: 'the replica a master', timeoutMs: 30_000 });
    // Until the sentinel turns the old master into a replica, it still takes writes, which it
    // loses when it does (Redis replicates asynchronously; the store's reconciler re-drives
    // such work). Once it refuses them, every write goes to the new master.
    const oldMaster = client(ports.master);
    await waitFor(async () => (await oldMaster.info('replication')).includes('role:slave'), Boolean, { what: 'the old master a replica', timeoutMs: 30_000, intervalMs: 200 });
    oldMaster.disconnect();

    const { engine } = harness.runtime;
    await engine.dispatch({ instanceId: 'sentinel-ledger', eventId: 'after-failover', event: { type: 'record', seq: 2 } });
    await waitFor(() => seen('sentinel-ledger'), (values) => values.includes(2), { what: 'the event applied after the failover', timeoutMs: 30_000 });
    assert.ok((await replica.keys(`${harness.runtime.queuePrefix}:workflow:*after-failover*`)).length > 0, "the event's job went to the new master");
    replica.disconnect();
  });
});
