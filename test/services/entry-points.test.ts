/**
 * The services' entry points (services/<name>/src/main.ts) as real processes: a stop signal
 * while their modules load, and configuration problems they report before anything starts.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startTsProcess, waitForOutput } from '../support/child-process.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs('vd-entry-');

describe('a service entry point', () => {
  for (const [service, signal] of [['worker', 'SIGTERM'], ['gateway', 'SIGINT'], ['all-in-one', 'SIGHUP']] as const) {
    it(`when the ${service} gets ${signal} while its modules still load, then it exits 0 saying so, having started nothing`, async () => {
      const running = startTsProcess(`services/${service}/src/main.ts`, {
        DATA_DIR: tempDir(),
        PORT: '0',
        LOG_LEVEL: 'info',
        // The gateway needs one; a start that got that far would be seen below all the same.
        TASK_LINK_SECRET: 'a-test-secret-of-at-least-32-characters-long',
      });
      await waitForOutput(running, `"msg":"${service} loading"`);
      running.child.kill(signal);
      const { code, signal: killedBy } = await running.exited;
      const output = running.output();
      assert.equal(killedBy, null, output);
      assert.equal(code, 0, output);
      assert.match(output, new RegExp(`"signal":"${signal}".*"msg":"${service} stopped while loading: nothing had started"`));
      // Loading takes a couple of seconds: the signal came before the service's own handlers, which log this.
      assert.ok(!output.includes(`"msg":"${service} starting"`), output);
    });
  }

  it('when the gateway has no TASK_LINK_SECRET and a bad PORT, then it exits 1 naming both in one report', async () => {
    const running = startTsProcess('services/gateway/src/main.ts', { DATA_DIR: tempDir(), PORT: 'eighty' });
    const { code } = await running.exited;
    const output = running.output();
    assert.equal(code, 1, output);
    assert.match(output, /PORT: must be a whole number \(digits only\) \(got "eighty"\)/);
    assert.match(output, /TASK_LINK_SECRET: required; the gateway signs its CSRF tokens with it/);
    assert.ok(!output.includes('gateway starting'), output);
  });

  for (const service of ['gateway', 'worker'] as const) {
    it(`when the ${service} runs in production without PUBLIC_URL, DATABASE_URL and REDIS_URL, then it exits 1 naming each, having started nothing`, async () => {
      const dataDir = tempDir();
      const running = startTsProcess(`services/${service}/src/main.ts`, {
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        TASK_LINK_SECRET: 'a-test-secret-of-at-least-32-characters-long',
        SMTP_URL: 'smtp://127.0.0.1:2525',
      });
      const { code } = await running.exited;
      const output = running.output();
      assert.equal(code, 1, output);
      // Unset, mails would link to localhost, and each process would keep a store and a Redis of its own.
      assert.match(output, /PUBLIC_URL: required when NODE_ENV=production; the links in mails and pages are made of it/);
      assert.match(output, /DATABASE_URL: required when NODE_ENV=production; unset, each process keeps an embedded store of its own/);
      assert.match(output, /REDIS_URL: required when NODE_ENV=production; unset, each process starts a redis-server of its own/);
      assert.ok(!output.includes(`"msg":"${service} starting`), output);
      assert.deepEqual(readdirSync(dataDir), [], 'no store, no redis-server files');
    });
  }
});
