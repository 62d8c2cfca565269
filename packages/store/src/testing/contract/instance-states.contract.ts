import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Store } from '../../store.port.ts';
import { newInstance, newNomination, transition } from '../store-fixtures.ts';

/**
 * A state no other test uses (tests share one store per adapter), and instance ids that sort
 * alike in every adapter and collation: one prefix, then a letter.
 */
function freshState() {
  const run = randomUUID();
  return { stateValue: `disclosure.posted.${run}`, instanceId: (letter: string) => `${run}-${letter}` };
}

/** instances.listInState, history.lastEntered and history.get. */
export function instanceStatesContract(store: () => Store): void {
  describe('instances.listInState', () => {
    it('when instances enter and leave a state, then listInState returns those in it now, in instance id order, as get returns them', async () => {
      const { stateValue, instanceId } = freshState();
      const nomination = newNomination();
      await store().instances.create(newInstance({ instanceId: instanceId('c'), stateValue, nominationId: nomination.nominationId, nomination }));
      await store().instances.create(newInstance({ instanceId: instanceId('a'), stateValue }));
      await store().instances.create(newInstance({ instanceId: instanceId('d'), stateValue: 'review.pending' }));
      await store().instances.create(newInstance({ instanceId: instanceId('e'), stateValue }));
      // d enters the state, e leaves it.
      await store().instances.commit(transition({ instanceId: instanceId('d'), version: 1, stateValue: 'review.pending' }, { toState: stateValue }));
      await store().instances.commit(transition({ instanceId: instanceId('e'), version: 1, stateValue }, { toState: 'provinceSubmission' }));

      const listed = await store().instances.listInState(stateValue, 100);
      assert.deepEqual(listed.map((instance) => instance.instanceId), [instanceId('a'), instanceId('c'), instanceId('d')]);
      for (const instance of listed) assert.deepEqual(instance, await store().instances.get(instance.instanceId));
      assert.equal(listed[1]!.nominationId, nomination.nominationId);
      assert.equal(listed[2]!.version, 2);
    });

    it('when a limit and the last instance id of a page are given, then the pages follow in id order with no gap and no repeat', async () => {
      const { stateValue, instanceId } = freshState();
      const letters = ['a', 'b', 'c', 'd', 'e'];
      for (const letter of [...letters].reverse()) await store().instances.create(newInstance({ instanceId: instanceId(letter), stateValue }));

      const first = await store().instances.listInState(stateValue, 2);
      const second = await store().instances.listInState(stateValue, 2, first.at(-1)!.instanceId);
      const third = await store().instances.listInState(stateValue, 2, second.at(-1)!.instanceId);
      assert.deepEqual([first, second, third].map((page) => page.map((instance) => instance.instanceId)), [
        [instanceId('a'), instanceId('b')],
        [instanceId('c'), instanceId('d')],
        [instanceId('e')],
      ]);
      assert.deepEqual(await store().instances.listInState(stateValue, 2, instanceId('e')), []);
    });

    it('when no instance is in the state, or the limit is 0, then listInState returns nothing', async () => {
      const { stateValue, instanceId } = freshState();
      assert.deepEqual(await store().instances.listInState(stateValue, 10), []);
      await store().instances.create(newInstance({ instanceId: instanceId('a'), stateValue }));
      assert.deepEqual(await store().instances.listInState(stateValue, 0), []);
      assert.deepEqual(await store().instances.listInState(`${stateValue}.other`, 10), [], 'a state is matched whole, not as a prefix');
    });
  });

  describe('history.lastEntered', () => {
    it('when an instance enters a state, stays in it and enters it again, then lastEntered is the time of the newest entry into it, not of a move within it', async () => {
      const { stateValue, instanceId } = freshState();
      const id = instanceId('a');
      const review = `${stateValue}.review`;
      await store().instances.create(newInstance({ instanceId: id, stateValue: review }));
      assert.equal(await store().history.lastEntered(id, stateValue), null, 'never entered');
      let version = 1;
      const move = async (from: string, to: string) => {
        assert.equal((await store().instances.commit(transition({ instanceId: id, version, stateValue: from }, { toState: to }))).outcome, 'committed');
        version += 1;
      };
      await move(review, stateValue);
      await move(stateValue, stateValue);
      await move(stateValue, stateValue);
      let history = await store().history.list(id);
      assert.deepEqual(await store().history.lastEntered(id, stateValue), history[1]!.at, 'the entry, not the moves within the state after it');
      assert.deepEqual(await store().history.lastEntered(id, review), history[0]!.at, 'the first entry of an instance enters its state');

      await move(stateValue, review);
      await move(review, stateValue);
      await move(stateValue, stateValue);
      history = await store().history.list(id);
      assert.deepEqual(await store().history.lastEntered(id, stateValue), history[5]!.at, 'the newest entry');
      assert.notDeepEqual(history[5]!.at, history[1]!.at);
      assert.deepEqual(await store().history.lastEntered(id, review), history[4]!.at);
      assert.equal(await store().history.lastEntered(id, stateValue.split('.')[0]!), null, 'a state is matched whole, not as a prefix');
      assert.equal(await store().history.lastEntered(instanceId('unknown'), stateValue), null);
    });
  });

  describe('history.get', () => {
    it('when events are applied, then get returns the entry each produced, as list has it, and null for an event never applied', async () => {
      const { stateValue, instanceId } = freshState();
      const id = instanceId('a');
      await store().instances.create(newInstance({ instanceId: id, stateValue }));
      const moved = transition({ instanceId: id, version: 1, stateValue }, { toState: `${stateValue}.next` });
      assert.equal((await store().instances.commit(moved)).outcome, 'committed');
      const late = transition({ instanceId: id, version: 2, stateValue: `${stateValue}.next` }, { toState: `${stateValue}.next`, changed: false });
      assert.equal((await store().instances.commit(late)).outcome, 'committed');

      const history = await store().history.list(id);
      assert.equal(history.length, 3);
      assert.deepEqual(await store().history.get(id, moved.eventId), history[1]);
      const unchanged = await store().history.get(id, late.eventId);
      assert.deepEqual(unchanged, history[2]);
      assert.equal(unchanged!.changed, false);
      assert.equal(await store().history.get(id, 'never-applied'), null);
      assert.equal(await store().history.get(instanceId('unknown'), moved.eventId), null, 'an event id is looked up within its instance');
    });
  });
}
