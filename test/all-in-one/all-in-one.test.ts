/**
 * `npm start` on a fresh machine: the all-in-one process with nothing configured but a data
 * dir and a port, as a person would run it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadOrCreateTaskLinkSecret } from '@vinh-danh/all-in-one';
import type { CapturedMail } from '@vinh-danh/mail';
import { startTsProcess, waitForOutput, type RunningChild } from '../support/child-process.ts';
import { portAccepts, tempDirs } from '../support/temp-dirs.ts';
import { waitFor } from '../support/wait.ts';

const tempDir = tempDirs('vd-all-in-one-');

/** The value printed after `label:` in the start-up banner. */
const printed = (output: string, label: string) => {
  const match = output.match(new RegExp(`^\\s+${label}:\\s+(\\S+)`, 'm'));
  assert.ok(match, `the banner prints ${label}:\n${output}`);
  return match[1]!;
};

describe('the all-in-one start with nothing configured', () => {
  let running: RunningChild;
  let dataDir: string;
  let output: string;
  before(async () => {
    dataDir = tempDir();
    running = startTsProcess('services/all-in-one/src/main.ts', { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' });
    await waitForOutput(running, /Press Ctrl\+C to stop\./, 120_000);
    output = running.output();
  });
  // Stopped as a person would (its private redis-server stops with it); killed only if it hangs.
  after(async () => {
    if (running?.child.exitCode !== null) return;
    running.child.kill('SIGTERM');
    const hung = setTimeout(() => running.child.kill('SIGKILL'), 15_000);
    await running.exited;
    clearTimeout(hung);
  });

  it('when it has started, then it prints its URLs and serves home, form, cluster, health, readiness and the dev inbox', async () => {
    const form = printed(output, 'Form');
    assert.match(form, /^http:\/\/localhost:\d+\/nominations\/new$/);
    assert.ok(!form.includes(':0/'), 'a real port, so mailed links work');
    for (const label of ['Home', 'Form', 'Health', 'Ready']) {
      assert.equal((await fetch(printed(output, label))).status, 200, label);
    }
    // The seeded cluster: its signed 2023 agreement with the member provinces.
    const cluster = await fetch(printed(output, 'Cluster'));
    assert.equal(cluster.status, 200);
    assert.match(await cluster.text(), /Cụm thi đua các tỉnh Trung du và miền núi phía Bắc/);
    const inbox = await fetch(`${printed(output, 'Dev mail')}?format=json`);
    assert.equal(inbox.status, 200);
    assert.ok(Array.isArray(await inbox.json()));
    assert.match(await (await fetch(printed(output, 'Dev mail'))).text(), /Development inbox/);
  });

  it("when a nomination is submitted, then the unit council's ballot mails reach the dev inbox and the head's link opens the ballot", async () => {
    const base = printed(output, 'Home').replace(/\/$/, '');
    const response = await fetch(`${base}/api/nominations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        nominee: { kind: 'individual', name: 'Nguyễn Thị <b>Hoa</b>', identifier: '024185000123' },
        unitId: 'so-noi-vu-bac-giang',
        awardTypeId: 'bang-khen-bo-nganh-tinh',
        period: String(new Date().getUTCFullYear()),
        achievementSummary: 'Hoàn thành xuất sắc nhiệm vụ năm.',
        contact: { name: 'Trần Văn Bình', email: 'tran.binh@sonoivu.bacgiang.example' },
      }),
    });
    assert.equal(response.status, 202, await response.clone().text());
    const { trackingCode } = (await response.json()) as { trackingCode: string };
    const [mail] = await waitFor(
      async () =>
        ((await (await fetch(`${base}/dev/mail/messages.json`)).json()) as CapturedMail[]).filter(
          (m) => m.text.includes(trackingCode) && m.to === 'giam-doc@sonoivu.bacgiang.example',
        ),
      (mails) => mails.length > 0,
      { what: "the head's ballot mail in the dev inbox" },
    );
    assert.equal(mail!.to, 'giam-doc@sonoivu.bacgiang.example');
    assert.ok(mail!.subject.includes('Nguyễn Thị <b>Hoa</b>'));
    assert.ok(mail!.html?.includes('Nguyễn Thị &lt;b&gt;Hoa&lt;/b&gt;'));
    const link = mail!.text.match(new RegExp(`${base}/tasks/[A-Za-z0-9_-]{43}`));
    assert.ok(link, mail!.text);
    const task = await fetch(link[0]);
    assert.equal(task.status, 200);
    assert.ok((await task.text()).includes(trackingCode));
  });

  it('when it gets SIGTERM, then it exits 0 and its private redis-server stops with it', async () => {
    const redisPort = Number(new URL(printed(output, 'Redis')).port);
    assert.equal(await portAccepts(redisPort), true, 'the private redis-server runs');
    const secretFile = path.join(dataDir, 'task-link-secret');
    assert.equal(statSync(secretFile).mode & 0o777, 0o600);
    running.child.kill('SIGTERM');
    const { code } = await running.exited;
    assert.equal(code, 0, running.output());
    assert.equal(await portAccepts(redisPort), false, 'the private redis-server stopped with it');
  });
});

describe('the all-in-one start in production', () => {
  it('when NODE_ENV=production and SMTP_URL is unset, then it exits 1 naming SMTP_URL, before it serves anything', async () => {
    const dataDir = tempDir();
    const running = startTsProcess('services/all-in-one/src/main.ts', {
      NODE_ENV: 'production',
      TASK_LINK_SECRET: 'a-production-secret-of-at-least-32-characters',
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'info',
    });
    const { code } = await running.exited;
    assert.equal(code, 1, running.output());
    assert.match(running.output(), /SMTP_URL: required when NODE_ENV=production/);
    assert.ok(!running.output().includes('Press Ctrl+C'), 'nothing was served');
    assert.ok(!running.output().includes('a-production-secret'), 'the secret is not echoed');
  });
});

describe('the task-link secret of a data dir', () => {
  it('when the data dir has none, then one is made with mode 0600; when it has one, then it is kept', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const first = loadOrCreateTaskLinkSecret(dataDir);
    assert.ok(first.length >= 32);
    assert.equal(statSync(path.join(dataDir, 'task-link-secret')).mode & 0o777, 0o600);
    assert.equal(readFileSync(path.join(dataDir, 'task-link-secret'), 'utf8').trim(), first);
    assert.equal(loadOrCreateTaskLinkSecret(dataDir), first, 'links already mailed keep working after a restart');
    // Written whole beside it, then linked into place: no draft is left behind.
    assert.deepEqual(readdirSync(dataDir), ['task-link-secret']);
  });
});
