import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKeyBatcher } from './key-batcher.ts';
import { lingerMs } from './statement-pump.ts';

/** A `run` that records each batch and answers only when released, so batches can be observed in flight. */
function controlledRun() {
  const batches: string[][] = [];
  const releases: Array<() => void> = [];
  const run = (keys: string[]) => {
    batches.push(keys);
    return new Promise<Map<string, string>>((resolve) => releases.push(() => resolve(new Map(keys.map((key) => [key, `v:${key}`])))));
  };
  return { batches, releases, run };
}

/** Past the pump's linger: what was waiting has left. */
const turn = () => new Promise((resolve) => setTimeout(resolve, lingerMs + 1));
/** Two turns: one for the finished statement's bookkeeping to run, one for the flush it schedules. */
const turns = async () => {
  await turn();
  await turn();
};

describe('key batcher', () => {
  it('when calls are made in one turn, then they travel in one statement and each gets its own result', async () => {
    const { batches, releases, run } = controlledRun();
    const load = createKeyBatcher({ run, missing: 'none' });
    const results = Promise.all([load('a'), load('b'), load('c')]);
    await turn();
    assert.deepEqual(batches, [['a', 'b', 'c']]);
    releases[0]!();
    assert.deepEqual(await results, ['v:a', 'v:b', 'v:c']);
  });

  it('when the same key is asked twice before its statement leaves, then it is sent once and both callers get the answer', async () => {
    const { batches, releases, run } = controlledRun();
    const load = createKeyBatcher({ run, missing: 'none' });
    const results = Promise.all([load('a'), load('a')]);
    await turn();
    assert.deepEqual(batches, [['a']]);
    releases[0]!();
    assert.deepEqual(await results, ['v:a', 'v:a']);
  });

  it('when the statements in flight are at the limit, then later calls wait and leave together as the next batch', async () => {
    const { batches, releases, run } = controlledRun();
    const load = createKeyBatcher({ run, missing: 'none', maxInFlight: 1 });
    const first = load('a');
    await turn();
    const later = Promise.all([load('b'), load('c')]);
    await turn();
    assert.deepEqual(batches, [['a']], 'nothing leaves while the first statement runs');
    releases[0]!();
    assert.equal(await first, 'v:a');
    await turns();
    assert.deepEqual(batches, [['a'], ['b', 'c']]);
    releases[1]!();
    assert.deepEqual(await later, ['v:b', 'v:c']);
  });

  it('when more keys wait than one statement may carry, then they are split into batches of at most maxBatch', async () => {
    const { batches, releases, run } = controlledRun();
    const load = createKeyBatcher({ run, missing: 'none', maxBatch: 2, maxInFlight: 5 });
    const results = Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => load(key)));
    await turn();
    assert.deepEqual(batches, [['a', 'b'], ['c', 'd'], ['e']]);
    for (const release of releases) release();
    assert.deepEqual(await results, ['v:a', 'v:b', 'v:c', 'v:d', 'v:e']);
  });

  it('when the statement returns nothing for a key, then that caller gets the missing value', async () => {
    const load = createKeyBatcher<string, string | null>({ run: async () => new Map([['a', 'found']]), missing: null });
    assert.deepEqual(await Promise.all([load('a'), load('b')]), ['found', null]);
  });

  it('when the statement fails, then every caller of that batch is rejected and the next call is sent afresh', async () => {
    let calls = 0;
    const load = createKeyBatcher<string, string>({
      missing: 'none',
      async run(keys) {
        calls += 1;
        if (calls === 1) throw new Error('connection lost');
        return new Map(keys.map((key) => [key, 'ok']));
      },
    });
    const results = await Promise.allSettled([load('a'), load('b')]);
    assert.deepEqual(results.map((result) => result.status), ['rejected', 'rejected']);
    assert.equal(await load('a'), 'ok');
  });
});
