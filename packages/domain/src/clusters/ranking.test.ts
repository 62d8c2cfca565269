import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Criterion } from './agreement.ts';
import { consolidateRanking, rankByTotal } from './ranking.ts';

const scale = { min: 0, max: 10, step: 0.5 };
const criteria: Criterion[] = [
  { criterionId: 'a', nameVi: 'A', nameEn: 'A', weight: 3, scale },
  { criterionId: 'b', nameVi: 'B', nameEn: 'B', weight: 1, scale },
];

describe('clusters: ranking', () => {
  it('when totals tie, then competition ranking skips places and dense ranking does not', () => {
    const totals = { p: 90, q: 85, r: 90, s: 70 };
    assert.deepEqual(rankByTotal(totals).map(({ memberId, rank }) => [memberId, rank]), [['p', 1], ['r', 1], ['q', 3], ['s', 4]]);
    assert.deepEqual(rankByTotal(totals, 'dense').map(({ memberId, rank }) => [memberId, rank]), [['p', 1], ['r', 1], ['q', 2], ['s', 3]]);
    assert.deepEqual(rankByTotal({ x: 0.1 + 0.2, y: 0.3 }).map(({ rank }) => rank), [1, 1], 'float noise is no difference');
  });

  it('when members cross-score, then a member’s score is the mean its peers gave it, and self-scoring is ignored', () => {
    const { scores, ranking } = consolidateRanking(criteria, {
      members: ['p', 'q', 'r'],
      selfAssessments: { p: { a: 10, b: 10 }, r: { a: 6, b: 6 } },
      crossScores: {
        p: { q: { a: 8, b: 6 }, r: { a: 7, b: 7 }, p: { a: 10, b: 10 } },
        q: { p: { a: 9, b: 9 }, r: { a: 8, b: 5 } },
        r: { p: { a: 7, b: 9 } },
        outsider: { p: { a: 0, b: 0 } },
      },
    });
    assert.deepEqual(scores.find((s) => s.memberId === 'p'), { memberId: 'p', scores: { a: 8, b: 9 }, total: 33, basis: 'peers', peerSheets: 2 });
    assert.deepEqual(scores.find((s) => s.memberId === 'r')?.scores, { a: 7.5, b: 6 });
    assert.deepEqual(ranking.map(({ memberId, total, rank }) => [memberId, total, rank]), [['p', 33, 1], ['q', 30, 2], ['r', 28.5, 3]]);
  });

  it('when no peer scored a member, then its self-assessment counts; with neither, it scores 0', () => {
    const { scores } = consolidateRanking(criteria, { members: ['p', 'q'], selfAssessments: { p: { a: 5, b: 5 } }, crossScores: {} });
    assert.deepEqual(scores.map(({ memberId, basis, total }) => [memberId, basis, total]), [['p', 'self', 20], ['q', 'none', 0]]);
  });

  it('when a self-assessment weight is set, then it blends with the peers’ mean; outside [0, 1) it is refused', () => {
    const record = { members: ['p', 'q'], selfAssessments: { p: { a: 10, b: 10 } }, crossScores: { q: { p: { a: 6, b: 6 } } } };
    assert.deepEqual(consolidateRanking(criteria, record, { selfAssessmentWeight: 0.25 }).scores[0]?.scores, { a: 7, b: 7 });
    assert.throws(() => consolidateRanking(criteria, record, { selfAssessmentWeight: 1 }), RangeError);
  });

  const totalsArbitrary = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.integer({ min: 0, max: 40 }).map((half) => half / 2), { minKeys: 1, maxKeys: 9 });

  it('when the members are listed in any order, then the ranking is the same (permutation invariance)', () => {
    fc.assert(
      fc.property(totalsArbitrary, fc.constantFrom('competition' as const, 'dense' as const), (totals, method) => {
        const entries = Object.entries(totals);
        const reversed = Object.fromEntries([...entries].reverse());
        const rotated = Object.fromEntries([...entries.slice(1), ...entries.slice(0, 1)]);
        assert.deepEqual(rankByTotal(reversed, method), rankByTotal(totals, method));
        assert.deepEqual(rankByTotal(rotated, method), rankByTotal(totals, method));
      }),
    );
  });

  it('when ranked, then a competition rank is 1 + the members strictly ahead, and a dense rank never exceeds it', () => {
    fc.assert(
      fc.property(totalsArbitrary, (totals) => {
        const dense = new Map(rankByTotal(totals, 'dense').map((entry) => [entry.memberId, entry.rank]));
        for (const { memberId, total, rank } of rankByTotal(totals)) {
          assert.equal(rank, 1 + Object.values(totals).filter((other) => other > total).length);
          assert.ok(dense.get(memberId)! <= rank);
        }
      }),
    );
  });

  it('when weights are scaled or a member improves on a weighted criterion, then ranks behave (weights property)', () => {
    const sheet = fc.record({ a: fc.integer({ min: 0, max: 20 }).map((n) => n / 2), b: fc.integer({ min: 0, max: 20 }).map((n) => n / 2) });
    const members = ['p', 'q', 'r', 's'];
    fc.assert(
      fc.property(fc.array(sheet, { minLength: 4, maxLength: 4 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom(...members), (sheets, factor, improver) => {
        const selfAssessments = Object.fromEntries(members.map((member, index) => [member, sheets[index]!]));
        const record = { members, selfAssessments, crossScores: {} };
        const base = consolidateRanking(criteria, record).ranking;
        const scaled = consolidateRanking(criteria.map((c) => ({ ...c, weight: c.weight * factor })), record).ranking;
        assert.deepEqual(scaled.map(({ memberId, rank }) => [memberId, rank]), base.map(({ memberId, rank }) => [memberId, rank]), 'scaling every weight keeps the ranking');
        const better = { ...selfAssessments, [improver]: { ...selfAssessments[improver]!, a: Math.min(10, selfAssessments[improver]!.a + 1) } };
        const improved = consolidateRanking(criteria, { ...record, selfAssessments: better }).ranking;
        const rankOf = (ranking: typeof base) => ranking.find((entry) => entry.memberId === improver)!.rank;
        assert.ok(rankOf(improved) <= rankOf(base), 'a better score on a positively weighted criterion never worsens the rank');
      }),
    );
  });
});
