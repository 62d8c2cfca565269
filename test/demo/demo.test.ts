/**
 * `npm run demo` as a user runs it, in this process: the seed cluster's year through the whole
 * system (all-in-one, PGlite, the test Redis, a mail catcher), every person simulated through
 * the links mailed to them. Checks the outcome the summary prints, not just that it ended.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '@vinh-danh/queue';
import { Redis } from 'ioredis';
import { formatSummary, runDemo } from '@vinh-danh/demo';
import { freshPrefix, stopTestRedis, testRedisUrl } from '../support/redis.ts';

after(stopTestRedis);

/**
 * `npm run demo` in a child process with `env`, days of an hour (the year is far from over when
 * a test stops it); resolves once it printed `marker`, with its output so far and its exit.
 */
async function demoProcessUntil(env: Record<string, string>, marker: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/demo/src/main.ts'], {
    env: { ...process.env, DEMO_DAY_MS: '3600000', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const reached = new Promise<boolean>((resolve) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) resolve(true);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then(() => resolve(false));
  });
  assert.ok(await reached, `it printed "${marker}": ${output}`);
  return { child, exited, output: () => output };
}

describe('npm run demo', () => {
  it('when REDIS_URL names a Redis that does not answer, then it exits 1 saying so, and removes its data folder', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/demo/src/main.ts'], {
      env: { ...process.env, DEMO_DAY_MS: '3600000', LOG_LEVEL: 'silent', REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_PREFIX: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Bounded: a demo that hangs is killed, and the test fails on its exit.
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    try {
      assert.equal(await exited, 1, output);
    } finally {
      clearTimeout(guard);
    }
    assert.match(output, new RegExp(`Redis at redis://127\\.0\\.0\\.1:${port} did not answer`));
    const folder = /data in ([^;]+);/.exec(output)?.[1];
    assert.ok(folder && !existsSync(folder), `its data folder ${folder} is removed`);
  });

  it('when the seed cluster replays its year, then it concludes, its leading units are decided and the chair is handed over', { timeout: 600_000 }, async () => {
    const lines: string[] = [];
    const summary = await runDemo({
      seed: 2023,
      dayMs: 300,
      timeoutMs: 480_000,
      print: (line) => lines.push(line),
      env: { REDIS_URL: await testRedisUrl(), QUEUE_PREFIX: freshPrefix('demo'), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
    });

    assert.equal(summary.outcome, 'concluded');
    assert.equal(summary.ranking.length, 7, 'all seven members ranked');
    for (const [index, row] of summary.ranking.entries()) {
      assert.ok(row.rank >= 1 && row.rank <= index + 1, `rank ${row.rank} at place ${index + 1}`);
      if (index > 0) assert.ok(row.total <= summary.ranking[index - 1]!.total, 'ranked by total, best first');
    }
    assert.ok(summary.rounds.length >= 1, 'a secret ballot was held');
    for (const round of summary.rounds) {
      assert.ok(round.cast <= round.eligible);
      assert.equal(Object.values(round.counts).reduce((sum, count) => sum + count, 0) <= round.cast, true, 'no more votes than ballots');
    }
    assert.ok(summary.nominations.length >= 1, 'a leading unit was proposed');
    assert.deepEqual(summary.nominations.map((nomination) => nomination.status), summary.nominations.map(() => 'approved'));
    assert.equal(summary.decisions.length, summary.nominations.length, 'one decision per nomination');
    for (const decision of summary.decisions) assert.match(decision.number, /^\d+\//);
    assert.deepEqual(new Set(summary.decisions.map((decision) => decision.unitId)), new Set(summary.nominations.map((nomination) => nomination.unitId)));
    assert.ok(summary.handover, 'next year’s chair and deputy recorded');
    assert.notEqual(summary.handover.chair, summary.handover.deputy);
    assert.ok(summary.actions >= 7 * 3, 'every member acted through its links (sign, assess, score at least)');

    const printed = formatSummary(summary);
    assert.match(printed, /Ranking:/);
    assert.match(printed, /Decisions:\n {2}\d+\//);
    assert.ok(lines.some((line) => line.includes('Year-end evaluation of 2022 started')), 'progress is shown while it runs');
  });

  it('when Ctrl+C stops it midway, then its own redis-server and its data folder go with it, and it exits 1', { timeout: 120_000 }, async () => {
    // Without REDIS_URL it starts a redis-server of its own, in a process group the terminal's signal does not reach.
    const demo = await demoProcessUntil({ REDIS_URL: '' }, 'Year-end evaluation of 2022 started');
    const dataDir = /data in ([^;]+);/.exec(demo.output())![1]!;
    const redisPid = Number(readFileSync(path.join(dataDir, 'redis', 'redis.pid'), 'utf8').trim());
    assert.ok(redisPid > 0);

    demo.child.kill('SIGINT');
    assert.equal(await demo.exited, 1, demo.output());
    assert.match(demo.output(), /SIGINT: stopping the demo/);
    assert.match(demo.output(), /demo failed: the demo was stopped/);
    assert.equal(existsSync(dataDir), false, 'its data folder is gone');
    const alive = (() => {
      try {
        process.kill(redisPid, 0);
        return true;
      } catch {
        return false;
      }
    })();
    assert.equal(alive, false, `its redis-server (pid ${redisPid}) stopped`);
  });

  it('when it runs on a Redis given by REDIS_URL without QUEUE_PREFIX and is stopped, then its queues had a prefix of their own, and nothing under it is left', { timeout: 120_000 }, async () => {
    const url = await testRedisUrl();
    const demo = await demoProcessUntil({ REDIS_URL: url, QUEUE_PREFIX: '' }, 'Year-end evaluation of 2022 started');
    const prefix = /queues prefixed (vinhdanh-demo-[0-9a-f]{8})/.exec(demo.output())?.[1];
    assert.ok(prefix, demo.output());
    const redis = new Redis(url);
    try {
      assert.ok((await redis.keys(`${prefix}:*`)).length > 0, 'its queues are in use while it runs');
      demo.child.kill('SIGINT');
      assert.equal(await demo.exited, 1, demo.output());
      assert.deepEqual(await redis.keys(`${prefix}:*`), [], 'nothing of its queues is left');
    } finally {
      redis.disconnect();
    }
  });
});
