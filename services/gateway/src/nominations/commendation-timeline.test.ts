import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEntry } from '@vinh-danh/store';
import { commendationTimelineText } from './commendation-timeline.ts';
import type { ProcedureView } from './procedure-view.ts';

/** A posting timer's history entry, from `fromState` to `toState`. */
const postingEnd = (toState: string): HistoryEntry => ({
  instanceId: 'i-1',
  version: 9,
  eventId: 'timer-1',
  eventType: 'xstate.after.postingPeriod.commendation.disclosure.posted',
  event: { type: 'xstate.after.postingPeriod.commendation.disclosure.posted' },
  meta: { source: 'timer' },
  fromState: 'disclosure.posted',
  toState,
  changed: true,
  at: new Date('2026-11-20T03:00:00Z'),
});

describe('the commendation timeline', () => {
  const view = {} as ProcedureView;
  it('when the posting period ends with objections still waiting, then the entry says so, not that it ended without one', () => {
    assert.equal(commendationTimelineText(view, [], postingEnd('disclosure.closing'), 'en'), 'Public disclosure ended; objections filed in time await their writers’ confirmation');
    assert.equal(commendationTimelineText(view, [], postingEnd('review.pending'), 'en'), 'Public disclosure ended without a confirmed objection');
  });
});
