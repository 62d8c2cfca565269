/**
 * Workers stopping with a drain timeout (WORKER_DRAIN_TIMEOUT_MS), on real Redis and PGlite: a
 * job that ends within it is finished before the workers close; one that does not is left to be
 * retried, its effect still pending in the store, and the close returns.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWorkers, type EffectHandlers } from '@vinh-danh/engine';
import { startHarness, testLog, type Harness } from '../support/harness.ts';
import { commitWithOutbox } from '../support/store-commits.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { waitFor } from '../support/wait.ts';

describe('closing workers within a drain timeout', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ definitions: testDefinitions, workers: 0, reconcileIntervalMs: 3_600_000 });
  });
  after(async () => {
    await harness?.close();
  });

  /** Commits an effect of `type` on the effects queue and relays it; its id. */
  async function effectOf(type: string): Promise<string> {
    const { engine, store } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
    const effect = { effectId: `${instanceId}.2.0`, instanceId, queue: 'effects', type, payload: {} };
    assert.equal((await commitWithOutbox(store, instanceId, { eventId: `${type}-1`, event: { type: 'finish' }, state: 'open', changed: true, outbox: [effect] })).outcome, 'committed');
    await engine.relay([effect], []);
    return effect.effectId;
  }

  /**
   * Workers on the effects queue whose handler of `type` holds its job until released, with such
   * a job committed and started: the effect's id, the workers, and the release.
   */
  async function heldJobOf(type: string) {
    const { runtime } = harness;
    let started = false;
    let release: () => void = () => {};
    const handlers: EffectHandlers = {
      [type]: async () => {
        started = true;
        await new Promise<void>((resolve) => (release = resolve));
      },
    };
    const workers = createWorkers({ engine: runtime.engine, store: runtime.store, handlers, log: testLog, connection: runtime.redis, prefix: runtime.queuePrefix, concurrency: 2, queues: ['effects'] });
    await workers.ready();
    const effectId = await effectOf(type);
    await waitFor(async () => started, (yes) => yes, { what: 'the job started' });
    return { effectId, workers, release: () => release() };
  }

  it('when a job in flight ends within the timeout, then it is finished before the workers close', async () => {
    const { effectId, workers, release } = await heldJobOf('brief');
    const closing = workers.close({ withinMs: 10_000 });
    release();
    assert.equal(await closing, 'drained');
    assert.equal((await harness.runtime.store.outbox.get(effectId))?.done, true);
  });

  it('when a job in flight outlasts the timeout, then the close returns timedOut and its effect stays pending in the store, for a retry', async () => {
    const { effectId, workers, release } = await heldJobOf('stuck');
    try {
      assert.equal(await workers.close({ withinMs: 500 }), 'timedOut');
      const row = await harness.runtime.store.outbox.get(effectId);
      assert.deepEqual([row?.done, row?.failed], [false, false], 'pending: the reconciler or a retry carries it out');
    } finally {
      // The job ends once released; the workers' close, begun above, finishes with it.
      release();
      assert.equal(await workers.close(), 'drained');
    }
  });
});
