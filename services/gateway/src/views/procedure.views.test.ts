/**
 * The procedure section of the tracking page and the tally text, rendered from hand-made
 * progress records (no store, no server): what a decided award shows for its reward, and how a
 * tally reads with members who stood aside.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecisionRecord } from '@vinh-danh/store';
import type { NominationProgress } from '../nominations/nomination-progress.ts';
import type { ProcedureView } from '../nominations/procedure-view.ts';
import { procedureSection, tallyText } from './procedure.views.ts';

function decidedProgress(amountVnd: number | null, amountBasis: Record<string, unknown>): NominationProgress {
  const view: ProcedureView = {
    state: 'decided',
    route: [],
    levelIndex: 0,
    round: 1,
    stage: '1',
    simplified: false,
    currentLevel: null,
    passedLevels: [],
    endedLevel: null,
    tallies: [],
    objections: [],
    openObjection: null,
    rejection: null,
    decision: { decisionNumber: '7/QĐ-CTN', amountVnd },
    postedUntil: null,
    pendingObjections: 0,
  };
  const decision = { decisionNumber: '7/QĐ-CTN', authority: 'Chủ tịch nước', amountVnd, amountBasis } as unknown as DecisionRecord;
  return {
    nomination: { trackingCode: 'VD-ABCD-EFGH' },
    openTasks: [],
    procedure: view,
    decisions: [decision],
  } as unknown as NominationProgress;
}

describe('the tracking page\'s decision', () => {
  it('when the catalogue sets no amount for the award, then the reward reads as not yet determined, with the reason, never as 0 đồng', () => {
    const basis = { reason: 'notInTable', reasonVi: 'Huân chương Độc lập được thưởng theo hạng', reasonEn: 'The Independence Order is paid by class' };
    const vi = String(procedureSection(decidedProgress(null, basis), 'vi'));
    assert.match(vi, /Chưa được xác định; cơ quan thi đua, khen thưởng trình bổ sung sau \(Huân chương Độc lập được thưởng theo hạng\)/);
    assert.doesNotMatch(vi, /0 đồng/);
    const en = String(procedureSection(decidedProgress(null, basis), 'en'));
    assert.match(en, /Not yet determined; the commendation office submits it later \(The Independence Order is paid by class\)/);
    assert.doesNotMatch(en, /0 VND/);
  });

  it('when the decision carries an amount, then it reads in đồng with Vietnamese separators', () => {
    assert.match(String(procedureSection(decidedProgress(10_530_000, {}), 'vi')), /10\.530\.000 đồng/);
  });
});

describe('tallyText', () => {
  const tally = { levelId: 'provinceCouncil', round: 1, yes: 4, no: 0, abstain: 0, eligible: 4, quorumMet: true, outcome: 'failed' as const };

  it('when members stood aside, then the tally counts the whole council and says how many stood aside', () => {
    assert.equal(
      tallyText({ ...tally, members: 5 }, 'en'),
      'Not passed: 4 yes, 0 no, 0 abstaining, of 5 members. 1 stood aside (they count among the members, without a ballot).',
    );
  });

  it('when a tally was recorded before the members were kept, then it reads with the members who voted, as it did', () => {
    assert.equal(tallyText(tally, 'en'), 'Not passed: 4 yes, 0 no, 0 abstaining, of 4 members.');
  });
});
