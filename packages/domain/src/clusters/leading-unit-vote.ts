/**
 * The cluster's secret vote (bỏ phiếu kín) for its leading units (đơn vị dẫn đầu), with runoffs.
 *
 * Rule: each eligible member casts one ballot per round for one candidate; a round counts when
 * the ballots reach the quorum; candidates are placed by votes, most first, onto the seats, and
 * each seat carries an award (`seatAwards`, best first). Units with equal votes are a tie only
 * where it matters: when they straddle a cut — the last seat, or a seat where the award changes.
 * Such a tie goes to a runoff round among exactly the tied units, for exactly the seats they
 * straddle; nothing else is re-voted, since a runoff only reorders units inside their own group.
 * After `maxRunoffs` runoffs of one tie, the consolidated ranking breaks it; if the ranking ties
 * too, those seats stay unfilled and the tie is reported. A unit with no votes is never placed;
 * a round without quorum leaves its seats unfilled — the chair reports both to the central council
 * rather than the procedure proposing an award no vote decided. A runoff among units that all
 * hold seats already (their tie only straddles an award change) orders them and nothing more:
 * none loses its seat for polling no runoff vote; one without quorum is held again while runoffs
 * remain, and after the last the ranking orders them (a tie there too leaves those seats open,
 * reported as any tie after the runoffs).
 *
 * With `majority` (the rule of Circular 01/2024/TT-BNV: a unit is chosen by more than half of
 * the members†), a seat goes only to a unit with more than half of the round's eligible members'
 * ballots, so one seat at most per round, best seat first: the round that fills one opens a new
 * contest for the seats after it among the units not yet placed. A round where no unit has a
 * majority goes to a runoff among the leading two (every unit tied for the lead, or the lead and
 * every unit tied second with at least one ballot); the seats after a filled one are open to every unit of the first round
 * not placed yet, not only to a runoff's finalists; after `maxRunoffs` runoffs without a majority the seats stay open
 * (`noMajority`), reported to the central council: the ranking never fills a seat the vote did not.
 *
 * Secrecy: the functions here see counts per candidate and the number of ballots, never who cast
 * which ballot; the procedure keeps only who has voted and these counts.
 */
import { peopleNeeded } from '../vote-rules.ts';

/** Awards a cluster proposes for its leading units (catalogue ids). */
export type LeadingUnitAwardTypeId = 'co-thi-dua-chinh-phu' | 'bang-khen-thu-tuong';

export interface LeadingUnitVoteRule {
  /** One award per seat, best first; the number of leading units is its length. */
  seatAwards: readonly LeadingUnitAwardTypeId[];
  /** Share of eligible members whose ballots make a round count, in (0, 1]. */
  quorum: number;
  /** Always a secret ballot for a cluster; kept in the rule so it is stated where the rule is read. */
  secret: true;
  /** Whether a member may choose itself. */
  selfVote: boolean;
  /** Runoff rounds held for one tie before the ranking decides it (≥ 0). */
  maxRunoffs: number;
  /** Only the members ranked this high or better (ties included) stand; every member when omitted. */
  candidatesFromTop?: number;
  /**
   * A seat needs more than half of the eligible members' ballots (see the module comment);
   * without it, as agreements recorded before it was kept, the most voted are placed.
   */
  majority?: boolean;
}

/** Seats `[start, end)` still to fill from `candidates`; `runoffs` held for this tie so far. */
export interface Contest {
  start: number;
  end: number;
  candidates: string[];
  runoffs: number;
}

export interface Placement {
  /** Seat index, 0 is the best seat. */
  position: number;
  unitId: string;
  awardTypeId: LeadingUnitAwardTypeId;
  round: number;
  decidedBy: 'vote' | 'ranking';
}

export interface UnfilledSeats {
  positions: number[];
  /** The units tied for them (`tieAfterRunoffs`), else empty. */
  tiedUnits: string[];
  reason: 'noQuorum' | 'noVotes' | 'tieAfterRunoffs' | 'noMajority';
}

/** A closed round as it may be shown: counts per candidate, never ballots. */
export interface RoundTally {
  round: number;
  seats: { start: number; end: number };
  candidates: string[];
  counts: Record<string, number>;
  cast: number;
  eligible: number;
  quorumMet: boolean;
  outcome: 'decided' | 'runoff' | 'noQuorum';
}

export interface Election {
  placements: Placement[];
  /** Contests still to vote on; the first is the current round's. */
  pending: Contest[];
  unfilled: UnfilledSeats[];
  rounds: RoundTally[];
}

/** Checks a rule; a bad one is a configuration bug, so a `RangeError` names the fields. */
export function leadingUnitVoteRuleProblems(rule: LeadingUnitVoteRule): string[] {
  const problems: string[] = [];
  const awards: unknown[] = ['co-thi-dua-chinh-phu', 'bang-khen-thu-tuong'];
  if (!Array.isArray(rule.seatAwards) || rule.seatAwards.length === 0 || !rule.seatAwards.every((award) => awards.includes(award))) problems.push('vote.seatAwards');
  if (!(typeof rule.quorum === 'number' && rule.quorum > 0 && rule.quorum <= 1)) problems.push('vote.quorum');
  if (rule.secret !== true) problems.push('vote.secret (a cluster votes by secret ballot)');
  if (typeof rule.selfVote !== 'boolean') problems.push('vote.selfVote');
  if (!(Number.isSafeInteger(rule.maxRunoffs) && rule.maxRunoffs >= 0)) problems.push('vote.maxRunoffs');
  if (rule.candidatesFromTop !== undefined && !(Number.isSafeInteger(rule.candidatesFromTop) && rule.candidatesFromTop > 0)) problems.push('vote.candidatesFromTop');
  if (rule.majority !== undefined && typeof rule.majority !== 'boolean') problems.push('vote.majority');
  return problems;
}

/** Candidates for the first round: every member, or the top of the ranking (ties at the cut included). */
export function electionCandidates(rule: LeadingUnitVoteRule, ranking: ReadonlyArray<{ memberId: string; rank: number }>): string[] {
  const top = rule.candidatesFromTop;
  return ranking.filter((entry) => top === undefined || entry.rank <= top).map((entry) => entry.memberId).sort();
}

/** A new election: one contest for every seat among `candidates`. */
export function startElection(rule: LeadingUnitVoteRule, candidates: readonly string[]): Election {
  return { placements: [], pending: [{ start: 0, end: rule.seatAwards.length, candidates: [...new Set(candidates)].sort(), runoffs: 0 }], unfilled: [], rounds: [] };
}

const range = (start: number, end: number) => Array.from({ length: Math.max(0, end - start) }, (_, index) => start + index);

/** Seat boundaries inside a contest where a tie matters: award changes, and its end. */
function cuts(contest: Contest, seatAwards: readonly string[]): number[] {
  return [...range(contest.start + 1, contest.end).filter((position) => seatAwards[position] !== seatAwards[position - 1]), contest.end];
}

/** Places `candidates` by `score` (higher first) on the contest's seats; groups straddling a cut come back as ties. */
function place(contest: Contest, candidates: readonly string[], score: (unitId: string) => number, seatAwards: readonly string[]) {
  const order = [...candidates].sort((a, b) => score(b) - score(a) || (a < b ? -1 : a > b ? 1 : 0));
  const placed: Array<{ position: number; unitId: string }> = [];
  const ties: Array<{ start: number; end: number; units: string[] }> = [];
  let position = contest.start;
  for (let index = 0; index < order.length && position < contest.end; ) {
    const group = order.slice(index).filter((unitId) => score(unitId) === score(order[index]!));
    const groupEnd = position + group.length;
    if (cuts(contest, seatAwards).some((cut) => position < cut && cut < groupEnd)) ties.push({ start: position, end: Math.min(groupEnd, contest.end), units: group });
    else group.forEach((unitId, offset) => placed.push({ position: position + offset, unitId }));
    position = groupEnd;
    index += group.length;
  }
  return { placed, ties, firstUnplaced: position };
}

export interface RoundInput {
  /** Ballots per candidate of the current contest. */
  counts: Readonly<Record<string, number>>;
  /** Ballots cast in the round (a ballot for a candidate who left still counts towards the quorum). */
  cast: number;
  /** Members entitled to vote in the round. */
  eligible: number;
  /** Consolidated rank per member (1 best), for ties after the last runoff. */
  rankOf: Readonly<Record<string, number>>;
}

/**
 * Closes the current round (the first pending contest) and returns the election after it: seats
 * placed, runoffs queued, seats left unfilled (see the module comment). Pure; the input election
 * is not changed. Throws a `RangeError` when nothing is pending — a caller bug.
 */
export function closeRound(election: Election, rule: LeadingUnitVoteRule, input: RoundInput): Election {
  const [contest, ...rest] = election.pending;
  if (!contest) throw new RangeError('closeRound: the election has no open contest');
  const round = election.rounds.length + 1;
  const quorumMet = input.eligible > 0 && input.cast >= peopleNeeded(rule.quorum, input.eligible);
  const counts = Object.fromEntries(contest.candidates.map((unitId) => [unitId, input.counts[unitId] ?? 0]));
  const award = (position: number) => rule.seatAwards[position]!;
  const tally = (outcome: RoundTally['outcome']): RoundTally => ({
    round, seats: seatsVotedFor(rule, contest), candidates: contest.candidates, counts, cast: input.cast, eligible: input.eligible, quorumMet, outcome,
  });
  /** `units` on `seats` by the consolidated ranking; a tie there too leaves its seats open. */
  const byRanking = (seats: Contest, units: readonly string[]) => {
    const ranked = place(seats, units, (unitId) => -(input.rankOf[unitId] ?? Number.MAX_SAFE_INTEGER), rule.seatAwards);
    return {
      placements: ranked.placed.map(({ position, unitId }): Placement => ({ position, unitId, awardTypeId: award(position), round, decidedBy: 'ranking' })),
      unfilled: ranked.ties.map((still): UnfilledSeats => ({ positions: range(still.start, still.end), tiedUnits: still.units, reason: 'tieAfterRunoffs' })),
    };
  };
  // A runoff whose units all hold seats among these (a tie across an award change) only orders
  // them: each keeps a seat whatever it polls. Without quorum it is held again while runoffs
  // remain, then the ranking orders them.
  const ordersOnly = !rule.majority && contest.runoffs > 0 && contest.candidates.length <= contest.end - contest.start;
  if (!quorumMet && ordersOnly && contest.runoffs < rule.maxRunoffs) {
    return { ...election, pending: [{ ...contest, runoffs: contest.runoffs + 1 }, ...rest], rounds: [...election.rounds, tally('noQuorum')] };
  }
  if (!quorumMet && ordersOnly) {
    const ranked = byRanking(contest, contest.candidates);
    return {
      placements: [...election.placements, ...ranked.placements].sort((a, b) => a.position - b.position),
      pending: rest,
      unfilled: [...election.unfilled, ...ranked.unfilled],
      rounds: [...election.rounds, tally('noQuorum')],
    };
  }
  if (!quorumMet) {
    return { ...election, pending: rest, unfilled: [...election.unfilled, { positions: range(contest.start, contest.end), tiedUnits: [], reason: 'noQuorum' }], rounds: [...election.rounds, tally('noQuorum')] };
  }
  if (rule.majority) return closeMajorityRound(election, rule, contest, rest, counts, input.eligible, tally);
  const withVotes = ordersOnly ? contest.candidates : contest.candidates.filter((unitId) => (counts[unitId] ?? 0) > 0);
  const byVotes = place(contest, withVotes, (unitId) => counts[unitId] ?? 0, rule.seatAwards);
  const placements: Placement[] = byVotes.placed.map(({ position, unitId }) => ({ position, unitId, awardTypeId: award(position), round, decidedBy: 'vote' }));
  const unfilled: UnfilledSeats[] = byVotes.firstUnplaced < contest.end ? [{ positions: range(byVotes.firstUnplaced, contest.end), tiedUnits: [], reason: 'noVotes' }] : [];
  const runoffs: Contest[] = [];
  for (const tie of byVotes.ties) {
    const tied: Contest = { start: tie.start, end: tie.end, candidates: tie.units, runoffs: contest.runoffs + 1 };
    if (contest.runoffs < rule.maxRunoffs) {
      runoffs.push(tied);
      continue;
    }
    // Runoffs exhausted: the consolidated ranking decides; a tie there too leaves the seats open.
    const ranked = byRanking(tied, tie.units);
    placements.push(...ranked.placements);
    unfilled.push(...ranked.unfilled);
  }
  return {
    placements: [...election.placements, ...placements].sort((a, b) => a.position - b.position),
    pending: [...runoffs, ...rest].sort((a, b) => a.start - b.start),
    unfilled: [...election.unfilled, ...unfilled],
    rounds: [...election.rounds, tally(runoffs.length > 0 ? 'runoff' : 'decided')],
  };
}

/**
 * A round of a `majority` rule that met its quorum: the unit with more than half of the eligible
 * members' ballots takes the contest's first seat (and the seats after it go to a new contest);
 * else a runoff among the leading two, or, runoffs spent, the seats stay open.
 */
function closeMajorityRound(
  election: Election,
  rule: LeadingUnitVoteRule,
  contest: Contest,
  rest: Contest[],
  counts: Record<string, number>,
  eligible: number,
  tally: (outcome: RoundTally['outcome']) => RoundTally,
): Election {
  const votes = (unitId: string) => counts[unitId] ?? 0;
  const order = [...contest.candidates].sort((a, b) => votes(b) - votes(a) || (a < b ? -1 : a > b ? 1 : 0));
  const leader = order[0];
  if (leader !== undefined && votes(leader) * 2 > eligible) {
    const placement: Placement = { position: contest.start, unitId: leader, awardTypeId: rule.seatAwards[contest.start]!, round: election.rounds.length + 1, decidedBy: 'vote' };
    // The seats after it: every unit of the first round not placed, not only a runoff's finalists.
    const placed = new Set([...election.placements.map((seat) => seat.unitId), leader]);
    const others = (election.rounds[0]?.candidates ?? contest.candidates).filter((unitId) => !placed.has(unitId));
    const next: Contest[] = contest.start + 1 < contest.end && others.length > 0 ? [{ start: contest.start + 1, end: contest.end, candidates: others, runoffs: 0 }] : [];
    const unfilled: UnfilledSeats[] = contest.start + 1 < contest.end && others.length === 0 ? [{ positions: range(contest.start + 1, contest.end), tiedUnits: [], reason: 'noVotes' }] : [];
    return {
      placements: [...election.placements, placement].sort((a, b) => a.position - b.position),
      pending: [...next, ...rest].sort((a, b) => a.start - b.start),
      unfilled: [...election.unfilled, ...unfilled],
      rounds: [...election.rounds, tally('decided')],
    };
  }
  if (contest.runoffs < rule.maxRunoffs && leader !== undefined && votes(leader) > 0) {
    // The leading two: everyone tied for the lead, or the lead and everyone tied second.
    const tiedFirst = order.filter((unitId) => votes(unitId) === votes(leader));
    const second = order[tiedFirst.length];
    // A unit no ballot named is no finalist: the leader alone stands again then.
    const finalists = tiedFirst.length > 1 || second === undefined || votes(second) === 0 ? tiedFirst : [...tiedFirst, ...order.filter((unitId) => votes(unitId) === votes(second))];
    return {
      ...election,
      pending: [{ ...contest, candidates: [...finalists].sort(), runoffs: contest.runoffs + 1 }, ...rest],
      rounds: [...election.rounds, tally('runoff')],
    };
  }
  const reason = leader !== undefined && votes(leader) > 0 ? 'noMajority' : 'noVotes';
  return {
    ...election,
    pending: rest,
    unfilled: [...election.unfilled, { positions: range(contest.start, contest.end), tiedUnits: [], reason }],
    rounds: [...election.rounds, tally('decided')],
  };
}

/** The seats a round of `contest` votes for: under `majority` its first seat alone, else all of them. */
export function seatsVotedFor(rule: Pick<LeadingUnitVoteRule, 'majority'>, contest: Pick<Contest, 'start' | 'end'>): { start: number; end: number } {
  return { start: contest.start, end: rule.majority ? Math.min(contest.end, contest.start + 1) : contest.end };
}

/**
 * The election with the current contest's candidates limited to `members` (those still taking
 * part when a round opens): a unit merged away since the contest was set cannot be elected.
 */
export function withCandidatesAmong(election: Election, members: readonly string[]): Election {
  const [contest, ...rest] = election.pending;
  if (!contest || contest.candidates.every((unitId) => members.includes(unitId))) return election;
  return { ...election, pending: [{ ...contest, candidates: contest.candidates.filter((unitId) => members.includes(unitId)) }, ...rest] };
}

/** The contest being voted on, `undefined` once the election is over. */
export function currentContest(election: Election): Contest | undefined {
  return election.pending[0];
}
