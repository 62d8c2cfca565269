/**
 * Test support: a fixture and a tiny stand-in for the engine that drives the machine through
 * xstate's pure `initialTransition` / `transition`, keeping armed timers the way the engine's
 * scheduler would (raise with a delay arms, cancel disarms, firing sends the raised event).
 */
import assert from 'node:assert/strict';
import { isEffectType, type EffectParamsByType, type EffectType } from '@vinh-danh/domain';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import {
  nominationApprovalMachine as machine,
  type NominationApprovalEvent,
  type NominationApprovalInput,
  type NominationApprovalTiming,
} from './index.ts';

export type Snapshot = SnapshotFrom<typeof machine>;

/** The part of an executable action the engine reads. */
interface Action {
  type: string;
  params?: unknown;
}

interface TimerParams {
  id: string;
  delay: number;
  event: { type: string };
}

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

/** Params of every effect of one type, in emission order. */
export function effectsOf<T extends EffectType>(actions: readonly Action[], type: T): Array<EffectParamsByType[T]> {
  return actions.filter((action) => action.type === type).map((action) => action.params as EffectParamsByType[T]);
}

/** `xstate.after.unitLeaderDeadline.nominationApproval…` → `unitLeaderDeadline`. */
function delayName(timerId: string): string {
  return timerId.split('.')[2] ?? timerId;
}

/** One procedure instance run in memory, as the engine would run it. */
export class SimulatedInstance {
  snapshot: Snapshot;
  /** Actions returned by the latest transition. */
  actions: readonly Action[];
  readonly #armedTimers = new Map<string, TimerParams>();

  constructor(startInput: NominationApprovalInput = input) {
    const [snapshot, actions] = initialTransition(machine, startInput);
    this.snapshot = snapshot;
    this.actions = actions;
    this.#track(actions);
  }

  send(event: NominationApprovalEvent): this {
    const [snapshot, actions] = transition(machine, this.snapshot, event);
    this.snapshot = snapshot;
    this.actions = actions;
    this.#track(actions);
    return this;
  }

  /** Fires the armed timer with that delay name, e.g. `officerDeadline`. */
  fire(name: string): this {
    const timerId = this.pendingTimerIds().find((id) => delayName(id) === name);
    assert.ok(timerId, `no ${name} timer armed; armed: ${this.pendingTimerIds().map(delayName).join(', ')}`);
    return this.fireId(timerId);
  }

  fireId(timerId: string): this {
    const timer = this.#armedTimers.get(timerId);
    assert.ok(timer, `timer ${timerId} is not armed`);
    this.#armedTimers.delete(timerId);
    // Timer events are not person events, so they are outside the machine's event type.
    return this.send(timer.event as unknown as NominationApprovalEvent);
  }

  pendingTimerIds(): string[] {
    return [...this.#armedTimers.keys()];
  }

  /** Delays armed by the latest transition, by delay name. */
  timerDelays(): Record<string, number> {
    return Object.fromEntries(
      this.actions
        .filter((action) => action.type === 'xstate.raise')
        .map((action) => action.params as TimerParams)
        .map((timer) => [delayName(timer.id), timer.delay]),
    );
  }

  /** Delay names disarmed by the latest transition. */
  cancelledTimers(): string[] {
    return this.actions
      .filter((action) => action.type === 'xstate.cancel')
      .map((action) => delayName((action.params as { sendId: string }).sendId));
  }

  /** Effects of the latest transition as the engine writes them to the outbox. */
  effects(): Array<{ type: EffectType; params: unknown }> {
    return this.actions.flatMap(({ type, params }) => (isEffectType(type) ? [{ type, params }] : []));
  }

  /** Replaces the snapshot by its persisted form after a JSON round trip. */
  persistAndRestore(): this {
    const stored: unknown = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(this.snapshot)));
    this.snapshot = machine.resolveState(stored as Parameters<typeof machine.resolveState>[0]);
    return this;
  }

  #track(actions: readonly Action[]): void {
    for (const action of actions) {
      if (action.type === 'xstate.raise') {
        const timer = action.params as TimerParams;
        this.#armedTimers.set(timer.id, timer);
      } else if (action.type === 'xstate.cancel') {
        this.#armedTimers.delete((action.params as { sendId: string }).sendId);
      }
    }
  }
}
