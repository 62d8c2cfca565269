/**
 * An effect whose handler ran but whose "done" mark failed for a moment: the mark is retried in
 * the job, so the handler (a mail's send) is not run again. Real Redis, real PGlite store; the
 * store's outbox.markDone is made to fail, over the real one, for the first attempts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import { definitions } from '@vinh-danh/workflows';
import { startApproval } from '../support/approval-runs.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

describe('an effect carried out whose done mark fails for a moment (real Redis and store)', () => {
  let harness: Harness;
  /** Every send the mail handler was asked for, by effect id: a repeat would be a second mail. */
  const sends: string[] = [];
  before(async () => {
    harness = await startHarness({
      definitions: definitions as unknown as WorkflowDefinition[],
      extraHandlers: () => ({
        async sendMail(_payload, context) {
          sends.push(context.effectId);
        },
      }),
    });
  });
  after(async () => {
    await harness?.close();
  });

  it('when markDone fails twice after the mail went out, then the mail is sent once and the effect ends done', async () => {
    const { outbox } = harness.runtime.store;
    const markDone = outbox.markDone.bind(outbox);
    let failures = 0;
    outbox.markDone = async (effectId) => {
      if (failures < 2) {
        failures += 1;
        throw new Error('connection reset by the store (injected)');
      }
      return markDone(effectId);
    };
    try {
      const { instanceId } = await startApproval(harness.runtime.engine, { unitLeaderReviewMs: 3_600_000, reminderBeforeMs: 60_000 });
      const sent = await waitFor(
        async () => {
          const effectId = sends.find((candidate) => candidate.startsWith(instanceId));
          return effectId ? harness.runtime.store.outbox.get(effectId) : null;
        },
        (row) => row?.done === true,
        { what: 'the task mail carried out and marked done' },
      );
      assert.equal(sent?.type, 'sendMail');
      const mine = sends.filter((effectId) => effectId.startsWith(instanceId));
      assert.equal(mine.length, 1, `one send, not one per failed mark: ${mine.join(', ')}`);
      assert.equal(failures, 2);
    } finally {
      outbox.markDone = markDone;
    }
  });
});
