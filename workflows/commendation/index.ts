/**
 * Commendation: one procedure for every award, walking the route the catalogue resolves for it
 * (review, council vote, public disclosure, decision). See `commendation.machine.ts` for guarantees.
 */
import { commendationMachine, commendationMachineV1 } from './commendation.machine.ts';
import { commendationTimerDue } from './commendation.working-time.ts';

export { commendationMachine, objectionsOutlastPosting } from './commendation.machine.ts';
export { createCommendationContext, maxPendingObjections, objectionConfirmDays } from './commendation.context.ts';
export { commendationTimerDue } from './commendation.working-time.ts';
// Reject/RequestChanges/Resubmit/Withdraw events have the same names and shapes as nomination-approval's,
// so the workflows barrel exports those once (from there); the rest are named here.
export type {
  CommendationContext,
  CommendationEvent,
  CommendationInput,
  CommendationOutput,
  CommendationStatus,
  DecideEvent,
  DecisionIssuedEvent,
  ForwardEvent,
  ConfirmObjectionEvent,
  ObjectEvent,
  Objection,
  RecuseEvent,
  RejectionReason,
  VoteEvent,
} from './commendation.types.ts';

/**
 * What the engine registers and stores with each instance. `version` pins running instances
 * to the machine they started with: bump it (and keep the old definition) when a change would
 * not restore old persisted snapshots, or would give a worker of the version before a snapshot
 * it cannot restore (a state it lacks). A fix that only refuses what a guard wrongly allowed
 * applies to running instances too.
 * Version 2: a posting that ends waits for the objections filed in time (`disclosure.closing`).
 */
export const commendationDefinition = {
  id: 'commendation',
  version: 2,
  machine: commendationMachine,
  redactEvent: redactBallot,
  timerDue: commendationTimerDue,
} as const;

/** Version 1, kept for the instances it started: a posting that ends drops the objections still waiting. */
export const commendationDefinitionV1 = { ...commendationDefinition, version: 1, machine: commendationMachineV1 } as const;

/** A `vote` event is kept as "voted", never with its choice: the ballot is secret (bỏ phiếu kín). */
export function redactBallot<E extends { type: string; [field: string]: unknown }>(event: E): E {
  if (event.type !== 'vote' || !('ballot' in event)) return event;
  const { ballot: _secret, ...kept } = event;
  return kept as E;
}
