/**
 * Deadlines in working days on a real store and Redis: an engine with a working calendar opens
 * a commendation level's task, its deadline timer and its reminder when the level's working
 * days end (Tết and the weekend skipped), and the submitter's resubmission window likewise; a
 * level resolved without working days (a route from before, or for a test's short day) keeps
 * the machine's milliseconds.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { vietnamCalendar, type ResolvedLevel } from '@vinh-danh/domain';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import { commendationDefinition } from '@vinh-danh/workflows';
import { decisionLevel, inputFor, reviewLevel } from '../../workflows/commendation/commendation.test-support.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

const day = 24 * 60 * 60 * 1000;
const vn = (local: string) => Date.parse(`${local}+07:00`);
const calendar = vietnamCalendar({ holidays: ['2026-02-14..2026-02-22'] });

/** A review of 3 working days (≈ 4.2 calendar days without a calendar), its reminder a day before. */
const review = (workingDays: boolean): ResolvedLevel => ({
  ...reviewLevel('unitReview'),
  deadlineMs: Math.round(3 * 1.4 * day),
  reminderBeforeMs: day,
  escalationWindowMs: Math.round(3 * 1.4 * day),
  ...(workingDays ? { deadlineWorkingDays: 3, escalationWorkingDays: 3 } : {}),
});

describe('deadlines in working days (engine with a calendar)', () => {
  let harness: Harness;
  let now = vn('2026-02-12T10:00:00');
  before(async () => {
    harness = await startHarness({ definitions: [commendationDefinition as unknown as WorkflowDefinition], calendar, clock: { now: () => now } });
  });
  after(() => harness?.close());

  async function start(workingDays: boolean) {
    const input = inputFor([review(workingDays), decisionLevel('decision')], {
      nominationId: randomUUID(),
      ...(workingDays ? { resubmitWorkingDays: 10 } : {}),
      resubmitWindowMs: 14 * day,
    });
    const { instanceId } = await harness.runtime.engine.startInstance({ definitionId: 'commendation', input });
    return instanceId;
  }
  const openTask = async (instanceId: string, step: string) =>
    (await waitFor(() => harness.runtime.store.tasks.listByInstance(instanceId), (tasks) => tasks.some((task) => task.status === 'open' && task.step === step), { what: `${step} task` })).find(
      (task) => task.status === 'open' && task.step === step,
    )!;
  const pendingTimers = async (instanceId: string) =>
    (await harness.runtime.store.timers.listPending(new Date(now + 400 * day), 1000)).filter((timer) => timer.instanceId === instanceId);

  it('when a level of 3 working days opens on the Thursday before Tết, then its task and deadline end with the Tuesday after, the reminder a day before', async () => {
    const instanceId = await start(true);
    // Friday 13 is day 1; Tết runs Saturday 14 to Sunday 22; Monday 23 is day 2, Tuesday 24 day 3.
    const due = vn('2026-02-25T00:00:00');
    assert.equal((await openTask(instanceId, 'unitReview')).dueAt?.getTime(), due);
    const timers = await pendingTimers(instanceId);
    const dueOf = (delay: string) => timers.find((timer) => timer.event.type.startsWith(`xstate.after.${delay}.`))?.dueAt.getTime();
    assert.equal(dueOf('levelDeadline'), due);
    assert.equal(dueOf('levelReminder'), due - day);
  });

  it('when changes are asked for on a Monday, then the submitter has until 10 working days end', async () => {
    const instanceId = await start(true);
    now = vn('2026-03-02T09:00:00');
    await harness.runtime.engine.dispatch({ instanceId, eventId: randomUUID(), event: { type: 'requestChanges', by: 'unitReview.officer', comment: 'Bổ sung minh chứng.' } });
    // 3–6 March, 9–13 March, Monday 16: ten working days.
    assert.equal((await openTask(instanceId, 'resubmit')).dueAt?.getTime(), vn('2026-03-17T00:00:00'));
  });

  it('when a level carries no working days, then its deadline is the machine\'s milliseconds from now', async () => {
    now = vn('2026-02-12T10:00:00');
    const instanceId = await start(false);
    assert.equal((await openTask(instanceId, 'unitReview')).dueAt?.getTime(), now + Math.round(3 * 1.4 * day));
    const deadline = (await pendingTimers(instanceId)).find((timer) => timer.event.type.startsWith('xstate.after.levelDeadline.'));
    assert.equal(deadline?.dueAt.getTime(), now + Math.round(3 * 1.4 * day));
  });
});
