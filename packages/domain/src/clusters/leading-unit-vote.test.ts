import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { closeRound, currentContest, electionCandidates, leadingUnitVoteRuleProblems, seatsVotedFor, startElection, withCandidatesAmong, type Election, type LeadingUnitVoteRule } from './leading-unit-vote.ts';

/** Flag for the first seat, certificate for the second: the seed's rule. */
const rule: LeadingUnitVoteRule = { seatAwards: ['co-thi-dua-chinh-phu', 'bang-khen-thu-tuong'], quorum: 2 / 3, secret: true, selfVote: false, maxRunoffs: 2 };
const units = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const rankOf = { a: 1, b: 2, c: 3, d: 3, e: 5, f: 6, g: 7 };
const round = (election: Election, counts: Record<string, number>, cast = Object.values(counts).reduce((s, n) => s + n, 0), eligible = 7) =>
  closeRound(election, rule, { counts, cast, eligible, rankOf });
const seats = (election: Election) => election.placements.map(({ position, unitId, awardTypeId, decidedBy }) => [position, unitId, awardTypeId, decidedBy]);

describe('clusters: the vote for leading units', () => {
  it('when votes are clear, then the most voted takes the flag and the next the certificate', () => {
    const election = round(startElection(rule, units), { c: 4, a: 2, b: 1 });
    assert.deepEqual(seats(election), [[0, 'c', 'co-thi-dua-chinh-phu', 'vote'], [1, 'a', 'bang-khen-thu-tuong', 'vote']]);
    assert.equal(currentContest(election), undefined);
    assert.deepEqual(election.rounds[0]?.outcome, 'decided');
  });

  it('when two tie for the flag, then a runoff between exactly those two decides the order', () => {
    let election = round(startElection(rule, units), { a: 3, b: 3, c: 1 });
    assert.deepEqual(election.placements, []);
    assert.deepEqual(currentContest(election), { start: 0, end: 2, candidates: ['a', 'b'], runoffs: 1 });
    assert.equal(election.rounds[0]?.outcome, 'runoff');
    election = round(election, { a: 2, b: 5 });
    assert.deepEqual(seats(election), [[0, 'b', 'co-thi-dua-chinh-phu', 'vote'], [1, 'a', 'bang-khen-thu-tuong', 'vote']]);
  });

  it('when a runoff only orders units that all hold seats, then none of them loses its seat: not for a runoff vote it got none of, nor for a runoff without quorum', () => {
    const tied = round(startElection(rule, units), { a: 3, b: 3, c: 1 });
    assert.deepEqual(currentContest(tied), { start: 0, end: 2, candidates: ['a', 'b'], runoffs: 1 });
    // b's own representative may not vote for b, and nobody else does.
    assert.deepEqual(seats(round(tied, { a: 6 })), [[0, 'a', 'co-thi-dua-chinh-phu', 'vote'], [1, 'b', 'bang-khen-thu-tuong', 'vote']]);
    const noQuorum = round(tied, { a: 1, b: 1 });
    assert.deepEqual(noQuorum.placements, []);
    assert.deepEqual(currentContest(noQuorum), { start: 0, end: 2, candidates: ['a', 'b'], runoffs: 2 }, 'held again');
    assert.deepEqual(noQuorum.unfilled, []);
    assert.equal(noQuorum.rounds.at(-1)?.outcome, 'noQuorum');
    const last = round(noQuorum, { b: 1 });
    assert.deepEqual(seats(last), [[0, 'a', 'co-thi-dua-chinh-phu', 'ranking'], [1, 'b', 'bang-khen-thu-tuong', 'ranking']], 'after the last runoff, the ranking orders them');
    assert.deepEqual([last.unfilled, currentContest(last)], [[], undefined]);
  });

  it('when a tie straddles only the last seat, then the first seat stands and the runoff is for the last', () => {
    const election = round(startElection(rule, units), { a: 3, b: 2, c: 2 });
    assert.deepEqual(seats(election), [[0, 'a', 'co-thi-dua-chinh-phu', 'vote']]);
    assert.deepEqual(currentContest(election), { start: 1, end: 2, candidates: ['b', 'c'], runoffs: 1 });
  });

  it('when units tie below the last seat, then no runoff is held', () => {
    const election = round(startElection(rule, units), { a: 3, b: 2, c: 1, d: 1 });
    assert.deepEqual(seats(election).map(([, unitId]) => unitId), ['a', 'b']);
    assert.equal(currentContest(election), undefined);
  });

  it('when the same awards sit on tied seats, then a tie among them needs no runoff', () => {
    const flags: LeadingUnitVoteRule = { ...rule, seatAwards: ['co-thi-dua-chinh-phu', 'co-thi-dua-chinh-phu'] };
    const election = closeRound(startElection(flags, units), flags, { counts: { a: 3, b: 3, c: 1 }, cast: 7, eligible: 7, rankOf });
    assert.deepEqual(election.placements.map(({ unitId }) => unitId), ['a', 'b']);
  });

  it('when runoffs keep tying, then after the last one the ranking decides, and a tie in the ranking leaves the seat open', () => {
    let election = round(startElection(rule, units), { a: 4, c: 1, d: 1 }, 6);
    election = round(election, { c: 3, d: 3 }, 6);
    election = round(election, { c: 3, d: 3 }, 6);
    assert.deepEqual(currentContest(election)?.runoffs, undefined);
    assert.deepEqual(election.unfilled, [{ positions: [1], tiedUnits: ['c', 'd'], reason: 'tieAfterRunoffs' }], 'c and d share rank 3');
    let byRank = round(startElection(rule, units), { a: 4, b: 1, c: 1 }, 6);
    byRank = round(round(byRank, { b: 1, c: 1 }, 5), { b: 2, c: 2 }, 5);
    assert.deepEqual(seats(byRank), [[0, 'a', 'co-thi-dua-chinh-phu', 'vote'], [1, 'b', 'bang-khen-thu-tuong', 'ranking']]);
  });

  it('when the quorum is missed or nobody else got a vote, then the seats stay unfilled', () => {
    assert.deepEqual(round(startElection(rule, units), { a: 4 }, 4).unfilled, [{ positions: [0, 1], tiedUnits: [], reason: 'noQuorum' }]);
    assert.deepEqual(round(startElection(rule, units), { a: 5 }).unfilled, [{ positions: [1], tiedUnits: [], reason: 'noVotes' }]);
    assert.throws(() => round(round(startElection(rule, units), { a: 5, b: 2 }), { a: 1 }), RangeError);
  });

  it('when candidates come from the top of the ranking, then ties at the cut stand too', () => {
    assert.deepEqual(electionCandidates({ ...rule, candidatesFromTop: 3 }, Object.entries(rankOf).map(([memberId, rank]) => ({ memberId, rank }))), ['a', 'b', 'c', 'd']);
    assert.deepEqual(leadingUnitVoteRuleProblems(rule), []);
    assert.deepEqual(leadingUnitVoteRuleProblems({ ...rule, seatAwards: [], quorum: 0, secret: false as true, maxRunoffs: -1 }), [
      'vote.seatAwards', 'vote.quorum', 'vote.secret (a cluster votes by secret ballot)', 'vote.maxRunoffs',
    ]);
  });

  it('when any counts are closed, then seats never repeat, each unit holds at most one, and counts are only counts', () => {
    const counts = fc.dictionary(fc.constantFrom(...units), fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(fc.array(counts, { minLength: 1, maxLength: 4 }), (rounds) => {
        let election = startElection(rule, units);
        for (const roundCounts of rounds) {
          if (!currentContest(election)) break;
          const candidates = currentContest(election)!.candidates;
          const valid = Object.fromEntries(Object.entries(roundCounts).filter(([unitId]) => candidates.includes(unitId)));
          election = round(election, valid, 7);
        }
        const positions = election.placements.map((p) => p.position);
        assert.equal(new Set(positions).size, positions.length);
        assert.equal(new Set(election.placements.map((p) => p.unitId)).size, positions.length);
        const settled = [...positions, ...election.unfilled.flatMap((u) => u.positions), ...election.pending.flatMap((c) => Array.from({ length: c.end - c.start }, (_, i) => c.start + i))];
        assert.deepEqual(settled.sort(), [0, 1], 'every seat is placed, unfilled or still contested — once');
        for (const tally of election.rounds) assert.ok(Object.values(tally.counts).every((n) => typeof n === 'number'));
      }),
    );
  });
});

describe('clusters: the vote for leading units, by majority (more than half of the members)', () => {
  const majority: LeadingUnitVoteRule = { ...rule, majority: true };
  const vote = (election: Election, counts: Record<string, number>, cast = Object.values(counts).reduce((s, n) => s + n, 0), eligible = 7) =>
    closeRound(election, majority, { counts, cast, eligible, rankOf });

  it('when the most voted has a plurality but not a majority, then no seat is filled: a runoff between the leading two is held', () => {
    const election = vote(startElection(majority, units), { a: 2, b: 1, c: 1, d: 1, e: 1, f: 1 });
    assert.deepEqual(election.placements, [], 'two of seven ballots elect nobody');
    assert.deepEqual(currentContest(election), { start: 0, end: 2, candidates: ['a', 'b', 'c', 'd', 'e', 'f'], runoffs: 1 }, 'the lead and every unit tied second');
    assert.equal(election.rounds[0]?.outcome, 'runoff');
    const runoff = vote(startElection(majority, units), { a: 3, b: 3, c: 1 });
    assert.deepEqual(currentContest(runoff)?.candidates, ['a', 'b'], 'a tie for the lead: exactly the tied');
  });

  it('when a unit has more than half, then it takes the flag, and the certificate is voted next among every other unit of the first round', () => {
    let election = vote(startElection(majority, units), { a: 3, b: 3, c: 1 });
    election = vote(election, { a: 4, b: 3 });
    assert.deepEqual(seats(election), [[0, 'a', 'co-thi-dua-chinh-phu', 'vote']]);
    assert.deepEqual(currentContest(election), { start: 1, end: 2, candidates: ['b', 'c', 'd', 'e', 'f', 'g'], runoffs: 0 }, 'not only the runoff\'s finalists');
    election = vote(election, { c: 4, b: 3 });
    assert.deepEqual(seats(election), [[0, 'a', 'co-thi-dua-chinh-phu', 'vote'], [1, 'c', 'bang-khen-thu-tuong', 'vote']]);
    assert.equal(currentContest(election), undefined);
    assert.deepEqual(election.rounds.map((tally) => tally.outcome), ['runoff', 'decided', 'decided']);
    assert.deepEqual(election.rounds.map((tally) => tally.seats), [{ start: 0, end: 1 }, { start: 0, end: 1 }, { start: 1, end: 2 }], 'each round voted for one seat');
    assert.deepEqual(seatsVotedFor(majority, { start: 0, end: 2 }), { start: 0, end: 1 });
    assert.deepEqual(seatsVotedFor(rule, { start: 0, end: 2 }), { start: 0, end: 2 }, 'most votes: every seat of the contest at once');
  });

  it('when no other unit got a ballot, then the runoff is the leader\'s alone, not every unit on nought', () => {
    const halfQuorum: LeadingUnitVoteRule = { ...majority, quorum: 0.5 };
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    const election = closeRound(startElection(halfQuorum, six), halfQuorum, { counts: { a: 3 }, cast: 3, eligible: 6, rankOf });
    assert.equal(election.rounds[0]?.quorumMet, true);
    assert.deepEqual(currentContest(election)?.candidates, ['a'], '3 of 6 is no majority; nobody else was named');
  });

  it('when a round opens after a unit left, then it is no longer a candidate', () => {
    const election = vote(startElection(majority, units), { a: 4, b: 3 });
    assert.deepEqual(currentContest(withCandidatesAmong(election, units.filter((unitId) => unitId !== 'c')))?.candidates, ['b', 'd', 'e', 'f', 'g']);
    assert.equal(withCandidatesAmong(election, units), election, 'unchanged when every candidate is still there');
  });

  it('when half of the members exactly vote for a unit, then that is no majority; more than half counts the eligible, not the ballots cast', () => {
    assert.deepEqual(vote(startElection(majority, ['a', 'b']), { a: 3, b: 3 }, 6, 6).placements, []);
    assert.deepEqual(vote(startElection(majority, units), { a: 4, b: 1 }, 5, 7).placements.map((seat) => seat.unitId), ['a'], '4 of 7 members, 5 cast');
    assert.deepEqual(vote(startElection(majority, units), { a: 3, b: 2 }, 5, 7).placements, [], '3 of 5 cast is a majority of the ballots, not of the 7 members');
  });

  it('when the runoffs end without a majority, then the seats stay open, reported: the ranking never fills them', () => {
    let election = vote(startElection(majority, units), { a: 3, b: 3, c: 1 });
    election = vote(election, { a: 3, b: 3 }, 6);
    election = vote(election, { a: 3, b: 3 }, 6);
    assert.deepEqual(election.placements, []);
    assert.deepEqual(election.unfilled, [{ positions: [0, 1], tiedUnits: [], reason: 'noMajority' }]);
    assert.equal(currentContest(election), undefined);
    assert.deepEqual(vote(startElection(majority, units), { a: 4 }, 4).unfilled, [{ positions: [0, 1], tiedUnits: [], reason: 'noQuorum' }], 'the quorum still comes first');
    assert.deepEqual(leadingUnitVoteRuleProblems({ ...majority, majority: 'yes' as unknown as boolean }), ['vote.majority']);
  });

  it('when any counts are closed, then a unit is placed only with more than half of the eligible ballots, at most one seat a round, best seat first', () => {
    const counts = fc.dictionary(fc.constantFrom(...units), fc.integer({ min: 0, max: 7 }));
    fc.assert(
      fc.property(fc.array(counts, { minLength: 1, maxLength: 6 }), (rounds) => {
        let election = startElection(majority, units);
        for (const roundCounts of rounds) {
          const contest = currentContest(election);
          if (!contest) break;
          // At most seven ballots in all, one per member, for the contest's candidates.
          let left = 7;
          const valid: Record<string, number> = {};
          for (const [unitId, n] of Object.entries(roundCounts)) {
            if (!contest.candidates.includes(unitId)) continue;
            valid[unitId] = Math.min(n, left);
            left -= valid[unitId]!;
          }
          const before = election.placements.length;
          election = vote(election, valid, 7 - left);
          assert.ok(election.placements.length - before <= 1, 'one seat a round at most');
        }
        for (const placement of election.placements) {
          const tally = election.rounds[placement.round - 1]!;
          assert.ok(tally.counts[placement.unitId]! * 2 > tally.eligible, `${placement.unitId} placed with ${tally.counts[placement.unitId]} of ${tally.eligible}`);
          assert.equal(placement.decidedBy, 'vote');
        }
        const positions = election.placements.map((p) => p.position);
        assert.deepEqual(positions, positions.map((_, index) => index), 'best seat first');
        assert.equal(new Set(election.placements.map((p) => p.unitId)).size, positions.length);
        const settled = [...positions, ...election.unfilled.flatMap((u) => u.positions), ...election.pending.flatMap((c) => Array.from({ length: c.end - c.start }, (_, i) => c.start + i))];
        assert.deepEqual(settled.sort(), [0, 1], 'every seat is placed, unfilled or still contested — once');
      }),
    );
  });
});
