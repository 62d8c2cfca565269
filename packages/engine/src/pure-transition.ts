import { createActor, type ActorScope, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
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
  return { self, snapshot: self.getSnapshot() as AnyMachineSnapshot };
}

export function transitionFrom(
  machine: AnyStateMachine,
  restored: ReturnType<typeof restoreSnapshot>,
  event: EventObject,
): [AnyMachineSnapshot, MachineAction[]] {
  const actions: MachineAction[] = [];
  const { self } = restored;
  const scope = {
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
  const next = machine.transition(restored.snapshot, event, scope) as AnyMachineSnapshot;
  return [next, actions];
}
