/**
 * Counting a council's vote (Hội đồng TĐKT, often by secret ballot — bỏ phiếu kín) against its
 * {@link VoteRule}. Pure: the commendation machine calls it after every ballot and at the deadline.
 *
 * Rounding: a share of a count is the smallest whole number of people reaching it,
 * `ceil(share × count)`. Shares arrive as decimals (`2/3` is `0.6666…`, `0.7 × 10` is
 * `7.000000000000001`), so a product within {@link SHARE_EPSILON} of a whole number counts as that
 * number. A real fraction of a person is at least `1 / denominator` of the share, far above the
 * guard for any council size. A count of people is at least one: nobody present is never a
 * quorum and no `yes` is never a pass, even where `share × 0` would be 0.
 */
import type { VoteRule } from './procedure-route.ts';

/** One member's ballot. `abstain` counts as present for the quorum but is not a `yes`. */
export type Ballot = 'yes' | 'no' | 'abstain';

/** Products this close to a whole number are that number (see the module comment). */
export const SHARE_EPSILON = 1e-9;

export interface TallyVoteInput {
  rule: VoteRule;
  /** The council's members; duplicates count once. */
  members: readonly string[];
  /**
   * Members who stood aside (e.g. a conflict of interest): they cast no ballot (one left behind
   * is ignored) but stay members, so a share of all members still counts them, as a member
   * who did not vote: standing aside never lowers the quorum or the bar.
   */
  recused: readonly string[];
  /** Ballots by member; ballots of non-members and of recused members are ignored. */
  ballots: Readonly<Record<string, Ballot>>;
  /**
   * The vote is over (its deadline passed): members who have not voted never will, so the
   * outcome is final, `passed` or `failed`. Default false.
   */
  closed?: boolean;
}

export interface Tally {
  /** The council's members, recused ones included: the base of the quorum and of an `of: 'members'` share. */
  members: number;
  /** Members not recused: those who may still cast a ballot. */
  eligible: number;
  /** Ballots the quorum needs: its share of all members (at least one). */
  quorumNeeded: number;
  /** Eligible members who cast a ballot (abstentions included). */
  cast: number;
  yes: number;
  no: number;
  abstain: number;
  /** Whether the ballots cast so far reach the quorum. */
  quorumMet: boolean;
  /** `open` while the remaining members could still change the outcome and the vote is not closed. */
  outcome: 'passed' | 'failed' | 'open';
  /** The outcome can no longer change, whatever the remaining members do (vote, abstain, stay away, recuse). */
  decided: boolean;
}

/** Smallest whole number of people reaching `share` of `count` (at least one). */
export function peopleNeeded(share: number, count: number): number {
  return Math.max(1, Math.ceil(share * count - SHARE_EPSILON));
}

/** Smallest whole number of yes votes that passes `rule` out of `base`: reaching the share, or exceeding it. */
function yesNeeded(rule: VoteRule, base: number): number {
  if (rule.threshold === 'moreThan') return Math.max(1, Math.floor(rule.passShare * base + SHARE_EPSILON) + 1);
  return peopleNeeded(rule.passShare, base);
}

/**
 * Checks that a rule's shares are fractions in (0, 1] and `of` is known. A bad rule is a
 * catalogue bug, not a vote outcome, so it throws a `RangeError` naming the fields.
 */
export function assertVoteRule(rule: VoteRule): void {
  const isShare = (value: unknown) => typeof value === 'number' && value > 0 && value <= 1;
  const invalid = [
    ...(isShare(rule.quorum) ? [] : ['quorum']),
    // More than the whole is never reached: a `moreThan` share stays below 1.
    ...(isShare(rule.passShare) && !(rule.threshold === 'moreThan' && rule.passShare >= 1) ? [] : ['passShare']),
    ...(rule.threshold === undefined || rule.threshold === 'atLeast' || rule.threshold === 'moreThan' ? [] : ['threshold']),
    ...(rule.of === 'members' || rule.of === 'votesCast' ? [] : ['of']),
  ];
  if (invalid.length > 0) throw new RangeError(`Invalid vote rule: ${invalid.join(', ')}`, { cause: rule });
}

/**
 * Tallies the ballots.
 *
 * The law counts the quorum and a share "of all members" (tổng số thành viên Hội đồng) on the
 * whole council: a recused member is a member who casts no ballot.
 *
 * Final rule (closed vote): passed ⇔ `cast ≥ ⌈quorum × members⌉` and
 * `yes ≥ ⌈passShare × base⌉` (`moreThan`: `yes > passShare × base`), base = members
 * (`of: 'members'`) or cast (`of: 'votesCast'`); below, `⌈passShare × n⌉` stands for either threshold.
 *
 * Early decision (open vote), with `remaining = eligible − cast` (the members who may still vote);
 * a secret vote is decided only once `remaining` is 0, or at once when recusals alone leave it
 * short of its quorum or of the yes it needs (which no ballot tells):
 * - passed for certain ⇔ the quorum is met now and `yes ≥ ⌈passShare × worst⌉`, worst = members
 *   (`of: 'members'`, a fixed base) or eligible (`votesCast`: every remaining member voting `no`).
 *   Later ballots only add to `cast`; a later recusal changes neither base.
 * - failed for certain ⇔ the quorum can no longer be met (`eligible < ⌈quorum × members⌉`: even with every remaining member voting)
 *   or `yes + remaining < ⌈passShare × worst⌉`. The best case is every remaining member voting
 *   `yes`; a recusal takes one possible ballot away, so it never helps.
 * Both are checked against exact fractions by the property tests in `vote-rules.test.ts`.
 */
export function tallyVote(input: TallyVoteInput): Tally {
  assertVoteRule(input.rule);
  const recused = new Set(input.recused);
  const allMembers = [...new Set(input.members)];
  const eligibleMembers = allMembers.filter((member) => !recused.has(member));
  const counts = { yes: 0, no: 0, abstain: 0 };
  for (const member of eligibleMembers) {
    // `Object.hasOwn`, so a member named like an Object.prototype key has no phantom ballot.
    const ballot = Object.hasOwn(input.ballots, member) ? input.ballots[member] : undefined;
    if (ballot === 'yes' || ballot === 'no' || ballot === 'abstain') counts[ballot] += 1;
  }
  const eligible = eligibleMembers.length;
  const cast = counts.yes + counts.no + counts.abstain;
  const remaining = eligible - cast;
  const { quorum, of } = input.rule;

  const members = allMembers.length;
  const quorumNeeded = peopleNeeded(quorum, members);
  const quorumMet = cast >= quorumNeeded;
  const tally = { members, eligible, quorumNeeded, cast, ...counts, quorumMet };

  if (input.closed) {
    const base = of === 'members' ? members : cast;
    const passed = quorumMet && counts.yes >= yesNeeded(input.rule, base);
    return { ...tally, outcome: passed ? 'passed' : 'failed', decided: true };
  }
  const needed = yesNeeded(input.rule, of === 'members' ? members : eligible);
  // A secret ballot is counted only once every member who may vote has voted: decided earlier,
  // the ballot that decided it would be known to all (only a no or an abstention can make a vote
  // fail early, only the last yes needed make it pass). Recusals are not secret, so a council
  // whose recusals alone leave it short of its quorum, or of the yes it needs, fails at once.
  if (input.rule.secret && remaining > 0) {
    return eligible < quorumNeeded || eligible < needed ? { ...tally, outcome: 'failed', decided: true } : { ...tally, outcome: 'open', decided: false };
  }
  if (quorumMet && counts.yes >= needed) return { ...tally, outcome: 'passed', decided: true };
  // Nobody left who may vote (everyone stood aside) falls here too: quorumNeeded is at least one.
  if (counts.yes + remaining < needed || eligible < quorumNeeded) return { ...tally, outcome: 'failed', decided: true };
  return { ...tally, outcome: 'open', decided: false };
}
