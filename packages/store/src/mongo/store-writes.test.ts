/** Helpers of the commit's writes, with no server. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDuplicateKey } from './mongo-connection.ts';
import { firstClosings } from './store-writes.ts';
import { insertedFields } from './validated-document.ts';

describe('commit helpers', () => {
  it('when a task is closed twice in one commit, then only its first closing counts, as closing one after the other would', () => {
    const closings = firstClosings([
      { taskId: 'a', status: 'done', outcome: 'vote' },
      { taskId: 'b', status: 'expired', outcome: 'expired' },
      { taskId: 'a', status: 'cancelled', outcome: 'withdrawn' },
    ]);
    assert.deepEqual(closings, [
      { taskId: 'a', status: 'done', outcome: 'vote' },
      { taskId: 'b', status: 'expired', outcome: 'expired' },
    ]);
    assert.deepEqual(firstClosings(undefined), []);
  });

  it('when an upsert inserts, then it sets every field but `_id` and those its filter fixes', () => {
    assert.deepEqual(insertedFields({ _id: 'x', instanceId: 'i', eventId: 'e', status: 'pending' }, ['instanceId', 'eventId']), { status: 'pending' });
  });

  it('when a write fails on a unique index, single or in a bulk write, then it is recognised; other errors are not', () => {
    assert.equal(isDuplicateKey({ code: 11000, message: 'E11000 duplicate key error' }), true);
    assert.equal(isDuplicateKey({ code: 65, writeErrors: [{ code: 121 }, { code: 11000 }] }), true);
    assert.equal(isDuplicateKey({ writeErrors: { code: 11000 } }), true);
    assert.equal(isDuplicateKey({ code: 112, errorLabels: ['TransientTransactionError'] }), false);
    assert.equal(isDuplicateKey(new Error('E11000 in a message only')), false);
    assert.equal(isDuplicateKey(null), false);
  });
});
