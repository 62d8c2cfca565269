/**
 * A rolling deploy, where old and new workers serve the same queues for a while: work that only
 * the new version can do is left for it, never failed for good by an old worker (real Redis,
 * real store). A new version registers `ledger@2`; the old one has `ledger@1` only.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createDefaultEffectHandlers, createDefinitionRegistry, createEngine, createMemoryMailer, createWorkers, UnknownDefinitionError, type Engine, type Workers } from '@vinh-danh/engine';
import { toJobId, workflowJobId } from '@vinh-danh/queue';
import { startHarness, testLog, type Harness } from '../support/harness.ts';
import { ledgerMachine, testDefinitions } from '../support/test-machines.ts';
import { commitWithOutbox } from '../support/store-commits.ts';
import { waitFor } from '../support/wait.ts';

const newerDefinitions = [...testDefinitions, { id: 'ledger', version: 2, machine: ledgerMachine }];

describe('a rolling deploy: old and new workers on one set of queues', () => {
  let harness: Harness;
  let newer: Engine;
  let newerWorkers: Workers | undefined;
  before(async () => {
    harness = await startHarness({ definitions: testDefinitions, staleMs: 1, reconcileIntervalMs: 3_600_000 });
    const { store, queues } = harness.runtime;
    newer = createEngine({ store, queues, registry: createDefinitionRegistry(newerDefinitions), log: testLog });
  });
  after(async () => {
    await newerWorkers?.close();
    await harness?.close();
  });

  it('when the registry is asked for a version newer than it has, then the error is retried; an unknown procedure or a retired version fails for good', () => {
    const registry = createDefinitionRegistry(testDefinitions);
    const refusal = (id: string, version: number) => {
      try {
        registry.get(id, version);
      } catch (error) {
        assert.ok(error instanceof UnknownDefinitionError);
        return error;
      }
      assert.fail(`${id}@${version} was found`);
    };
    assert.equal(refusal('ledger', 2).permanent, false);
    assert.match(refusal('ledger', 2).message, /ledger@2 is registered in this version of the workers \(a newer one has it\); retried/);
    assert.equal(refusal('nobody', 1).permanent, true);
    const retired = createDefinitionRegistry(newerDefinitions.filter((definition) => !(definition.id === 'ledger' && definition.version === 1)));
    assert.throws(() => retired.get('ledger', 1), (error: unknown) => error instanceof UnknownDefinitionError && error.permanent);
  });

  it('when an old worker takes an event of an instance a new version started, then the event is retried, not failed, and the new worker applies it', async () => {
    const { store, queues } = harness.runtime;
    const { instanceId } = await newer.startInstance({ definitionId: 'ledger' });
    assert.equal((await store.instances.get(instanceId))?.definitionVersion, 2);
    const eventId = randomUUID();
    await harness.runtime.engine.dispatch({ instanceId, eventId, event: { type: 'record', seq: 7 } });
    const job = await waitFor(
      () => queues.workflow.getJob(workflowJobId(instanceId, eventId)),
      (found) => (found?.attemptsMade ?? 0) >= 1,
      { what: 'the old worker tried the event' },
    );
    assert.match(job!.failedReason, /ledger@2 .*a newer one has it/);
    assert.notEqual(await job!.getState(), 'failed', 'retried, not failed for good');
    assert.equal((await store.inbox.listFailed(100)).filter((row) => row.instanceId === instanceId).length, 0);

    // The rollout goes on: the new worker starts.
    newerWorkers = createWorkers({
      engine: newer,
      store,
      handlers: createDefaultEffectHandlers({ store, mailer: createMemoryMailer() }),
      log: testLog,
      connection: harness.runtime.redis,
      prefix: harness.runtime.queuePrefix,
      concurrency: 4,
    });
    await newerWorkers.ready();
    const applied = await waitFor(() => store.instances.get(instanceId), (instance) => instance?.version === 2, { what: 'the new worker applied it' });
    assert.deepEqual((applied!.snapshot as { context: { seen: number[] } }).context.seen, [7]);
  });

  it('when an old worker takes an effect of a type only the new version handles, then the effect is retried, not failed, and a new worker carries it out', async () => {
    const { engine, store, queues } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
    const effect = { effectId: `${instanceId}.2.stamp`, instanceId, queue: 'effects', type: 'stampLedger', payload: { seq: 3 } };
    const result = await commitWithOutbox(store, instanceId, { eventId: 'stamp-1', event: { type: 'finish' }, state: 'open', changed: true, outbox: [effect] });
    assert.equal(result.outcome, 'committed');
    await engine.relay([effect], []);
    const job = await waitFor(() => queues.effects.getJob(toJobId(effect.effectId)), (found) => (found?.attemptsMade ?? 0) >= 1, { what: 'the old worker tried the effect' });
    assert.match(job!.failedReason, /no handler for effect type "stampLedger" in this version of the workers \(a newer one may have it\); retried/);
    assert.notEqual(await job!.getState(), 'failed', 'retried, not failed for good');
    assert.equal((await store.outbox.get(effect.effectId))?.failed, false);

    // A new version's worker, which knows the type, takes it on one of its retries.
    const stamped: unknown[] = [];
    const stampers = createWorkers({
      engine: newer,
      store,
      handlers: { stampLedger: async (payload) => void stamped.push(payload) },
      log: testLog,
      connection: harness.runtime.redis,
      prefix: harness.runtime.queuePrefix,
      concurrency: 2,
      queues: ['effects'],
    });
    try {
      await stampers.ready();
      await waitFor(() => store.outbox.get(effect.effectId), (row) => row?.done === true, { what: 'the effect carried out', timeoutMs: 60_000 });
      assert.deepEqual(stamped, [{ seq: 3 }]);
    } finally {
      await stampers.close();
    }
  });

  it('when an old version is handed, with the ages a reconciler reads, effects for a queue only the new version has, then it leaves a recent one pending and fails one no version relayed for an hour', async () => {
    const { engine, store } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
    const row = (queue: string, ageMs: number) => ({
      effectId: `${instanceId}.${ageMs}.${queue}`,
      instanceId,
      queue,
      type: 'notify',
      payload: {},
      createdAt: new Date(Date.now() - ageMs),
    });
    const recent = row('newer-queue', 60_000);
    const abandoned = row('newer-queue', 2 * 60 * 60 * 1000);
    const result = await commitWithOutbox(store, instanceId, {
      eventId: 'from-a-newer-version',
      event: { type: 'finish' },
      state: 'open',
      changed: false,
      outbox: [recent, abandoned].map(({ createdAt: _stored, ...kept }) => kept),
    });
    assert.equal(result.outcome, 'committed');
    // The store stamps rows when committed; the relay is handed the ages a reconciler would read.
    await engine.relay([recent, abandoned], []);
    assert.equal((await store.outbox.get(recent.effectId))?.done, false);
    const pending = (await store.outbox.listPending(new Date(Date.now() + 60_000), 1000)).map((entry) => entry.effectId);
    assert.ok(pending.includes(recent.effectId), 'a recent row is left for the new version');
    assert.ok(!pending.includes(abandoned.effectId), 'an hour later, no version has relayed it: failed');
    const failed = (await store.outbox.listFailed(100)).find((entry) => entry.effectId === abandoned.effectId);
    assert.match(failed?.error ?? '', /UnknownQueueError: no queue "newer-queue" in this version/);
  });
});
