import { assign, cancel, raise, setup } from 'xstate';
import type { WorkflowDefinition } from '@vinh-danh/engine';

/**
 * A machine for runtime tests: every `record` event appends its sequence number to the
 * context and opens one task (an effect), so exactly-once application and effect delivery
 * are both visible in the store. `finish` ends it.
 */
export const ledgerMachine = setup({
  types: {} as {
    context: { seen: number[] };
    events: { type: 'record'; seq: number } | { type: 'finish' };
  },
  actions: { createTask: (_: unknown, _params: { taskKey: string; step: string; assignee: string; dueInMs: number }) => {} },
}).createMachine({
  id: 'ledger',
  context: { seen: [] },
  initial: 'open',
  states: {
    open: {
      on: {
        record: {
          actions: [
            assign({ seen: ({ context, event }) => [...context.seen, event.seq] }),
            {
              type: 'createTask',
              params: ({ event }) => ({ taskKey: `rec-${event.seq}`, step: 'record', assignee: 'ledger@test', dueInMs: 60_000 }),
            },
          ],
        },
        finish: 'closed',
      },
    },
    closed: { type: 'final' },
  },
});

/** Timers for runtime tests: `waiting` times out after `timeoutMs`; `go` leaves it for `next`, which completes after `nextMs`. */
export const timerMachine = setup({
  types: {} as { context: { timeoutMs: number; nextMs: number }; input: { timeoutMs: number; nextMs: number }; events: { type: 'go' } },
  delays: {
    timeout: ({ context }) => context.timeoutMs,
    next: ({ context }) => context.nextMs,
  },
}).createMachine({
  id: 'timer',
  context: ({ input }) => ({ timeoutMs: input.timeoutMs, nextMs: input.nextMs }),
  initial: 'waiting',
  states: {
    waiting: { after: { timeout: 'timedOut' }, on: { go: 'next' } },
    next: { after: { next: 'done' } },
    timedOut: { type: 'final' },
    done: { type: 'final' },
  },
});

/**
 * A state entered again: `waiting` times out after `timeoutMs` (to `timedOut`); `leave` goes
 * `away`, `back` returns to `waiting`, whose new entry sets a timer of its own.
 */
export const reentryMachine = setup({
  types: {} as { context: { timeoutMs: number }; input: { timeoutMs: number }; events: { type: 'leave' } | { type: 'back' } },
  delays: { timeout: ({ context }) => context.timeoutMs },
}).createMachine({
  id: 'reentry',
  context: ({ input }) => ({ timeoutMs: input.timeoutMs }),
  initial: 'waiting',
  states: {
    waiting: { after: { timeout: 'timedOut' }, on: { leave: 'away' } },
    away: { on: { back: 'waiting' } },
    timedOut: { type: 'final' },
  },
});

/**
 * A state entered and left in one step: `go` enters `passing`, whose `after` timer is set and,
 * while `skip` holds, cancelled at once by its eventless exit to `beyond`; `back` enters it again
 * for good, with a timeout of `stayMs`.
 */
export const passThroughMachine = setup({
  types: {} as {
    context: { skip: boolean; timeoutMs: number; stayMs: number };
    input: { timeoutMs: number; stayMs: number };
    events: { type: 'go' } | { type: 'back' };
  },
  delays: { timeout: ({ context }) => context.timeoutMs },
}).createMachine({
  id: 'passThrough',
  context: ({ input }) => ({ skip: true, timeoutMs: input.timeoutMs, stayMs: input.stayMs }),
  initial: 'idle',
  states: {
    idle: { on: { go: 'passing' } },
    passing: { after: { timeout: 'timedOut' }, always: { guard: ({ context }) => context.skip, target: 'beyond' } },
    beyond: { on: { back: { target: 'passing', actions: assign({ skip: false, timeoutMs: ({ context }) => context.stayMs }) } } },
    timedOut: { type: 'final' },
  },
});

/**
 * Delayed raises: on start, two `ping`s without an id and a `nudge` with the id `nudge`, each
 * after `delayMs`; `stopNudge` cancels the nudge; `finish` ends it.
 */
export const raiserMachine = setup({
  types: {} as {
    context: { delayMs: number; pings: number; nudged: boolean };
    input: { delayMs: number };
    events: { type: 'ping' } | { type: 'nudge' } | { type: 'stopNudge' } | { type: 'finish' };
  },
}).createMachine({
  id: 'raiser',
  context: ({ input }) => ({ delayMs: input.delayMs, pings: 0, nudged: false }),
  initial: 'running',
  states: {
    running: {
      entry: [
        raise({ type: 'ping' }, { delay: ({ context }) => context.delayMs }),
        raise({ type: 'ping' }, { delay: ({ context }) => context.delayMs }),
        raise({ type: 'nudge' }, { id: 'nudge', delay: ({ context }) => context.delayMs }),
      ],
      on: {
        ping: { actions: assign({ pings: ({ context }) => context.pings + 1 }) },
        nudge: { actions: assign({ nudged: true }) },
        stopNudge: { actions: cancel('nudge') },
        finish: 'finished',
      },
    },
    finished: { type: 'final' },
  },
});

/** Each `send` event mails `courier@test.vn` once (an outbox effect on the mail queue), its `seq` in the data. */
export const courierMachine = setup({
  types: {} as { context: { sent: number }; events: { type: 'send'; seq: number } },
  actions: { sendMail: (_: unknown, _params: { template: 'outcome'; to: string; data: { seq: number } }) => {} },
}).createMachine({
  id: 'courier',
  context: { sent: 0 },
  on: {
    send: {
      actions: [
        assign({ sent: ({ context }) => context.sent + 1 }),
        { type: 'sendMail', params: ({ event }) => ({ template: 'outcome' as const, to: 'courier@test.vn', data: { seq: event.seq } }) },
      ],
    },
  },
});

/** A guard that throws on `check` (a bug in a procedure): `record` still works. */
export const brittleMachine = setup({
  types: {} as { context: { checks: number }; events: { type: 'check' } | { type: 'record' } },
  guards: {
    broken: () => {
      throw new Error('the ranking rule is not defined');
    },
  },
}).createMachine({
  id: 'brittle',
  context: { checks: 0 },
  on: {
    check: { guard: 'broken', actions: assign({ checks: ({ context }) => context.checks + 1 }) },
    record: { actions: assign({ checks: ({ context }) => context.checks + 100 }) },
  },
});

export const testDefinitions: WorkflowDefinition[] = [
  { id: 'ledger', version: 1, machine: ledgerMachine },
  { id: 'timer', version: 1, machine: timerMachine },
  { id: 'reentry', version: 1, machine: reentryMachine },
  { id: 'raiser', version: 1, machine: raiserMachine },
  { id: 'courier', version: 1, machine: courierMachine },
  { id: 'passThrough', version: 1, machine: passThroughMachine },
  { id: 'brittle', version: 1, machine: brittleMachine },
];
