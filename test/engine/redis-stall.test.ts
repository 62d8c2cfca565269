/**
 * A Redis that stalls (every client paused, as while it is down and ioredis holds the commands)
 * on a real private redis-server and PGlite: starting an instance and dispatching an event still
 * return once the store has them, and the work goes through when Redis answers again.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startRedisServer, type RedisServerHandle } from '@vinh-danh/queue';
import { startHarness, type Harness } from '../support/harness.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { waitFor } from '../support/wait.ts';

const tempDir = tempDirs('vd-redis-stall-');

describe('a stalled Redis', () => {
  let server: RedisServerHandle;
  let harness: Harness;
  let dataDir: string;
  before(async () => {
    dataDir = tempDir();
    server = await startRedisServer({ dataDir, appendOnly: false });
    harness = await startHarness({ definitions: testDefinitions, redisUrl: server.url });
  });
  after(async () => {
    await harness?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when Redis stops answering, then startInstance and dispatch return within the relay wait with the work stored, and it is applied once Redis answers', async () => {
    const { engine, store, redis } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
    // Every client, this runtime's included, waits for 8 s: longer than the engine's 5 s relay wait.
    const pausedAt = Date.now();
    await redis.call('CLIENT', 'PAUSE', '8000', 'ALL');
    const started = await engine.startInstance({ definitionId: 'ledger' });
    const dispatched = await engine.dispatch({ instanceId, eventId: 'during-stall', event: { type: 'record', seq: 1 } });
    const waited = Date.now() - pausedAt;
    assert.equal(dispatched, 'accepted');
    assert.ok(started.created);
    assert.ok(waited < 8000, `returned while Redis was still paused (after ${waited} ms)`);
    assert.ok((await store.inbox.listPending(new Date(Date.now() + 60_000), 1000)).some((event) => event.eventId === 'during-stall'), 'the event is in the store');
    // Redis answers again: the held jobs go out, and the event is applied.
    await waitFor(
      () => store.instances.get(instanceId),
      (instance) => ((instance?.snapshot as { context: { seen: number[] } } | undefined)?.context.seen ?? []).includes(1),
      { what: 'the event applied after the stall', timeoutMs: 30_000 },
    );
  });
});
