import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { VoteRule } from './procedure-route.ts';
import { tallyVote, type Ballot, type TallyVoteInput } from './vote-rules.ts';

/** What one member did: a ballot, stood aside, or nothing (yet). */
type MemberAct = Ballot | 'recused' | 'none';

/** A share as an exact fraction, so the oracle below never touches floating point. */
interface Share {
  numerator: number;
  denominator: number;
}

const shareArbitrary = fc
  .integer({ min: 1, max: 12 })
  .chain((denominator) => fc.record({ numerator: fc.integer({ min: 1, max: denominator }), denominator: fc.constant(denominator) }));

const ruleArbitrary = fc.record({
  quorum: shareArbitrary,
  passShare: shareArbitrary,
  of: fc.constantFrom('members' as const, 'votesCast' as const),
  secret: fc.boolean(),
  threshold: fc.constantFrom('atLeast' as const, 'moreThan' as const),
}).filter((rule) => rule.threshold === 'atLeast' || rule.passShare.numerator < rule.passShare.denominator);

type ExactRule = { quorum: Share; passShare: Share; of: VoteRule['of']; secret: boolean; threshold: 'atLeast' | 'moreThan' };

const toRule = (rule: ExactRule): VoteRule => ({
  quorum: rule.quorum.numerator / rule.quorum.denominator,
  passShare: rule.passShare.numerator / rule.passShare.denominator,
  of: rule.of,
  secret: rule.secret,
  threshold: rule.threshold,
});

const actArbitrary = fc.constantFrom<MemberAct>('yes', 'no', 'abstain', 'recused', 'none');

/** The tally input for members `m0…` acting as `acts`. */
function inputFor(rule: VoteRule, acts: readonly MemberAct[], closed: boolean): TallyVoteInput {
  const members = acts.map((_, index) => `m${index}`);
  const ballots: Record<string, Ballot> = {};
  acts.forEach((act, index) => {
    if (act === 'yes' || act === 'no' || act === 'abstain') ballots[`m${index}`] = act;
  });
  return { rule, members, recused: members.filter((_, index) => acts[index] === 'recused'), ballots, closed };
}

/**
 * The law's rule in exact integer arithmetic: quorum and threshold as cross-multiplied fractions,
 * the quorum and a share of members on the whole council (a recused member is one who did not vote).
 */
function oraclePasses(rule: ExactRule, acts: readonly MemberAct[]): boolean {
  const members = acts.length;
  const cast = acts.filter((act) => act === 'yes' || act === 'no' || act === 'abstain').length;
  const yes = acts.filter((act) => act === 'yes').length;
  const base = rule.of === 'members' ? members : cast;
  return (
    cast > 0 &&
    cast * rule.quorum.denominator >= rule.quorum.numerator * members &&
    (rule.threshold === 'moreThan'
      ? yes * rule.passShare.denominator > rule.passShare.numerator * base
      : yes * rule.passShare.denominator >= rule.passShare.numerator * base)
  );
}

/** A prefix of the vote and, for every member who has not acted, what they do next. */
const prefixAndCompletion = fc.array(fc.tuple(actArbitrary, actArbitrary), { maxLength: 12 }).map((pairs) => ({
  prefix: pairs.map(([act]) => act),
  completion: pairs.map(([act, next]) => (act === 'none' ? next : act)),
}));

const finalOutcome = (rule: VoteRule, acts: readonly MemberAct[]) => tallyVote(inputFor(rule, acts, true)).outcome;

describe('tallyVote: properties', () => {
  it('when the vote is closed, then it passes exactly when quorum and threshold hold', () => {
    fc.assert(
      fc.property(ruleArbitrary, fc.array(actArbitrary, { maxLength: 15 }), (exact, acts) => {
        const tally = tallyVote(inputFor(toRule(exact), acts, true));
        assert.equal(tally.outcome, oraclePasses(exact, acts) ? 'passed' : 'failed');
        assert.equal(tally.decided, true);
        assert.equal(tally.eligible, acts.filter((act) => act !== 'recused').length);
        assert.equal(tally.members, acts.length);
        assert.equal(tally.yes + tally.no + tally.abstain, tally.cast);
      }),
      { numRuns: 2000 },
    );
  });

  it('when a prefix of the ballots is decided, then every completion ends with that outcome', () => {
    fc.assert(
      fc.property(ruleArbitrary, prefixAndCompletion, (exact, { prefix, completion }) => {
        const rule = toRule(exact);
        const early = tallyVote(inputFor(rule, prefix, false));
        if (!early.decided) {
          assert.equal(early.outcome, 'open');
          return;
        }
        assert.notEqual(early.outcome, 'open');
        assert.equal(finalOutcome(rule, completion), early.outcome);
      }),
      { numRuns: 3000 },
    );
  });

  it('when a prefix of an open vote is not decided, then some completion passes and some fails (decided is as early as it can be)', () => {
    fc.assert(
      fc.property(ruleArbitrary, fc.array(actArbitrary, { maxLength: 12 }), (exact, prefix) => {
        const rule = { ...toRule(exact), secret: false };
        if (tallyVote(inputFor(rule, prefix, false)).decided) return;
        const fill = (act: MemberAct) => prefix.map((own) => (own === 'none' ? act : own));
        assert.equal(finalOutcome(rule, fill('yes')), 'passed');
        assert.ok(finalOutcome(rule, fill('none')) === 'failed' || finalOutcome(rule, fill('no')) === 'failed');
      }),
      { numRuns: 2000 },
    );
  });

  it('when a secret vote is decided before every eligible member has voted, then only recusals decided it: the ballots in are not what failed it', () => {
    fc.assert(
      fc.property(ruleArbitrary, fc.array(actArbitrary, { maxLength: 12 }), (exact, prefix) => {
        const rule = { ...toRule(exact), secret: true };
        const tally = tallyVote(inputFor(rule, prefix, false));
        if (!tally.decided || tally.cast === tally.eligible) return;
        assert.equal(tally.outcome, 'failed');
        // The same recusals with no ballot at all decide it as well.
        const recusalsOnly = prefix.map((act) => (act === 'recused' ? act : 'none'));
        assert.deepEqual([tallyVote(inputFor(rule, recusalsOnly, false)).decided, tallyVote(inputFor(rule, recusalsOnly, false)).outcome], [true, 'failed']);
      }),
      { numRuns: 2000 },
    );
  });

  it('when a member is recused, then a closed vote counts them as a member who did not vote, whatever ballot they left behind', () => {
    fc.assert(
      fc.property(ruleArbitrary, fc.array(actArbitrary, { minLength: 1, maxLength: 12 }), fc.nat(), fc.constantFrom<Ballot | null>('yes', 'no', 'abstain', null), (exact, acts, pick, staleBallot) => {
        const rule = toRule(exact);
        const index = pick % acts.length;
        const member = `m${index}`;
        const withRecusal = inputFor(rule, acts, true);
        withRecusal.recused = [...withRecusal.recused, member];
        // A ballot left behind by a recused member counts nowhere.
        if (staleBallot) withRecusal.ballots = { ...withRecusal.ballots, [member]: staleBallot };
        const silent = acts.map((act, other) => (other === index ? 'none' : act));
        const { eligible: _eligible, ...recusedTally } = tallyVote(withRecusal);
        const { eligible: _silentEligible, ...silentTally } = tallyVote(inputFor(rule, silent, true));
        assert.deepEqual(recusedTally, silentTally);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('tallyVote: examples', () => {
  // An open vote (by show of hands): it closes as soon as it is decided.
  const twoThirdsOfMembers: VoteRule = { quorum: 2 / 3, passShare: 2 / 3, of: 'members', secret: false };
  const seven = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const votes = (...ballots: Ballot[]) => Object.fromEntries(ballots.map((ballot, index) => [seven[index]!, ballot]));

  it('when 5 of 7 vote yes under a two-thirds rule, then the vote is decided as passed', () => {
    const tally = tallyVote({ rule: twoThirdsOfMembers, members: seven, recused: [], ballots: votes('yes', 'yes', 'yes', 'yes', 'yes') });
    assert.deepEqual(tally, { members: 7, eligible: 7, quorumNeeded: 5, cast: 5, yes: 5, no: 0, abstain: 0, quorumMet: true, outcome: 'passed', decided: true });
  });

  it('when members of a council stand aside, then the share of all members still counts them: 3 yes of 10 never pass a 90% rule', () => {
    const ten = Array.from({ length: 10 }, (_, index) => `m${index}`);
    const ninety: VoteRule = { quorum: 0.9, passShare: 0.9, of: 'members', secret: true };
    const yes = (...who: string[]) => Object.fromEntries(who.map((member) => [member, 'yes' as const]));
    const sevenAside = tallyVote({ rule: ninety, members: ten, recused: ten.slice(3), ballots: yes('m0', 'm1', 'm2') });
    assert.deepEqual(
      { outcome: sevenAside.outcome, decided: sevenAside.decided, quorumMet: sevenAside.quorumMet, members: sevenAside.members, eligible: sevenAside.eligible },
      { outcome: 'failed', decided: true, quorumMet: false, members: 10, eligible: 3 },
    );
    // Two aside, eight yes: 8 of 10 is not 90%, decided as soon as the bar is out of reach.
    const twoAside = tallyVote({ rule: ninety, members: ten, recused: ['m8', 'm9'], ballots: yes(...ten.slice(0, 8)) });
    assert.equal(twoAside.outcome, 'failed');
    assert.equal(twoAside.decided, true);
    // One aside, nine yes: 90% of all ten.
    assert.equal(tallyVote({ rule: ninety, members: ten, recused: ['m9'], ballots: yes(...ten.slice(0, 9)) }).outcome, 'passed');
    // Two-thirds of a council of seven with one aside: 5 of 7, not 5 of 6, are needed; 4 yes fail.
    const twoThirds: VoteRule = { quorum: 2 / 3, passShare: 2 / 3, of: 'members', secret: true };
    assert.equal(tallyVote({ rule: twoThirds, members: seven, recused: ['g'], ballots: votes('yes', 'yes', 'yes', 'yes', 'no', 'no'), closed: true }).outcome, 'failed');
  });

  it('when 3 of 7 vote no under a two-thirds rule, then the vote is decided as failed', () => {
    const tally = tallyVote({ rule: twoThirdsOfMembers, members: seven, recused: [], ballots: votes('no', 'no', 'no') });
    assert.equal(tally.outcome, 'failed');
    assert.equal(tally.decided, true);
    assert.equal(tally.quorumMet, false);
  });

  it('when 4 yes and 2 no of 7 are in, then it stays open; closed there, it fails', () => {
    const input = { rule: twoThirdsOfMembers, members: seven, recused: [], ballots: votes('yes', 'yes', 'yes', 'yes', 'no', 'no') };
    assert.equal(tallyVote(input).outcome, 'open');
    assert.deepEqual(tallyVote({ ...input, closed: true }).outcome, 'failed');
  });

  it('when a share times the count is a whole number up to rounding, then that whole number is needed', () => {
    const ten = Array.from({ length: 10 }, (_, index) => `m${index}`);
    const yesOf = (count: number) => Object.fromEntries(ten.slice(0, count).map((member) => [member, 'yes' as const]));
    // 0.7 × 10 is 7.000000000000001 in floating point; 7 people are 70%.
    const rule: VoteRule = { quorum: 0.7, passShare: 0.7, of: 'members', secret: false };
    assert.equal(tallyVote({ rule, members: ten, recused: [], ballots: yesOf(7) }).outcome, 'passed');
    assert.equal(tallyVote({ rule, members: ten, recused: [], ballots: yesOf(6), closed: true }).outcome, 'failed');
    // Chiến sĩ thi đua toàn quốc: 90% of all members†.
    const ninety: VoteRule = { quorum: 0.9, passShare: 0.9, of: 'members', secret: true };
    assert.equal(tallyVote({ rule: ninety, members: ten, recused: [], ballots: yesOf(9), closed: true }).outcome, 'passed');
  });

  it('when a secret vote has every ballot it needs to pass or to fail, then it stays open until every member has voted: the ballot that decided it is never known', () => {
    const secret: VoteRule = { ...twoThirdsOfMembers, secret: true };
    const open = (ballots: Record<string, Ballot>) => tallyVote({ rule: secret, members: seven, recused: [], ballots });
    assert.deepEqual([open(votes('yes', 'yes', 'yes', 'yes', 'yes')).outcome, open(votes('yes', 'yes', 'yes', 'yes', 'yes')).decided], ['open', false]);
    assert.equal(open(votes('yes', 'yes', 'yes', 'no', 'no', 'no')).outcome, 'open');
    assert.deepEqual([open(votes('yes', 'yes', 'yes', 'yes', 'yes', 'no', 'no')).outcome, open(votes('yes', 'yes', 'yes', 'yes', 'yes', 'no', 'no')).decided], ['passed', true]);
    assert.equal(open(votes('yes', 'yes', 'yes', 'no', 'no', 'no', 'no')).outcome, 'failed');
    // Recusals are not secret: three of seven standing aside leave no quorum of five, at once.
    assert.equal(tallyVote({ rule: secret, members: seven, recused: ['e', 'f', 'g'], ballots: votes('yes') }).outcome, 'failed');
  });

  it('when abstentions are cast under a votes-cast rule, then they count as present and against', () => {
    const rule: VoteRule = { quorum: 0.5, passShare: 0.5, of: 'votesCast', secret: false };
    const members = ['a', 'b', 'c', 'd'];
    const tally = tallyVote({ rule, members, recused: [], ballots: { a: 'yes', b: 'abstain', c: 'abstain' }, closed: true });
    assert.deepEqual([tally.quorumMet, tally.outcome], [true, 'failed']);
  });

  it('when nobody is eligible, or ballots come from strangers, then nothing passes', () => {
    const rule: VoteRule = { quorum: 0.5, passShare: 0.5, of: 'votesCast', secret: true };
    assert.deepEqual(tallyVote({ rule, members: ['a'], recused: ['a'], ballots: { a: 'yes' } }).outcome, 'failed');
    const strangers = tallyVote({ rule, members: ['a', 'a'], recused: [], ballots: { x: 'yes', toString: 'yes' } as Record<string, Ballot>, closed: true });
    assert.deepEqual([strangers.eligible, strangers.cast, strangers.outcome], [1, 0, 'failed']);
  });

  it('when a "quá bán" (more than half) vote ties, then it fails, and one more yes passes it', () => {
    const rule: VoteRule = { quorum: 2 / 3, passShare: 0.5, threshold: 'moreThan', of: 'votesCast', secret: false };
    const members = ['a', 'b', 'c', 'd'];
    const tie = tallyVote({ rule, members, recused: [], ballots: { a: 'yes', b: 'yes', c: 'no', d: 'no' }, closed: true });
    assert.deepEqual([tie.quorumMet, tie.outcome], [true, 'failed']);
    const more = tallyVote({ rule, members, recused: [], ballots: { a: 'yes', b: 'yes', c: 'yes', d: 'no' }, closed: true });
    assert.equal(more.outcome, 'passed');
    // The same tie under an "at least half" rule passes: the threshold is what differs.
    assert.equal(tallyVote({ rule: { ...rule, threshold: 'atLeast' }, members, recused: [], ballots: { a: 'yes', b: 'yes', c: 'no', d: 'no' }, closed: true }).outcome, 'passed');
  });

  it('when a "more than" rule asks for more than the whole, or names an unknown threshold, then it throws naming the field', () => {
    assert.throws(() => tallyVote({ rule: { quorum: 0.5, passShare: 1, threshold: 'moreThan', of: 'members', secret: true }, members: ['a'], recused: [], ballots: {} }), /passShare/);
    const unknown = { quorum: 0.5, passShare: 0.5, threshold: 'most', of: 'members', secret: true } as unknown as VoteRule;
    assert.throws(() => tallyVote({ rule: unknown, members: ['a'], recused: [], ballots: {} }), /threshold/);
  });

  it('when a rule has a share outside (0, 1], then it throws naming the field', () => {
    const rule = { quorum: 0, passShare: 1.5, of: 'members', secret: true } as const;
    assert.throws(() => tallyVote({ rule, members: ['a'], recused: [], ballots: {} }), /quorum, passShare/);
  });
});
