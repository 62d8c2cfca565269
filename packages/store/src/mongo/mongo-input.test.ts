/** Input casting and refusal, with no server: what keeps operator injection away from MongoDB. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import mongoose from 'mongoose';
import { asJson, dateValue, integerValue, keyText, keyTexts, limitValue, searchLimit, UnsafeQueryValueError } from './mongo-input.ts';
import { createModels } from './mongo-models.ts';

describe('keyText', () => {
  it('when a caller passes a query operator object as an id, then it is refused before any filter is built', () => {
    for (const hostile of [{ $gt: '' }, { $ne: null }, { $where: 'sleep(1000)' }, ['a', 'b'], null, undefined, () => 'x', Symbol('x')]) {
      assert.throws(() => keyText(hostile, 'nominationId'), UnsafeQueryValueError);
    }
  });

  it('when an id is refused, then the message names the field and the kind, never the value', () => {
    assert.throws(() => keyText({ $gt: 'secret-token' }, 'tokenHash'), (error: Error) => {
      assert.equal(error.name, 'UnsafeQueryValueError');
      assert.match(error.message, /^tokenHash must be a string, not an object$/);
      assert.doesNotMatch(error.message, /secret-token/);
      return true;
    });
  });

  it('when strings that look like operators or SQL are passed, then they come back unchanged, as text to compare', () => {
    for (const text of ['{"$gt": ""}', "' OR 1=1 --", '$where', '.*', '']) assert.equal(keyText(text, 'unitId'), text);
  });

  it('when numbers, bigints or booleans are passed, then they become their text as a SQL driver binds them', () => {
    assert.equal(keyText(2025, 'period'), '2025');
    assert.equal(keyText(12n, 'period'), '12');
    assert.equal(keyText(true, 'flag'), 'true');
    assert.throws(() => keyText(Number.NaN, 'period'), UnsafeQueryValueError);
    assert.throws(() => keyText(Number.POSITIVE_INFINITY, 'period'), UnsafeQueryValueError);
  });

  it('when a list of send ids holds an object, then the whole list is refused, naming the element', () => {
    assert.deepEqual(keyTexts(['reminder', 'deadline'], 'cancelSendIds'), ['reminder', 'deadline']);
    assert.throws(() => keyTexts(['reminder', { $exists: true }], 'cancelSendIds'), /cancelSendIds\[1\] must be a string/);
    assert.throws(() => keyTexts({ $in: [] }, 'cancelSendIds'), /cancelSendIds must be an array/);
  });
});

describe('numbers, dates and limits', () => {
  it('when a version is not a whole number, then it is refused', () => {
    assert.equal(integerValue(3, 'expectedVersion'), 3);
    for (const bad of [1.5, '3', { $gte: 0 }, Number.NaN, 2 ** 60]) assert.throws(() => integerValue(bad, 'expectedVersion'), UnsafeQueryValueError);
  });

  it('when a date is invalid or not a Date, then it is refused', () => {
    const now = new Date();
    assert.equal(dateValue(now, 'olderThan'), now);
    for (const bad of [new Date('nope'), '2025-01-01', { $lt: new Date() }, 0]) assert.throws(() => dateValue(bad, 'olderThan'), UnsafeQueryValueError);
  });

  it('when a page size is given, then whole numbers of at least 0 pass and others are refused, as SQL LIMIT does', () => {
    assert.equal(limitValue(0), 0);
    assert.equal(limitValue(100_000), 100_000);
    for (const bad of [-1, 2.5, '10', Number.NaN]) assert.throws(() => limitValue(bad), UnsafeQueryValueError);
  });

  it('when a search limit is absent, out of range or fractional, then it is 100 or kept within 1…1000, as in the SQL adapter', () => {
    assert.equal(searchLimit(undefined), 100);
    assert.equal(searchLimit(0), 1);
    assert.equal(searchLimit(-5), 1);
    assert.equal(searchLimit(2.9), 2);
    assert.equal(searchLimit(100_000), 1000);
    assert.throws(() => searchLimit({ $gt: 0 }), UnsafeQueryValueError);
  });
});

describe('asJson', () => {
  it('when a value holds undefined members, dates or nested arrays, then it comes back as a jsonb column would keep it', () => {
    const at = new Date('2025-03-01T02:00:00.000Z');
    assert.deepEqual(asJson({ a: undefined, at, list: [1, undefined, 'x'], nested: { keep: null } }), {
      at: '2025-03-01T02:00:00.000Z',
      list: [1, null, 'x'],
      nested: { keep: null },
    });
    assert.equal(asJson(undefined), null);
  });
});

describe('why the casting is needed', () => {
  it('when an object reaches a Mongoose filter uncast, then it is kept as an operator — the injection keyText prevents', (t) => {
    const connection = mongoose.createConnection();
    t.after(() => connection.close());
    const { nominations } = createModels(connection);
    const query = nominations.find({ _id: { $gt: '' } });
    query.cast(nominations);
    assert.deepEqual(query.getFilter(), { _id: { $gt: '' } });
    const safe = nominations.find({ _id: keyText('{"$gt": ""}', 'nominationId') });
    safe.cast(nominations);
    assert.deepEqual(safe.getFilter(), { _id: '{"$gt": ""}' });
  });
});
