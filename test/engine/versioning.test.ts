import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assign, setup } from 'xstate';
import { startHarness, type Harness } from '../support/harness.ts';
import { ledgerMachine } from '../support/test-machines.ts';
import { waitFor } from '../support/wait.ts';

/** Version 2 of the ledger records ten times the sequence number and needs `close` instead of `finish`. */
const ledgerV2 = setup({
  types: {} as { context: { seen: number[] }; events: { type: 'record'; seq: number } | { type: 'close' } },
}).createMachine({
  id: 'ledger',
  context: { seen: [] },
  initial: 'open',
  states: {
    open: {
      on: {
        record: { actions: assign({ seen: ({ context, event }) => [...context.seen, event.seq * 10] }) },
        close: 'closed',
      },
    },
    closed: { type: 'final' },
  },
});

describe('definition versions', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({
      definitions: [
        { id: 'ledger', version: 1, machine: ledgerMachine },
        { id: 'ledger', version: 2, machine: ledgerV2 },
      ],
    });
  });
  after(async () => {
    await harness?.close();
  });

  const instanceOf = (instanceId: string) => harness.runtime.store.instances.get(instanceId);
  const seen = async (instanceId: string) => ((await instanceOf(instanceId))?.snapshot as { context: { seen: number[] } }).context.seen;

  it('when a new version is registered, then new instances start on it and a running old instance completes on its own version', async () => {
    const { engine, store } = harness.runtime;
    // New instances start on the latest version.
    const current = await engine.startInstance({ definitionId: 'ledger' });
    assert.equal((await instanceOf(current.instanceId))?.definitionVersion, 2, 'the registry starts new instances on the latest version');
    // Pin one explicitly to version 1, as a store written by the previous release would hold it.
    const pinned = { ...(await instanceOf(current.instanceId))! };
    const v1Id = `${pinned.instanceId}-v1`;
    await store.instances.create({
      instanceId: v1Id,
      definitionId: 'ledger',
      definitionVersion: 1,
      snapshot: ledgerMachine.getPersistedSnapshot(ledgerMachine.resolveState({ value: 'open', context: { seen: [] } })),
      status: 'active',
      stateValue: 'open',
      startEvent: { eventId: 'start', event: { type: 'xstate.init' }, meta: {} },
      outbox: [],
      timers: [],
    });

    await engine.dispatch({ instanceId: v1Id, eventId: 'r1', event: { type: 'record', seq: 3 } });
    await engine.dispatch({ instanceId: current.instanceId, eventId: 'r1', event: { type: 'record', seq: 3 } });
    await waitFor(() => seen(v1Id), (s) => s.length === 1, { what: 'v1 instance applied' });
    await waitFor(() => seen(current.instanceId), (s) => s.length === 1, { what: 'v2 instance applied' });
    assert.deepEqual(await seen(v1Id), [3], 'version 1 semantics');
    assert.deepEqual(await seen(current.instanceId), [30], 'version 2 semantics');

    // Version 1 finishes with `finish`, an event version 2 does not know.
    await engine.dispatch({ instanceId: v1Id, eventId: 'f', event: { type: 'finish' } });
    await waitFor(async () => (await instanceOf(v1Id))?.status, (status) => status === 'done', { what: 'v1 instance completed' });
    assert.equal((await instanceOf(v1Id))?.definitionVersion, 1);
    assert.equal((await instanceOf(v1Id))?.stateValue, 'closed');
  });

  it('when an event reaches a finished instance, then it is recorded unchanged and the state stays final', async () => {
    const { engine, store } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
    await engine.dispatch({ instanceId, eventId: 'c', event: { type: 'close' } });
    await waitFor(async () => (await instanceOf(instanceId))?.status, (status) => status === 'done');
    await engine.dispatch({ instanceId, eventId: 'late', event: { type: 'record', seq: 1 } });
    const history = await waitFor(() => store.history.list(instanceId), (h) => h.length === 3, { what: 'late event recorded' });
    assert.equal(history[2]?.eventId, 'late');
    assert.equal(history[2]?.changed, false);
    assert.equal(history[2]?.toState, 'closed');
    assert.deepEqual(await seen(instanceId), []);
  });
});
