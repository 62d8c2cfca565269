import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { createDefinitionRegistry, createEngine } from '@vinh-danh/engine';
import { closeQueues, createQueues, createRedisConnection, freePort } from '@vinh-danh/queue';
import { createStore } from '@vinh-danh/store';
import { startTsProcess, waitForOutput } from '../support/child-process.ts';
import { runOps } from '../support/ops-cli.ts';
import { dropSchema, postgresReachable, testLog, testPostgresUrl } from '../support/harness.ts';
import { freshPrefix, startPrivateRedis, testRedisUrl } from '../support/redis.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { portAccepts, tempDirs } from '../support/temp-dirs.ts';
import { waitFor } from '../support/wait.ts';

const tempDir = tempDirs('vd-worker-');

/** The URL of the private redis-server a worker started in `dataDir`, with the password it keeps in its owner-only config. */
function privateRedisUrl(dataDir: string, port: number): string {
  const password = /^requirepass (\S+)$/m.exec(readFileSync(path.join(dataDir, 'redis', 'redis.conf'), 'utf8'))?.[1];
  assert.ok(password, 'the private redis-server has a password');
  return `redis://:${password}@127.0.0.1:${port}`;
}

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
    const old = createRedisConnection(privateRedisUrl(dataDir, oldPort));
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
      const fresh = createRedisConnection(privateRedisUrl(dataDir, portOf(second.output())));
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

  it('when another running process has the embedded store open, then a second worker and the store commands on that data dir exit 1 naming it, even with REDIS_URL set', async () => {
    const dataDir = tempDir();
    const env = { DATA_DIR: dataDir, REDIS_URL: await testRedisUrl(), QUEUE_PREFIX: freshPrefix('pglite-lock'), LOG_LEVEL: 'info' };
    const first = startTsProcess('services/worker/src/main.ts', env);
    try {
      await waitForOutput(first, 'worker started', 60_000);
      const second = startTsProcess('services/worker/src/main.ts', env);
      const { code } = await second.exited;
      assert.equal(code, 1, second.output());
      const inUse = new RegExp(`the embedded store in .*pglite is open in running process ${first.child.pid}, and PGlite serves one process at a time`);
      assert.match(second.output(), inUse);
      const failed = await runOps(['failed'], { DATA_DIR: dataDir });
      assert.equal(failed.code, 1, failed.output);
      assert.match(failed.output, inUse);
      first.child.kill('SIGTERM');
      assert.equal((await first.exited).code, 0, first.output());
      // Closed with its process, the store is free again.
      const after = await runOps(['failed'], { DATA_DIR: dataDir });
      assert.equal(after.code, 0, after.output);
      assert.equal(existsSync(path.join(dataDir, 'pglite.lock')), false, 'the lock went with the process');
    } finally {
      first.child.kill('SIGKILL');
    }
  });

  it('when two workers with DATA_DIR=memory:// run from one working directory, then each has a Redis of its own; one killed outright leaves one the next start clears', async () => {
    const portOf = (output: string) => Number(output.match(/"port":(\d+)[^\n]*private redis-server/)?.[1]);
    const env = { DATA_DIR: 'memory://', LOG_LEVEL: 'info' };
    const [first, second] = [startTsProcess('services/worker/src/main.ts', env), startTsProcess('services/worker/src/main.ts', env)];
    let third: ReturnType<typeof startTsProcess> | undefined;
    try {
      await Promise.all([waitForOutput(first, 'worker started', 60_000), waitForOutput(second, 'worker started', 60_000)]);
      const [firstPort, secondPort] = [portOf(first.output()), portOf(second.output())];
      assert.notEqual(firstPort, secondPort);
      first.child.kill('SIGKILL');
      await first.exited;
      assert.equal(await portAccepts(firstPort), true, 'a process killed outright leaves its redis-server');
      third = startTsProcess('services/worker/src/main.ts', env);
      await waitForOutput(third, 'worker started', 60_000);
      assert.equal(await portAccepts(firstPort), false, 'the next start stopped it');
      assert.equal(await portAccepts(secondPort), true, "the running one's is left alone");
      const leftovers = readdirSync(os.tmpdir()).filter((name) => name.startsWith('vinhdanh-redis-memory-') && name.endsWith(`-${first.child.pid}`));
      assert.deepEqual(leftovers, [], 'and removed its folder');
      for (const running of [second, third]) {
        running.child.kill('SIGTERM');
        assert.equal((await running.exited).code, 0, running.output());
      }
    } finally {
      for (const running of [first, second, third]) running?.child.kill('SIGKILL');
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

  it('when Ctrl+C reaches its whole process group (a terminal), then its own redis-server is left to it, stopped once the work is done, and it exits 0', async () => {
    const dataDir = tempDir();
    const running = startTsProcess('services/worker/src/main.ts', { DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { processGroup: true });
    try {
      await waitForOutput(running, 'worker started', 60_000);
      const port = Number(running.output().match(/"port":(\d+)[^\n]*private redis-server/)?.[1]);
      process.kill(-running.child.pid!, 'SIGINT');
      const outcome = await Promise.race([running.exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 30_000))]);
      assert.notEqual(outcome, 'hung', `still running 30 s after Ctrl+C:\n${running.output()}`);
      assert.equal((outcome as { code: number | null }).code, 0, running.output());
      assert.doesNotMatch(running.output(), /ECONNREFUSED/, 'Redis stayed up while the worker finished');
      assert.equal(await portAccepts(port), false, 'the private redis-server stopped with the worker');
      const redisLog = readFileSync(path.join(dataDir, 'redis', 'redis.log'), 'utf8');
      assert.match(redisLog, /Received SIGTERM scheduling shutdown/, 'the worker stopped it');
      assert.doesNotMatch(redisLog, /SIGINT/, 'the Ctrl+C did not reach it');
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  it("when its redis-server cannot start (a damaged append-only file), then it exits 1 with the end of redis-server's log", async () => {
    const dataDir = tempDir();
    const first = startTsProcess('services/worker/src/main.ts', { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    await waitForOutput(first, 'worker started', 60_000);
    first.child.kill('SIGTERM');
    assert.equal((await first.exited).code, 0, first.output());
    const aofDir = path.join(dataDir, 'redis', 'appendonlydir');
    const incremental = readdirSync(aofDir).find((name) => name.endsWith('.incr.aof'))!;
    appendFileSync(path.join(aofDir, incremental), '*garbage\r\n$zz');
    const second = startTsProcess('services/worker/src/main.ts', { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const { code } = await second.exited;
    assert.equal(code, 1, second.output());
    assert.match(second.output(), /redis-server exited with code 1; its log \([^)]*redis\.log\) ends:/);
    assert.match(second.output(), /Bad file format reading the append only file/);
  });

  it('when REDIS_URL names a Redis that does not answer, then it exits 1 within the connect timeout, naming the URL without its password', async () => {
    const port = await freePort();
    const running = startTsProcess('services/worker/src/main.ts', { DATA_DIR: tempDir(), REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}`, LOG_LEVEL: 'info' });
    const outcome = await Promise.race([running.exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 60_000))]);
    running.child.kill('SIGKILL');
    assert.notEqual(outcome, 'hung', `still starting after 60 s:\n${running.output()}`);
    assert.equal((outcome as { code: number | null }).code, 1, running.output());
    assert.match(running.output(), new RegExp(`Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} did not answer within 10000 ms`));
    assert.doesNotMatch(running.output(), /hunter2-secret/);
  });

  it('when REDIS_URL carries a password the Redis refuses, or none where one is required, then it exits 1 at once saying so, not after waiting for a Redis "still loading"', async () => {
    const redis = await startPrivateRedis();
    try {
      for (const [label, url] of [['a wrong password', `redis://:hunter2-secret@127.0.0.1:${redis.port}`], ['no password', `redis://127.0.0.1:${redis.port}`]] as const) {
        const running = startTsProcess('services/worker/src/main.ts', { DATA_DIR: tempDir(), REDIS_URL: url, LOG_LEVEL: 'info' });
        const outcome = await Promise.race([running.exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 60_000))]);
        running.child.kill('SIGKILL');
        assert.notEqual(outcome, 'hung', `${label}: still starting after 60 s:\n${running.output()}`);
        assert.equal((outcome as { code: number | null }).code, 1, running.output());
        assert.match(running.output(), /refused the credentials in its URL/, label);
        assert.match(running.output(), label === 'no password' ? /NOAUTH/ : /WRONGPASS/);
        assert.doesNotMatch(running.output(), /hunter2-secret|still loading/);
        assert.doesNotMatch(running.output(), /did not answer within/, label);
      }
    } finally {
      await redis.stop();
    }
  });

  it('when a second signal comes two seconds or more after the first, then it stops at once with exit 1; the first alone waits for start-up', async () => {
    const port = await freePort();
    const running = startTsProcess('services/worker/src/main.ts', { DATA_DIR: tempDir(), REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'info' });
    try {
      await waitForOutput(running, 'worker starting', 60_000);
      running.child.kill('SIGTERM');
      // The same stop asked for twice at once (npm forwards the terminal's Ctrl+C) is one stop.
      running.child.kill('SIGTERM');
      await waitForOutput(running, 'stopping: finishing work in flight');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      assert.equal(running.child.exitCode, null, 'still waiting for its start-up');
      running.child.kill('SIGTERM');
      const { code } = await running.exited;
      assert.equal(code, 1, running.output());
      assert.match(running.output(), /stopping now, without waiting/);
      assert.doesNotMatch(running.output(), /did not answer/, 'it did not wait for the start-up to give up');
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  it('when NODE_ENV=production and SMTP_URL is unset, then it exits 1 naming SMTP_URL', async () => {
    const running = startTsProcess('services/worker/src/main.ts', {
      NODE_ENV: 'production',
      TASK_LINK_SECRET: randomBytes(36).toString('base64'),
      DATA_DIR: tempDir(),
      REDIS_URL: await testRedisUrl(),
      QUEUE_PREFIX: freshPrefix('no-smtp'),
    });
    const { code } = await running.exited;
    assert.equal(code, 1, running.output());
    assert.match(running.output(), /SMTP_URL: required when NODE_ENV=production; without it every mail is only written to the log/);
  });

  it('when production lacks both TASK_LINK_SECRET and SMTP_URL and PORT is not a number, then one report names all three and it exits 1', async () => {
    const running = startTsProcess('services/worker/src/main.ts', {
      NODE_ENV: 'production',
      PORT: 'eighty',
      DATA_DIR: tempDir(),
      REDIS_URL: await testRedisUrl(),
      QUEUE_PREFIX: freshPrefix('no-config'),
    });
    const { code } = await running.exited;
    assert.equal(code, 1, running.output());
    const output = running.output();
    assert.match(output, /PORT: must be a whole number \(digits only\) \(got "eighty"\)/);
    assert.match(output, /TASK_LINK_SECRET: required when NODE_ENV=production/);
    assert.match(output, /SMTP_URL: required when NODE_ENV=production/);
  });

  for (const signal of ['SIGINT', 'SIGHUP'] as const) {
    it(`when it gets ${signal} (${signal === 'SIGINT' ? 'Ctrl+C' : 'its terminal closed'}) while idle, then it closes its connections and exits 0`, async () => {
      const running = startTsProcess('services/worker/src/main.ts', {
        DATA_DIR: tempDir(),
        REDIS_URL: await testRedisUrl(),
        QUEUE_PREFIX: freshPrefix('sigterm'),
        LOG_LEVEL: 'info',
      });
      await waitForOutput(running, 'worker started', 60_000);
      running.child.kill(signal);
      const { code } = await running.exited;
      assert.equal(code, 0, running.output());
      assert.match(running.output(), new RegExp(`"signal":"${signal}"[^\\n]*stopping: finishing work in flight`));
      assert.match(running.output(), /worker stopped/);
    });
  }
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

