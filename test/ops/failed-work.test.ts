/**
 * Failed work, found and put back by an operator with the commands (`npm run store:failed`,
 * `npm run store:retry`), end to end: the worker service on PostgreSQL and Redis gives up on a
 * task mail a real SMTP server refuses (550) and on an event for a procedure it does not have;
 * once a worker with the procedure and a working SMTP server runs, `store:retry` puts both back
 * and the worker's reconciler carries them out.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@vinh-danh/config';
import { openRuntime, type Runtime, type WorkflowDefinition } from '@vinh-danh/engine';
import { startMailCapture, type MailCapture } from '@vinh-danh/mail';
import { toJobId } from '@vinh-danh/queue';
import { startWorker, type WorkerProcess } from '@vinh-danh/worker';
import { definitions } from '@vinh-danh/workflows';
import { startRefusingSmtp } from '@vinh-danh/mail/testing';
import { dropSchema, postgresReachable, testLog, testPostgresUrl } from '../support/harness.ts';
import { runOps } from '../support/ops-cli.ts';
import { freshPrefix, stopTestRedis, testRedisUrl } from '../support/redis.ts';
import { waitFor } from '../support/wait.ts';

const pgSkip = await postgresReachable();
const allDefinitions = definitions as unknown as WorkflowDefinition[];

const approvers = {
  unitLeader: 'lanh.dao@donvi.gov.vn',
  unitLeaderEscalation: 'cap.tren@donvi.gov.vn',
  officer: 'thi.dua@sonoivu.gov.vn',
  officerEscalation: 'truong.ban@sonoivu.gov.vn',
};

describe('npm run store:failed | store:retry', () => {
  it('when retry is asked with no selection, two selections, a blank id or ids after one flag, or failed with a bad --limit or a retry option, then it exits 2 naming what was wrong', async () => {
    const env = { DATA_DIR: 'memory://' };
    const none = await runOps(['retry'], env);
    assert.equal(none.code, 2, none.output);
    assert.match(none.output, /retry needs exactly one of --all, --instance ID, --effect ID \(got none\)/);
    const two = await runOps(['retry', '--all', '--instance', 'abc'], env);
    assert.equal(two.code, 2, two.output);
    assert.match(two.output, /\(got --all and --instance\)/);
    const blank = await runOps(['retry', '--effect', ' '], env);
    assert.equal(blank.code, 2, blank.output);
    assert.match(blank.output, /--effect needs an id, got an empty one/);
    const limit = await runOps(['failed', '--limit', '0'], env);
    assert.equal(limit.code, 2, limit.output);
    assert.match(limit.output, /--limit must be a whole number from 1 to 10,000, got "0"/);
    const batch = await runOps(['import', '--in', 'x.ndjson', '--batch-size', 'many'], env);
    assert.equal(batch.code, 2, batch.output);
    assert.match(batch.output, /--batch-size must be a positive integer, got "many"/);
    for (const refused of [blank, limit, batch]) assert.match(refused.output, /Usage \(settings from the environment/, 'a usage error prints the usage');
    const foreign = await runOps(['failed', '--instance', 'abc'], env);
    assert.equal(foreign.code, 2, foreign.output);
    assert.match(foreign.output, /failed takes no --instance/);
    const spread = await runOps(['retry', '--instance', 'a', 'b'], env);
    assert.equal(spread.code, 2, spread.output);
    assert.match(spread.output, /Unexpected argument 'b'[\s\S]*--instance ID \[--instance ID …\]/);
  });

  describe('on PostgreSQL with the worker service', { skip: pgSkip }, () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const opsEnv = { DATABASE_URL: testPostgresUrl, DATABASE_SCHEMA: schema };
    const queuePrefix = freshPrefix('failed-work');
    let refusing: Awaited<ReturnType<typeof startRefusingSmtp>>;
    let capture: MailCapture;
    let gateway: Runtime;
    let worker: WorkerProcess | undefined;

    const workerConfig = async (smtpUrl: string) =>
      loadConfig({
        DATABASE_URL: testPostgresUrl,
        DATABASE_SCHEMA: schema,
        REDIS_URL: await testRedisUrl(),
        QUEUE_PREFIX: queuePrefix,
        SMTP_URL: smtpUrl,
        PUBLIC_URL: 'http://vinhdanh.test:8080',
        TASK_LINK_SECRET: 'failed-work-test-secret-0123456789abcdef',
        WORKER_CONCURRENCY: '4',
        RECONCILE_INTERVAL_MS: '200',
        OUTBOX_STALE_MS: '1000',
      });

    before(async () => {
      refusing = await startRefusingSmtp(550);
      capture = await startMailCapture();
      // Plays the gateway: starts nominations and dispatches approvals, with every procedure.
      gateway = await openRuntime({
        databaseUrl: testPostgresUrl,
        dbSchema: schema,
        dataDir: 'memory://',
        redisUrl: await testRedisUrl(),
        queuePrefix,
        definitions: allDefinitions,
        log: testLog,
      });
    });
    after(async () => {
      await worker?.stop();
      await gateway?.close();
      await refusing?.stop();
      await capture?.stop();
      await stopTestRedis();
      await dropSchema(schema);
    });

    const startNomination = async (nomineeName: string) => {
      const nominationId = randomUUID();
      const { instanceId } = await gateway.engine.startInstance({
        definitionId: 'nomination-approval',
        input: { nominationId, submitter: 'can.bo@donvi.gov.vn', approvers },
        nomination: {
          nominationId,
          trackingCode: `VD-${nominationId.slice(0, 6).toUpperCase()}`,
          unitId: 'so-noi-vu',
          awardTypeId: 'bang-khen-tinh',
          period: '2025',
          nominee: { fullName: nomineeName },
          details: {},
        },
      });
      return instanceId;
    };
    const approveAsUnitLeader = (instanceId: string) =>
      gateway.engine.dispatch({ instanceId, eventId: 'approve-1', event: { type: 'approve', by: approvers.unitLeader }, meta: { actor: approvers.unitLeader } });
    const failedEffectsOf = async (instanceId: string) => (await gateway.store.outbox.listFailed(100)).filter((row) => row.instanceId === instanceId);
    /** Runs the worker service (every procedure) with its mail going to `smtpUrl`, in place of the one running. */
    const restartWorker = async (smtpUrl: string) => {
      await worker?.stop();
      worker = await startWorker({ config: await workerConfig(smtpUrl), log: testLog });
    };

    it('when a refused mail and an event for a missing procedure fail for good, then store:failed lists both and store:retry brings both through', async () => {
      // A worker deployed without the nomination-approval procedure, its mail refused by the server.
      worker = await startWorker({
        config: await workerConfig(refusing.smtpUrl),
        log: testLog,
        definitions: allDefinitions.filter((definition) => definition.id !== 'nomination-approval'),
      });
      const instanceId = await startNomination('Trần Văn Khải');
      await approveAsUnitLeader(instanceId);

      const store = gateway.store;
      await waitFor(
        async () => [await store.outbox.listFailed(100), await store.inbox.listFailed(100)] as const,
        ([effects, events]) => effects.some((row) => row.instanceId === instanceId) && events.some((row) => row.instanceId === instanceId),
        { what: 'the mail and the event given up on', timeoutMs: 30_000 },
      );
      const [failedMail] = (await store.outbox.listFailed(100)).filter((row) => row.instanceId === instanceId);
      assert.equal(failedMail!.type, 'sendMail');
      assert.match(failedMail!.error ?? '', /550/);

      const listed = await runOps(['failed'], opsEnv);
      assert.equal(listed.code, 3, `failed work makes store:failed exit 3; output:\n${listed.output}`);
      assert.match(listed.output, /Failed events: 1\n/);
      assert.match(listed.output, new RegExp(`instance ${instanceId}  event approve-1 \\(approve\\)\\n    UnknownDefinitionError: [^\\n]*nomination-approval`));
      assert.match(listed.output, /Failed effects: 1\n/);
      assert.match(listed.output, new RegExp(`effect ${failedMail!.effectId.replace(/\./g, '\\.')} \\(sendMail on mail\\)\\n    [^\\n]*550`));
      assert.equal(capture.messages().length, 0, 'nothing reached a mailbox');

      // The fix: a worker with every procedure, and a mail server that takes the mail.
      await restartWorker(capture.smtpUrl);
      // Failed work stays failed until an operator puts it back: the new worker's reconciler leaves it.
      await worker!.reconciler.runOnce();
      assert.equal((await store.outbox.listFailed(100)).filter((row) => row.instanceId === instanceId).length, 1);

      const typo = await runOps(['retry', '--effect', `${failedMail!.effectId}x`], opsEnv);
      assert.equal(typo.code, 1, typo.output);
      assert.match(typo.output, /Nothing put back: no failed event or effect matched/);
      // The mail by its id, with one id that names nothing failed: the mail goes back, the command says so and exits 1.
      const mailBack = await runOps(['retry', '--effect', failedMail!.effectId, '--effect', 'no-such-effect'], opsEnv);
      assert.equal(mailBack.code, 1, mailBack.output);
      assert.match(mailBack.output, /Put back 0 event\(s\) and 1 effect\(s\) as pending/);
      assert.match(mailBack.output, /1 of the effect ids given named no failed effect/);
      // Then the rest of the instance's failed work, its event, with a mistyped instance id beside it: said, and exit 1.
      const retried = await runOps(['retry', '--instance', instanceId, '--instance', `${instanceId}x`], opsEnv);
      assert.equal(retried.code, 1, retried.output);
      assert.match(retried.output, /Put back 1 event\(s\) and 0 effect\(s\) as pending/);
      assert.match(retried.output, new RegExp(`No instance has the id\\(s\\) ${instanceId}x\\.`));

      // The mail refused before goes out under its own Message-ID, and the approval applies.
      const mail = await capture.waitFor((message) => message.to === approvers.unitLeader && message.messageId.includes(instanceId), 30_000);
      assert.equal(capture.deliveries(mail.messageId), 1);
      await waitFor(() => store.history.list(instanceId), (history) => history.some((entry) => entry.eventId === 'approve-1'), {
        what: 'the approval in the history',
        timeoutMs: 30_000,
      });
      const instance = await store.instances.get(instanceId);
      assert.match(instance!.stateValue, /^officerReview/);
      await capture.waitFor((message) => message.to === approvers.officer && message.messageId.includes(instanceId), 30_000);
      await waitFor(() => store.outbox.get(failedMail!.effectId), (row) => row?.done === true, { what: 'the retried mail marked done' });
      // BullMQ's job of the refused mail was revived, its attempts counted afresh: one, the one that sent it.
      const mailJob = await gateway.queues.mail.getJob(toJobId(failedMail!.effectId));
      assert.equal(await mailJob?.getState(), 'completed');
      assert.equal(mailJob?.attemptsMade, 1);

      const after = await runOps(['failed'], opsEnv);
      assert.equal(after.code, 0, after.output);
      assert.match(after.output, /Nothing failed: no event or effect was given up on\./);
      const again = await runOps(['retry', '--all'], opsEnv);
      assert.equal(again.code, 1, again.output);
      assert.match(again.output, /Nothing put back: no failed event or effect matched/);
      // The instance, now with nothing failed, named again beside a mistyped id: each said for what it is.
      const idle = await runOps(['retry', '--instance', instanceId, '--instance', `${instanceId}x`], opsEnv);
      assert.equal(idle.code, 1, idle.output);
      assert.match(idle.output, /Nothing put back: no failed event or effect matched/);
      assert.match(idle.output, new RegExp(`The instance\\(s\\) ${instanceId} held no failed event or effect\\.`));
      assert.match(idle.output, new RegExp(`No instance has the id\\(s\\) ${instanceId}x\\.`));
    });

    it('when a refused task mail is put back after its task was acted on, then it is not sent and its effect is done, while the next reviewer\'s mail goes out', async () => {
      await restartWorker(refusing.smtpUrl);
      const instanceId = await startNomination('Phạm Thị Hoa');
      await waitFor(() => failedEffectsOf(instanceId), (rows) => rows.length === 1, { what: "the unit leader's task mail given up on", timeoutMs: 30_000 });
      // The unit leader approves all the same (an earlier link, the task list): the task closes,
      // and the officer's task mail is refused in turn.
      await approveAsUnitLeader(instanceId);
      const failed = await waitFor(() => failedEffectsOf(instanceId), (rows) => rows.length === 2, { what: "the officer's task mail given up on", timeoutMs: 30_000 });
      assert.deepEqual(failed.map((row) => (row.payload as { to?: string }).to).sort(), [approvers.officer, approvers.unitLeader].sort());

      await restartWorker(capture.smtpUrl);
      const retried = await runOps(['retry', '--instance', instanceId], opsEnv);
      assert.equal(retried.code, 0, retried.output);
      assert.match(retried.output, /Put back 0 event\(s\) and 2 effect\(s\) as pending/);

      const officerMail = await capture.waitFor((message) => message.to === approvers.officer && message.messageId.includes(instanceId), 30_000);
      assert.ok(officerMail.text.includes('/tasks/'), 'the open task\'s mail carries its link');
      await waitFor(
        () => Promise.all(failed.map((row) => gateway.store.outbox.get(row.effectId))),
        (rows) => rows.every((row) => row?.done === true),
        { what: 'both retried mails done', timeoutMs: 30_000 },
      );
      const toUnitLeader = capture.messages().filter((message) => message.to === approvers.unitLeader && message.messageId.includes(instanceId));
      assert.deepEqual(toUnitLeader, [], 'the mail about the closed task did not go out');
      assert.equal((await failedEffectsOf(instanceId)).length, 0);
    });
  });
});
