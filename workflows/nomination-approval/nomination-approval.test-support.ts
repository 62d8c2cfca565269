/**
 * Test support: a fixture and a tiny stand-in for the engine that drives the machine through
 * xstate's pure `initialTransition` / `transition`, keeping armed timers the way the engine's
 * scheduler would (raise with a delay arms, cancel disarms, firing sends the raised event).
 */
import type { SnapshotFrom } from 'xstate';
import { SimulatedRun } from '../testing/simulated-run.ts';
import {
  nominationApprovalMachine as machine,
  type NominationApprovalInput,
  type NominationApprovalTiming,
} from './index.ts';

export type Snapshot = SnapshotFrom<typeof machine>;

/** Tiny, distinct durations so every assertion can tell the timers apart. */
export const timing: NominationApprovalTiming = {
  unitLeaderReviewMs: 500,
  officerReviewMs: 800,
  reminderBeforeMs: 100,
  escalationWindowMs: 300,
  resubmitWindowMs: 1500,
};

export const input: NominationApprovalInput = {
  nominationId: 'nom-1',
  submitter: 'submitter',
  approvers: { unitLeader: 'leader', unitLeaderEscalation: 'deputy', officer: 'officer', officerEscalation: 'chief' },
  timing,
};

export { effectsOf } from '../testing/simulated-run.ts';

/** One procedure instance run in memory, as the engine would run it. */
export class SimulatedInstance extends SimulatedRun<typeof machine> {
  constructor(startInput: NominationApprovalInput = input) {
    super(machine, startInput);
  }
}
