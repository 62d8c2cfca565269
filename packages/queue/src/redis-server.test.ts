/**
 * The private redis-server for an in-memory store (DATA_DIR=memory://), with the real
 * `redis-server` from PATH: it keeps nothing, and writes nowhere but a temporary folder.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { hasRedisServer, maxRedisRestartsPerMinute, redisLogRotateBytes, startRedisServer, type RedisServerExit } from './redis-server.ts';

/** The pid of the private redis-server running in `dataDir`, from its pid file. */
const redisPid = (dataDir: string) => Number(readFileSync(path.join(dataDir, 'redis', 'redis.pid'), 'utf8'));

const skip = hasRedisServer() ? undefined : 'redis-server is not on PATH (apt-get install -y redis-server; .ci/run does)';
if (skip) process.stdout.write(`\n!!!!! PRIVATE REDIS TEST SKIPPED: ${skip} !!!!!\n\n`);

describe('a private redis-server for an in-memory store', { skip }, () => {
  it('when the data dir is memory://, then Redis runs without AOF in a temporary folder that is gone after stop, and nothing is written under the working directory', async () => {
    const server = await startRedisServer({ dataDir: 'memory://' });
    const client = new Redis(server.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    let dir: string;
    try {
      await client.connect();
      assert.equal(await client.ping(), 'PONG');
      dir = ((await client.config('GET', 'dir')) as string[])[1]!;
      const appendOnly = ((await client.config('GET', 'appendonly')) as string[])[1];
      assert.equal(appendOnly, 'no');
      assert.ok(path.basename(dir).startsWith('vinhdanh-redis-memory-'), `a temporary folder: ${dir}`);
      assert.ok(!path.resolve(dir).startsWith(process.cwd()), 'outside the working directory');
      assert.ok(existsSync(dir));
    } finally {
      client.disconnect();
      await server.stop();
    }
    assert.equal(existsSync(dir), false, 'the temporary folder is removed on stop');
    assert.equal(existsSync(path.resolve('memory:')), false, 'no folder named after the URL in the working directory');
  });

  it('when redis.log has grown past its limit, then a start moves it to redis.log.1 and begins a new one; a small one is appended to', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vd-redis-log-'));
    const logFile = path.join(dataDir, 'redis', 'redis.log');
    try {
      mkdirSync(path.dirname(logFile), { recursive: true });
      const oldLine = 'an earlier run\n';
      writeFileSync(logFile, oldLine.repeat(Math.ceil((redisLogRotateBytes + 1) / oldLine.length)));
      const bigSize = statSync(logFile).size;
      writeFileSync(`${logFile}.1`, 'the run before that\n');
      const first = await startRedisServer({ dataDir, appendOnly: false });
      await first.stop();
      assert.equal(statSync(`${logFile}.1`).size, bigSize, 'the big log is kept as redis.log.1, replacing the one before');
      const fresh = readFileSync(logFile, 'utf8');
      assert.ok(!fresh.includes('an earlier run'), 'the new log starts afresh');
      assert.match(fresh, /Ready to accept connections/);

      const second = await startRedisServer({ dataDir, appendOnly: false });
      await second.stop();
      const appended = readFileSync(logFile, 'utf8');
      assert.ok(appended.startsWith(fresh), 'a log under the limit is appended to');
      assert.equal((appended.match(/Ready to accept connections/g) ?? []).length, 2);
      assert.equal(statSync(`${logFile}.1`).size, bigSize);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a private redis-server in the data dir', { skip }, () => {
  it('when Redis keeps its files in the data dir, then its folder is the owner\'s alone (0700), a folder made earlier with wider rights included', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vd-redis-mode-'));
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'vd-redis-mode-'));
    try {
      mkdirSync(path.join(dataDir, 'redis'), { mode: 0o755 });
      chmodSync(path.join(dataDir, 'redis'), 0o755);
      for (const dir of [dataDir, fresh]) {
        const server = await startRedisServer({ dataDir: dir, appendOnly: true });
        await server.stop();
        assert.equal(statSync(path.join(dir, 'redis')).mode & 0o777, 0o700, dir);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('when a client does not give the password, then the private redis-server refuses it; the password is in its owner-only config file, not on its command line', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vd-redis-auth-'));
    const server = await startRedisServer({ dataDir, appendOnly: false });
    try {
      const { password, port } = new URL(server.url);
      assert.ok(password.length >= 40, 'a long random password');
      const anonymous = new Redis({ host: '127.0.0.1', port: Number(port), lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
      anonymous.on('error', () => {});
      try {
        await anonymous.connect();
        await assert.rejects(anonymous.set('forged', 'job'), /NOAUTH/);
      } finally {
        anonymous.disconnect();
      }
      const owner = new Redis(server.url, { maxRetriesPerRequest: 0 });
      try {
        assert.equal(await owner.set('queued', 'job'), 'OK');
      } finally {
        owner.disconnect();
      }
      assert.ok(!readFileSync(`/proc/${redisPid(dataDir)}/cmdline`, 'utf8').includes(password), 'not on the command line');
      const configFile = path.join(dataDir, 'redis', 'redis.conf');
      assert.equal(statSync(configFile).mode & 0o777, 0o600);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('when the redis-server dies under the process, then it is told and the server is started again on the same port with its data; after too many deaths in a minute it stays down', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vd-redis-restart-'));
    const exits: RedisServerExit[] = [];
    const server = await startRedisServer({ dataDir, appendOnly: true, onUnexpectedExit: (exit) => void exits.push(exit) });
    const pidOf = () => redisPid(dataDir);
    const answers = async () => {
      const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => {});
      try {
        await client.connect();
        return await client.get('kept');
      } catch {
        return undefined;
      } finally {
        client.disconnect();
      }
    };
    const waitFor = async (check: () => Promise<boolean> | boolean, what: string) => {
      for (let attempt = 0; attempt < 200; attempt += 1) {
        if (await check()) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.fail(`timed out waiting for ${what}`);
    };
    try {
      const writer = new Redis(server.url);
      await writer.set('kept', 'yes');
      await writer.quit();
      for (let death = 1; death <= maxRedisRestartsPerMinute; death += 1) {
        const pid = pidOf();
        process.kill(pid, 'SIGKILL');
        await waitFor(() => exits.length === death, `death ${death} reported`);
        assert.deepEqual([exits[death - 1]!.pid, exits[death - 1]!.signal, exits[death - 1]!.restarted], [pid, 'SIGKILL', true]);
        await waitFor(async () => (await answers()) === 'yes', `the server back on port ${server.port} with its data`);
      }
      process.kill(pidOf(), 'SIGKILL');
      await waitFor(() => exits.length === maxRedisRestartsPerMinute + 1, 'the last death reported');
      assert.equal(exits.at(-1)!.restarted, false, 'too many deaths in a minute: left down');
      assert.equal(await answers(), undefined);
      await server.stop();
      assert.equal(exits.length, maxRedisRestartsPerMinute + 1, 'a stop is no unexpected exit');
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('when the redis-server dies and cannot be started again (redis-server gone from PATH), then each failed start counts as a death and it is reported left down', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vd-redis-nostart-'));
    const exits: RedisServerExit[] = [];
    const server = await startRedisServer({ dataDir, appendOnly: false, onUnexpectedExit: (exit) => void exits.push(exit) });
    const savedPath = process.env.PATH;
    try {
      process.env.PATH = '/nonexistent';
      process.kill(redisPid(dataDir), 'SIGKILL');
      for (let attempt = 0; attempt < 100 && exits.at(-1)?.restarted !== false; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(exits.map((exit) => exit.restarted), [...Array(maxRedisRestartsPerMinute).fill(true), false], 'the kill, then every start that failed');
      assert.equal(exits[0]!.signal, 'SIGKILL');
    } finally {
      process.env.PATH = savedPath;
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
