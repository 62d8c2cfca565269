import { createActor, type ActorScope, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import type { MachineAction } from './plan-effects.ts';

/**
 * The next snapshot and the actions of one event on a persisted snapshot, without running any
 * action: what xstate's `machine.resolveState` + `transition()` compute, done cheaper.
 *
 * `transition()` builds a throwaway actor for its scope, and that actor's constructor computes
 * the machine's *initial* snapshot: it runs the context factory (with no input — for most of
 * our machines that throws, and xstate catches it) and resolves every initial entry action,
 * on every event. Here the scope's actor is made from the persisted snapshot instead
 * (`restoreSnapshot`, which a running actor uses too, and which also keeps history values
 * that `resolveState` drops); the transition itself is the machine's own, with an action
 * executor that only collects, exactly as `transition()` has it.
 */
export function restoreSnapshot(machine: AnyStateMachine, persisted: unknown) {
  const self = createActor(machine, { snapshot: persisted as never });
  const snapshot = self.getSnapshot() as AnyMachineSnapshot;
  // xstate answers a snapshot it cannot restore (a state the machine lacks) with an error
  // snapshot, not a throw, and the transition then fails obscurely: said here, with its reason.
  if (snapshot.status === 'error' && (persisted as { status?: unknown } | null)?.status !== 'error') {
    const reason = (snapshot as { error?: unknown }).error;
    throw new Error(reason instanceof Error ? reason.message : String(reason));
  }
  return { self, snapshot };
}

/** A scope whose action executor only collects the actions, into `actions`. */
function collectingScope(self: AnyActorRef, actions: MachineAction[]) {
  return {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: (action: MachineAction) => {
      actions.push(action);
    },
  } as unknown as ActorScope<AnyMachineSnapshot, EventObject>;
}

export function transitionFrom(
  machine: AnyStateMachine,
  restored: ReturnType<typeof restoreSnapshot>,
  event: EventObject,
): [AnyMachineSnapshot, MachineAction[]] {
  const actions: MachineAction[] = [];
  const next = machine.transition(restored.snapshot, event, collectingScope(restored.self, actions)) as AnyMachineSnapshot;
  return [next, actions];
}

/** Per machine, the actor that stands as `self` in its initial transitions: built once. */
const initialSelves = new WeakMap<AnyStateMachine, AnyActorRef>();

/**
 * The initial snapshot and actions of a machine for `input`, without running any action: what
 * xstate's `initialTransition()` computes, done cheaper. That one builds a throwaway actor on
 * every call, whose constructor computes the initial snapshot a first time (with no input: the
 * context factory throws, xstate catches it) before the real computation. Here that actor is
 * built once per machine and stands as `self` in every call. Sound because our machines neither
 * invoke nor spawn actors (they are pure; their effects are actions), so nothing is registered
 * in that actor's system.
 */
export function initialFrom(machine: AnyStateMachine, input: unknown): [AnyMachineSnapshot, MachineAction[]] {
  let self = initialSelves.get(machine);
  if (!self) {
    self = createActor(machine);
    initialSelves.set(machine, self);
  }
  const actions: MachineAction[] = [];
  const snapshot = machine.getInitialSnapshot(collectingScope(self, actions), input) as AnyMachineSnapshot;
  return [snapshot, actions];
}
