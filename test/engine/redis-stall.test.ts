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
    const { engine, store, redis, queues } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
    // Every client, this runtime's included, waits for 15 s: longer than both calls' 5 s relay waits.
    await redis.call('CLIENT', 'PAUSE', '15000', 'ALL');
    const timed = async <T>(call: () => Promise<T>) => {
      const startedAt = Date.now();
      const result = await call();
      return { result, ms: Date.now() - startedAt };
    };
    // A timer due within the engine's horizon: its delayed job is relayed after the commit.
    const started = await timed(() => engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 20_000, nextMs: 60_000 } }));
    const dispatched = await timed(() => engine.dispatch({ instanceId, eventId: 'during-stall', event: { type: 'record', seq: 1 } }));
    assert.ok(started.result.created);
    assert.equal(dispatched.result, 'accepted');
    for (const [call, ms] of [['startInstance', started.ms], ['dispatch', dispatched.ms]] as const) {
      assert.ok(ms >= 4_500 && ms < 7_000, `${call} waited for Redis, then returned while it was still paused (${ms} ms)`);
    }
    assert.ok((await store.inbox.listPending(new Date(Date.now() + 60_000), 1000)).some((event) => event.eventId === 'during-stall'), 'the event is in the store');
    assert.equal((await store.timers.listPending(new Date(Date.now() + 60_000), 1000)).filter((timer) => timer.instanceId === started.result.instanceId).length, 1, 'the timer is in the store');
    // Once Redis answers, the timer's delayed job is there too.
    const [timer] = (await store.timers.listPending(new Date(Date.now() + 60_000), 1000)).filter((entry) => entry.instanceId === started.result.instanceId);
    await waitFor(() => queues.timers.getJob(timer!.timerId.replaceAll(':', '_')), Boolean, { what: 'the timer job in Redis', timeoutMs: 30_000 });
    // Redis answers again: the held jobs go out, and the event is applied.
    await waitFor(
      () => store.instances.get(instanceId),
      (instance) => ((instance?.snapshot as { context: { seen: number[] } } | undefined)?.context.seen ?? []).includes(1),
      { what: 'the event applied after the stall', timeoutMs: 30_000 },
    );
  });
});
