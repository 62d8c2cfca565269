import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { createDefinitionRegistry, createEngine } from '@vinh-danh/engine';
import { closeQueues, createQueues, createRedisConnection } from '@vinh-danh/queue';
import { createStore } from '@vinh-danh/store';
import { startTsProcess, waitForOutput } from '../support/child-process.ts';
import { dropSchema, postgresReachable, testLog, testPostgresUrl } from '../support/harness.ts';
import { testRedisUrl, freshPrefix } from '../support/redis.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { portAccepts, tempDirs } from '../support/temp-dirs.ts';
import { waitFor } from '../support/wait.ts';

const tempDir = tempDirs('vd-worker-');

describe('the worker process', () => {
  it('when an environment variable is invalid, then it exits 1 naming the variable and the problem', async () => {
    const running = startTsProcess('services/worker/src/main.ts', {
      WORKER_CONCURRENCY: 'lots',
      REDIS_URL: 'http://not-redis',
      DATA_DIR: tempDir(),
    });
    const { code } = await running.exited;
    assert.equal(code, 1);
    assert.match(running.output(), /WORKER_CONCURRENCY: .*number/i);
    assert.match(running.output(), /REDIS_URL: must start with redis:\/\/ or rediss:\/\//);
  });

  it('when REDIS_URL is unset, then it starts its own redis-server with AOF in the data dir and stops it on SIGTERM', async () => {
    const dataDir = tempDir();
    const running = startTsProcess('services/worker/src/main.ts', { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    await waitForOutput(running, 'worker started', 60_000);
    const started = running.output().match(/"port":(\d+)[^\n]*private redis-server/);
    assert.ok(started, `the log names the private redis port:\n${running.output()}`);
    const port = Number(started[1]);
    assert.equal(await portAccepts(port), true);
    const redisFiles = readdirSync(path.join(dataDir, 'redis'));
    assert.ok(redisFiles.some((name) => name.startsWith('appendonly')), `AOF files in ${redisFiles.join(', ')}`);
    assert.ok(existsSync(path.join(dataDir, 'pglite')), 'the embedded store lives in the data dir');
    running.child.kill('SIGTERM');
    const { code } = await running.exited;
    assert.equal(code, 0, running.output());
    assert.equal(await portAccepts(port), false, 'the private redis-server stopped with the worker');
  });

  it('when a worker killed with SIGKILL left its redis-server running, then the next start in that data dir stops it and keeps what it held', async () => {
    const dataDir = tempDir();
    const portOf = (output: string) => Number(output.match(/"port":(\d+)[^\n]*private redis-server/)?.[1]);
    const first = startTsProcess('services/worker/src/main.ts', { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    await waitForOutput(first, 'worker started', 60_000);
    const oldPort = portOf(first.output());
    const old = createRedisConnection(`redis://127.0.0.1:${oldPort}`);
    await old.set('vd-test:kept', 'queued work');
    await old.quit();
    first.child.kill('SIGKILL');
    await first.exited;
    assert.equal(await portAccepts(oldPort), true, 'a SIGKILLed process leaves its redis-server behind');

    const second = startTsProcess('services/worker/src/main.ts', { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      await waitForOutput(second, 'worker started', 60_000);
      assert.match(second.output(), /stopped a private redis-server an earlier process left running in the data dir/);
      assert.equal(await portAccepts(oldPort), false, 'the one left behind is stopped');
      const fresh = createRedisConnection(`redis://127.0.0.1:${portOf(second.output())}`);
      assert.equal(await fresh.get('vd-test:kept'), 'queued work', 'its append-only file was flushed and loaded again');
      await fresh.quit();
      second.child.kill('SIGTERM');
      assert.equal((await second.exited).code, 0, second.output());
      assert.equal(existsSync(path.join(dataDir, 'redis', 'redis.pid')), false, 'a stopped redis-server leaves no pid file');
    } finally {
      second.child.kill('SIGKILL');
    }
  });

  it('when another running process uses the data dir, then a second start exits 1 saying so and leaves the first one alone', async () => {
    const dataDir = tempDir();
    const first = startTsProcess('services/worker/src/main.ts', { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      await waitForOutput(first, 'worker started', 60_000);
      const port = Number(first.output().match(/"port":(\d+)[^\n]*private redis-server/)?.[1]);
      const second = startTsProcess('services/worker/src/main.ts', { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
      const { code } = await second.exited;
      assert.equal(code, 1, second.output());
      assert.match(second.output(), new RegExp(`the data dir .* is in use: its redis-server \\(pid \\d+\\) belongs to running process ${first.child.pid}`));
      assert.equal(await portAccepts(port), true, "the first one's redis-server still runs");
      first.child.kill('SIGTERM');
      assert.equal((await first.exited).code, 0, first.output());
    } finally {
      first.child.kill('SIGKILL');
    }
  });

  it('when REDIS_URL is unset and there is no redis-server, then it exits 1 saying how to install one or set REDIS_URL', async () => {
    const running = startTsProcess('services/worker/src/main.ts', { DATA_DIR: tempDir(), PATH: tempDir() });
    const { code } = await running.exited;
    assert.equal(code, 1);
    assert.match(running.output(), /no redis-server on PATH/);
    assert.match(running.output(), /apt-get install -y redis-server/);
    assert.match(running.output(), /REDIS_URL/);
  });

  it('when it gets SIGINT (Ctrl+C) while idle, then it closes its connections and exits 0', async () => {
    const running = startTsProcess('services/worker/src/main.ts', {
      DATA_DIR: tempDir(),
      REDIS_URL: await testRedisUrl(),
      QUEUE_PREFIX: freshPrefix('sigterm'),
      LOG_LEVEL: 'info',
    });
    await waitForOutput(running, 'worker started', 60_000);
    running.child.kill('SIGINT');
    const { code } = await running.exited;
    assert.equal(code, 0, running.output());
    assert.match(running.output(), /worker stopped/);
  });
});

const pgSkip = await postgresReachable();

describe('the worker process under load', { skip: pgSkip }, () => {
  it('when it gets SIGTERM in the middle of a stream, then jobs in flight finish, none is left active, and it exits 0', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const prefix = freshPrefix('drain');
    const redisUrl = await testRedisUrl();
    const store = await createStore({ databaseUrl: testPostgresUrl, schema });
    const connection = createRedisConnection(redisUrl);
    const queues = createQueues({ connection, prefix });
    const engine = createEngine({ store, queues, registry: createDefinitionRegistry(testDefinitions), log: testLog });
    const running = startTsProcess('test/support/worker-child.ts', {
      REDIS_URL: redisUrl,
      DATABASE_URL: testPostgresUrl,
      DATABASE_SCHEMA: schema,
      QUEUE_PREFIX: prefix,
      WORKER_CONCURRENCY: '16',
      LOG_LEVEL: 'warn',
      DATA_DIR: tempDir(),
    });
    try {
      await waitForOutput(running, 'WORKER_READY');
      const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
      await Promise.all(
        Array.from({ length: 300 }, (_, i) => engine.dispatch({ instanceId, eventId: `e${i + 1}`, event: { type: 'record', seq: i + 1 } })),
      );
      await waitFor(() => queues.workflow.getJobCounts('active'), (counts) => (counts.active ?? 0) > 0, { what: 'jobs in flight' });
      running.child.kill('SIGTERM');
      const { code } = await running.exited;
      assert.equal(code, 0, running.output());
      const counts = await queues.workflow.getJobCounts('active', 'completed', 'waiting');
      assert.equal(counts.active, 0, 'no job was abandoned mid-flight');
      assert.ok((counts.completed ?? 0) > 0);
      // What was applied is whole: history and snapshot agree.
      const instance = await store.instances.get(instanceId);
      const seen = (instance?.snapshot as { context: { seen: number[] } }).context.seen;
      assert.equal((await store.history.list(instanceId)).length, seen.length + 1);
      assert.equal(new Set(seen).size, seen.length);
    } finally {
      running.child.kill('SIGKILL');
      await closeQueues(queues);
      await connection.quit();
      await store.close();
      await dropSchema(schema);
    }
  });
});

