import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createGroupCommit } from './group-commit.ts';
import { lingerMs } from './statement-pump.ts';

interface Item {
  id: string;
  keys: string[];
  bad?: boolean;
}

/** An in-memory fake statement: records each group, answers when released, fails a group holding a bad item. */
function fakeStatement() {
  const groups: string[][] = [];
  const releases: Array<() => void> = [];
  const run = (items: Item[]) => {
    groups.push(items.map((item) => item.id));
    return new Promise<string[]>((resolve, reject) =>
      releases.push(() => (items.some((item) => item.bad) ? reject(new Error('constraint broken')) : resolve(items.map((item) => `done:${item.id}`)))),
    );
  };
  return { groups, releases, run };
}

/** Past the pump's linger: what was waiting has left. */
const turn = () => new Promise((resolve) => setTimeout(resolve, lingerMs + 1));
const item = (id: string, keys: string[] = [id], bad = false): Item => ({ id, keys, bad });

describe('group commit (in-memory fake statement)', () => {
  it('when commits are made in one turn, then they travel in one statement and each gets its own result', async () => {
    const { groups, releases, run } = fakeStatement();
    const commit = createGroupCommit({ run, keysOf: (x: Item) => x.keys });
    const results = Promise.all([commit(item('a')), commit(item('b')), commit(item('c'))]);
    await turn();
    assert.deepEqual(groups, [['a', 'b', 'c']]);
    releases[0]!();
    assert.deepEqual(await results, ['done:a', 'done:b', 'done:c']);
  });

  it('when commits come in separate turns within the linger, then they still travel in one statement', async () => {
    const { groups, releases, run } = fakeStatement();
    const commit = createGroupCommit({ run, keysOf: (x: Item) => x.keys, lingerMs: 50 });
    const first = commit(item('a'));
    await new Promise((resolve) => setImmediate(resolve));
    const second = commit(item('b'));
    assert.deepEqual(groups, [], 'nothing leaves before the linger is over');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(groups, [['a', 'b']]);
    releases[0]!();
    assert.deepEqual(await Promise.all([first, second]), ['done:a', 'done:b']);
  });

  it('when commits waited for a statement in flight, then they leave as it finishes, without a linger of their own', async () => {
    const { groups, releases, run } = fakeStatement();
    const commit = createGroupCommit({ run, keysOf: (x: Item) => x.keys, maxInFlight: 1, lingerMs: 200 });
    const first = commit(item('a'));
    await new Promise((resolve) => setTimeout(resolve, 210));
    assert.deepEqual(groups, [['a']]);
    const waiting = [commit(item('b')), commit(item('c'))];
    releases[0]!();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(groups, [['a'], ['b', 'c']], 'b and c left at once, well inside the 200 ms linger');
    releases[1]!();
    assert.deepEqual(await Promise.all(waiting), ['done:b', 'done:c']);
  });

  it('when two commits share a key, then the second waits for a later statement, and so does what follows it on that key', async () => {
    const { groups, releases, run } = fakeStatement();
    const commit = createGroupCommit({ run, keysOf: (x: Item) => x.keys, maxInFlight: 1 });
    const results = Promise.all([
      commit(item('a1', ['i:a'])),
      commit(item('b', ['i:b', 'n:1'])),
      commit(item('a2', ['i:a'])),
      commit(item('c', ['i:c', 'n:1'])),
      commit(item('d', ['i:d'])),
    ]);
    await turn();
    assert.deepEqual(groups, [['a1', 'b', 'd']]);
    releases[0]!();
    await turn();
    await turn();
    assert.deepEqual(groups, [['a1', 'b', 'd'], ['a2', 'c']]);
    releases[1]!();
    assert.deepEqual(await results, ['done:a1', 'done:b', 'done:a2', 'done:c', 'done:d']);
  });

  it('when a commit shares a key with a statement still running, then it waits for that one even though another may leave', async () => {
    const { groups, releases, run } = fakeStatement();
    const commit = createGroupCommit({ run, keysOf: (x: Item) => x.keys, maxInFlight: 2 });
    const first = commit(item('a1', ['i:a']));
    await turn();
    const second = commit(item('a2', ['i:a']));
    const other = commit(item('b', ['i:b']));
    await turn();
    assert.deepEqual(groups, [['a1'], ['b']], 'b leaves beside the running statement; a2 does not');
    releases[1]!();
    assert.equal(await other, 'done:b');
    await turn();
    await turn();
    assert.deepEqual(groups, [['a1'], ['b']], 'a2 still waits for a1');
    releases[0]!();
    assert.equal(await first, 'done:a1');
    await turn();
    await turn();
    assert.deepEqual(groups, [['a1'], ['b'], ['a2']]);
    releases[2]!();
    assert.equal(await second, 'done:a2');
  });

  it('when a statement fails, then each of its commits runs alone: the bad one fails, the others succeed', async () => {
    const { groups, releases, run } = fakeStatement();
    const commit = createGroupCommit({ run, keysOf: (x: Item) => x.keys });
    const settled = Promise.allSettled([commit(item('a')), commit(item('bad', ['bad'], true)), commit(item('c'))]);
    await turn();
    releases[0]!();
    for (let i = 1; i <= 3; i += 1) {
      while (releases.length <= i) await turn();
      releases[i]!();
    }
    const [a, bad, c] = await settled;
    assert.deepEqual(groups, [['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    assert.deepEqual(a, { status: 'fulfilled', value: 'done:a' });
    assert.equal(bad!.status, 'rejected');
    assert.deepEqual(c, { status: 'fulfilled', value: 'done:c' });
  });

  it('when a statement of one commit fails, then that commit fails without running again', async () => {
    const { groups, releases, run } = fakeStatement();
    const commit = createGroupCommit({ run, keysOf: (x: Item) => x.keys });
    const result = commit(item('bad', ['bad'], true));
    await turn();
    releases[0]!();
    await assert.rejects(result, /constraint broken/);
    assert.deepEqual(groups, [['bad']]);
  });

  it('when the statements in flight reach the limit, then later commits wait and leave together, at most maxBatch each', async () => {
    const { groups, releases, run } = fakeStatement();
    const commit = createGroupCommit({ run, keysOf: (x: Item) => x.keys, maxInFlight: 1, maxBatch: 2 });
    const first = commit(item('a'));
    await turn();
    const rest = Promise.all(['b', 'c', 'd'].map((id) => commit(item(id))));
    await turn();
    assert.deepEqual(groups, [['a']], 'nothing leaves while the limit is reached');
    releases[0]!();
    await first;
    await turn();
    await turn();
    assert.deepEqual(groups, [['a'], ['b', 'c']]);
    releases[1]!();
    await turn();
    await turn();
    assert.deepEqual(groups, [['a'], ['b', 'c'], ['d']]);
    releases[2]!();
    assert.deepEqual(await rest, ['done:b', 'done:c', 'done:d']);
  });
});
