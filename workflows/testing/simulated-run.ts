/**
 * Test support shared by every procedure's tests: a stand-in for the engine that drives a
 * machine through xstate's pure `initialTransition` / `transition`, keeping armed timers the way
 * the engine's scheduler would (a delayed raise arms, a cancel disarms, firing sends the raised
 * event), and the effects the engine would write to the outbox.
 */
import assert from 'node:assert/strict';
import { isEffectType, type EffectParamsByType, type EffectType } from '@vinh-danh/domain';
import { initialTransition, transition, type AnyStateMachine, type EventFromLogic, type InputFrom, type SnapshotFrom } from 'xstate';

/** The part of an executable action the engine reads. */
export interface Action {
  type: string;
  params?: unknown;
}

interface TimerParams {
  id: string;
  delay: number;
  event: { type: string };
}

/** `xstate.after.<delay>.<machine>.<state…>` → `<delay>`. */
export const delayName = (timerId: string): string => timerId.split('.')[2] ?? timerId;

/** Params of every effect of one type, in emission order. */
export function effectsOf<T extends EffectType>(actions: readonly Action[], type: T): Array<EffectParamsByType[T]> {
  return actions.filter((action) => action.type === type).map((action) => action.params as EffectParamsByType[T]);
}

/** One instance of `machine` run in memory, as the engine would run it. */
export class SimulatedRun<TMachine extends AnyStateMachine> {
  snapshot: SnapshotFrom<TMachine>;
  /** Actions returned by the latest transition. */
  actions: readonly Action[];
  /** Every action since the start, for checks over the whole run. */
  readonly history: Action[] = [];
  private armed = new Map<string, TimerParams>();

  constructor(
    readonly machine: TMachine,
    startInput: InputFrom<TMachine>,
  ) {
    const [snapshot, actions] = initialTransition(machine, startInput);
    this.snapshot = snapshot as SnapshotFrom<TMachine>;
    this.actions = actions;
    this.track(actions);
  }

  send(event: EventFromLogic<TMachine>): this {
    const [snapshot, actions] = transition(this.machine, this.snapshot, event);
    this.snapshot = snapshot as SnapshotFrom<TMachine>;
    this.actions = actions;
    this.track(actions);
    return this;
  }

  /** Fires the armed timer with that delay name, e.g. `levelDeadline`. */
  fire(name: string): this {
    const timerId = this.pendingTimerIds().find((id) => delayName(id) === name);
    assert.ok(timerId, `no ${name} timer armed; armed: ${this.pendingTimerIds().map(delayName).join(', ')}`);
    return this.fireId(timerId);
  }

  fireId(timerId: string): this {
    const timer = this.armed.get(timerId);
    assert.ok(timer, `timer ${timerId} is not armed`);
    this.armed.delete(timerId);
    // Timer events are not person events, so they are outside the machine's event type.
    return this.send(timer.event as unknown as EventFromLogic<TMachine>);
  }

  pendingTimerIds(): string[] {
    return [...this.armed.keys()];
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
    return this.actions.filter((action) => action.type === 'xstate.cancel').map((action) => delayName((action.params as { sendId: string }).sendId));
  }

  /** Effects of the latest transition as the engine writes them to the outbox. */
  effects(): Array<{ type: EffectType; params: unknown }> {
    return this.actions.flatMap(({ type, params }) => (isEffectType(type) ? [{ type, params }] : []));
  }

  /** Replaces the snapshot by its persisted form after a JSON round trip. */
  persistAndRestore(): this {
    const stored: unknown = JSON.parse(JSON.stringify(this.machine.getPersistedSnapshot(this.snapshot)));
    this.snapshot = this.machine.resolveState(stored as Parameters<TMachine['resolveState']>[0]) as SnapshotFrom<TMachine>;
    return this;
  }

  /** An independent copy at this point, timers included, to try another branch. */
  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, { machine: this.machine, snapshot: this.snapshot, actions: this.actions, history: [...this.history] });
    copy.armed = new Map(this.armed);
    return copy;
  }

  private track(actions: readonly Action[]): void {
    this.history.push(...actions);
    for (const action of actions) {
      if (action.type === 'xstate.raise') {
        const timer = action.params as TimerParams;
        this.armed.set(timer.id, timer);
      } else if (action.type === 'xstate.cancel') {
        this.armed.delete((action.params as { sendId: string }).sendId);
      }
    }
  }
}
