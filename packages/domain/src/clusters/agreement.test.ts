import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertScoreSheet, criteriaProblems, InvalidScoreError, scoreSheetProblems, validateScore, weightedTotal } from './agreement.ts';
import { northernMidlandsAgreement2023 } from './northern-midlands-cluster.ts';

const { criteria } = northernMidlandsAgreement2023;
const [economy, , commendation, clusterWork] = criteria as [typeof criteria[number], typeof criteria[number], typeof criteria[number], typeof criteria[number]];
const fullSheet = { 'phat-trien-kt-xh': 8.5, 'phong-trao-thi-dua': 9, 'cong-tac-khen-thuong': 7.5, 'hoat-dong-cum': 10 };

describe('clusters: the agreement (giao ước thi đua)', () => {
  it('when the seed agreement’s criteria are checked, then they are sane and total 100 points', () => {
    assert.deepEqual(criteriaProblems(criteria), []);
    assert.equal(weightedTotal(criteria, Object.fromEntries(criteria.map((c) => [c.criterionId, c.scale.max]))), 100);
  });

  it('when a score is outside the scale, then the message names the criterion and the allowed range', () => {
    assert.deepEqual(validateScore(commendation, 12), {
      criterionId: 'cong-tac-khen-thuong',
      message: 'Criterion "Công tác khen thưởng chính xác, kịp thời" (cong-tac-khen-thuong): 12 is outside the allowed range 0–10 in steps of 0.5',
    });
    assert.match(validateScore(economy, -0.5)!.message, /-0.5 is outside the allowed range 0–10/);
  });

  it('when a score is off the steps or not a number, then it is refused with the scale', () => {
    assert.match(validateScore(clusterWork, 7.5)!.message, /hoat-dong-cum\): 7.5 is not on the scale 0–10 in steps of 1/);
    assert.match(validateScore(economy, Number.NaN)!.message, /is not a number; allowed 0–10 in steps of 0.5/);
    assert.match(validateScore(economy, '8')!.message, /"8" is not a number/);
    assert.equal(validateScore(economy, 0.1 * 3 + 6.7), null, 'float noise near a step counts as the step (7.0)');
    assert.equal(validateScore(economy, 10), null);
  });

  it('when a sheet misses a criterion or names an unknown one, then every problem is listed', () => {
    const problems = scoreSheetProblems(criteria, { 'phat-trien-kt-xh': 8, 'phong-trao-thi-dua': 11, 'cong-tac-khen-thuong': 7, 'sang-kien': 5 });
    assert.deepEqual(problems.map((problem) => problem.criterionId), ['phong-trao-thi-dua', 'hoat-dong-cum', 'sang-kien']);
    assert.match(problems[1]!.message, /hoat-dong-cum\): missing; allowed 0–10 in steps of 1/);
    assert.throws(() => assertScoreSheet(criteria, { ...fullSheet, 'hoat-dong-cum': 11 }), (error: unknown) =>
      error instanceof InvalidScoreError && error.httpStatus === 422 && /11 is outside the allowed range 0–10 in steps of 1/.test(error.message));
    assert.deepEqual(scoreSheetProblems(criteria, [8]), [{ criterionId: '', message: 'Scores must be an object of criterion id → number' }]);
  });

  it('when a sheet is valid, then its weighted total is Σ weight × score', () => {
    assert.deepEqual(scoreSheetProblems(criteria, fullSheet), []);
    assert.equal(weightedTotal(criteria, fullSheet), 5 * 8.5 + 2 * 9 + 2 * 7.5 + 1 * 10);
  });

  it('when criteria are misconfigured, then each bad field is named', () => {
    assert.deepEqual(
      criteriaProblems([
        { criterionId: 'A b', nameVi: '', nameEn: '', weight: 0, scale: { min: 0, max: 10, step: 3 } },
        { criterionId: 'x', nameVi: '', nameEn: '', weight: 1, scale: { min: 0, max: 10, step: 1 } },
        { criterionId: 'x', nameVi: '', nameEn: '', weight: 1, scale: { min: 5, max: 5, step: 1 } },
      ]),
      ['criteria[0].criterionId', 'criteria[0].weight', 'criteria[0].scale (min < max, step > 0 dividing max − min)', 'criteria[2].criterionId (repeats)', 'criteria[2].scale (min < max, step > 0 dividing max − min)'],
    );
    assert.deepEqual(criteriaProblems([]), ['criteria (none)']);
  });
});
