/**
 * The worker service sending real mail over SMTP to the development capture server: the
 * bilingual templates, the task links the gateway resolves, and dedupe of a retried mail.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@vinh-danh/config';
import { createDefaultEffectHandlers } from '@vinh-danh/engine';
import { createMailRenderer, createSmtpMailer, startMailCapture, type CapturedMail, type MailCapture } from '@vinh-danh/mail';
import { createTaskLinks } from '@vinh-danh/task-links';
import { startWorker, type WorkerProcess } from '@vinh-danh/worker';
import { testLog } from '../support/harness.ts';
import { freshPrefix, stopTestRedis, testRedisUrl } from '../support/redis.ts';
import { waitFor } from '../support/wait.ts';

const approvers = {
  unitLeader: 'lanh.dao@donvi.gov.vn',
  unitLeaderEscalation: 'cap.tren@donvi.gov.vn',
  officer: 'thi.dua@sonoivu.gov.vn',
  officerEscalation: 'truong.ban@sonoivu.gov.vn',
};
const submitter = 'can.bo@donvi.gov.vn';
const publicUrl = 'http://vinhdanh.test:8080';
const secret = 'worker-mail-test-secret-0123456789abcdef';

describe('the worker with SMTP mail', () => {
  let capture: MailCapture;
  let worker: WorkerProcess;
  const config = async () =>
    loadConfig({
      DATA_DIR: 'memory://',
      REDIS_URL: await testRedisUrl(),
      QUEUE_PREFIX: freshPrefix('mail'),
      SMTP_URL: capture.smtpUrl,
      MAIL_FROM: 'Vinh Danh <no-reply@vinhdanh.test>',
      PUBLIC_URL: publicUrl,
      TASK_LINK_SECRET: secret,
      WORKER_CONCURRENCY: '4',
    });

  before(async () => {
    capture = await startMailCapture();
    worker = await startWorker({ config: await config(), log: testLog });
  });
  after(async () => {
    await worker?.stop();
    await capture?.stop();
    await stopTestRedis();
  });

  const startNomination = async () => {
    const nominationId = randomUUID();
    const trackingCode = `VD-${nominationId.slice(0, 6).toUpperCase()}`;
    const { instanceId } = await worker.runtime.engine.startInstance({
      definitionId: 'nomination-approval',
      input: { nominationId, submitter, approvers },
      nomination: {
        nominationId,
        trackingCode,
        unitId: 'so-noi-vu',
        awardTypeId: 'bang-khen-tinh',
        period: '2025',
        nominee: { fullName: 'Nguyễn Thị Ánh Tuyết' },
        details: {},
      },
    });
    return { instanceId, nominationId, trackingCode };
  };
  const ofInstance = (instanceId: string, to: string) => (mail: CapturedMail) => mail.to === to && mail.messageId.includes(instanceId);

  it('when a nomination starts, then the unit leader gets a bilingual task mail whose link resolves to the open task', async () => {
    const { instanceId, trackingCode } = await startNomination();
    const mail = await capture.waitFor(ofInstance(instanceId, approvers.unitLeader), 30_000);
    assert.equal(mail.subject, `[Vinh Danh] Hồ sơ đề nghị khen thưởng chờ Ông/Bà xử lý / A nomination awaits your review: Nguyễn Thị Ánh Tuyết – ${trackingCode}`);
    assert.equal(mail.from, 'no-reply@vinhdanh.test');
    assert.match(mail.messageId, /^<[^@]+@vinhdanh\.test>$/, 'a Message-ID on the sender\'s domain (MAIL_FROM)');
    assert.ok(mail.text.includes('Thủ trưởng đơn vị xem xét'));
    assert.ok(mail.html?.includes('Nguyễn Thị Ánh Tuyết'));

    const link = mail.text.match(/http:\/\/vinhdanh\.test:8080\/tasks\/([A-Za-z0-9_-]+)/);
    assert.ok(link, mail.text);
    const token = link[1]!;
    const taskLinks = createTaskLinks({ secret, publicUrl });
    assert.equal(taskLinks.isWellFormed(token), true);
    assert.equal(Buffer.from(token, 'base64url').length, 32, '256 bits');
    // What the gateway does with a clicked link: hash the token, find the task by it.
    const task = await waitFor(() => worker.runtime.store.tasks.getByTokenHash(taskLinks.hashToken(token)), (found) => found !== null, {
      what: 'task stored with the link token hash',
    });
    assert.equal(task?.taskId, `${instanceId}/unitLeaderReview-1`);
    assert.equal(task?.assignee, approvers.unitLeader);
    assert.equal(task?.status, 'open');
    assert.ok(task?.tokenExpiresAt && task.tokenExpiresAt.getTime() === task.dueAt?.getTime(), 'the link lives as long as the task');
  });

  it('when a mail effect is carried out again after it was sent (a retry), then the capture keeps one message', async () => {
    const { instanceId } = await startNomination();
    const first = await capture.waitFor(ofInstance(instanceId, approvers.unitLeader), 30_000);
    const effectId = first.messageId.replace(/^<|@.*$/g, '');
    const row = await worker.runtime.store.outbox.get(effectId);
    assert.ok(row, `outbox row ${effectId}`);
    assert.equal(row.type, 'sendMail');

    // The same handler a retried job runs, with its own SMTP connection: the mail goes out again.
    const mailer = createSmtpMailer({ smtpUrl: capture.smtpUrl, from: 'Vinh Danh <no-reply@vinhdanh.test>' });
    try {
      const handlers = createDefaultEffectHandlers({
        store: worker.runtime.store,
        mailer,
        renderMail: createMailRenderer({ taskLinks: createTaskLinks({ secret, publicUrl }), publicUrl, store: worker.runtime.store }),
      });
      await handlers.sendMail!(row.payload, { effectId, instanceId, log: testLog });
      await handlers.sendMail!(row.payload, { effectId, instanceId, log: testLog });
    } finally {
      mailer.close();
    }
    assert.equal(capture.messages().filter((mail) => mail.messageId === first.messageId).length, 1);
  });

  it('when a mail job is delivered again after its effect was done (a re-drive, a duplicate job), then nothing goes out over SMTP a second time', async () => {
    const { instanceId } = await startNomination();
    const first = await capture.waitFor(ofInstance(instanceId, approvers.unitLeader), 30_000);
    const effectId = first.messageId.replace(/^<|@.*$/g, '');
    await waitFor(() => worker.runtime.store.outbox.get(effectId), (row) => row?.done === true, { what: 'the effect marked done' });
    assert.equal(capture.deliveries(first.messageId), 1);
    const row = (await worker.runtime.store.outbox.get(effectId))!;
    const again = await worker.runtime.queues.mail.add(row.type, { effectId, instanceId, type: row.type, payload: row.payload }, { jobId: `again-${randomUUID()}` });
    const done = await waitFor(() => worker.runtime.queues.mail.getJob(again.id!), (job) => Boolean(job?.finishedOn), { what: 'the duplicate job finished' });
    assert.equal(done!.returnvalue, 'already-done');
    assert.equal(capture.deliveries(first.messageId), 1, 'no second SMTP delivery');
  });

  it('when both reviewers approve, then the submitter gets the outcome mail with the tracking link', async () => {
    const { instanceId, trackingCode } = await startNomination();
    const { engine } = worker.runtime;
    await capture.waitFor(ofInstance(instanceId, approvers.unitLeader), 30_000);
    await engine.dispatch({ instanceId, eventId: 'leader-approves', event: { type: 'approve', by: approvers.unitLeader } });
    await capture.waitFor(ofInstance(instanceId, approvers.officer), 30_000);
    await engine.dispatch({ instanceId, eventId: 'officer-approves', event: { type: 'approve', by: approvers.officer } });
    const outcome = await capture.waitFor(ofInstance(instanceId, submitter), 30_000);
    assert.match(outcome.subject, /^\[Vinh Danh\] Hồ sơ đã được phê duyệt \/ Nomination approved/);
    assert.ok(outcome.text.includes(`${publicUrl}/track/${trackingCode}`));
  });
});
