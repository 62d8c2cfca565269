import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { HistoryEntry } from '@vinh-danh/store';
import type { Response } from 'express';
import { decisionEntries } from './decision-effect.ts';

/** What each event changed, as the pages read it: the entries' `changed`, undefined where not known. */
const decisionEffects = async (...args: Parameters<typeof decisionEntries>) => (await decisionEntries(...args)).map((entry) => entry?.changed);

/** An in-memory fake of the history port's `get`: entries appear when the test applies them; every look is counted. */
function fakeHistory() {
  const entries = new Map<string, HistoryEntry>();
  const looks: string[] = [];
  return {
    looks,
    apply(eventId: string, changed: boolean) {
      entries.set(eventId, { instanceId: 'i-1', version: entries.size + 2, eventId, eventType: 'decide', event: { type: 'decide' }, meta: { actor: 'a@b.example', source: 'task-link' }, fromState: 'x', toState: 'y', changed, at: new Date() });
    },
    history: {
      async get(instanceId: string, eventId: string) {
        looks.push(eventId);
        return instanceId === 'i-1' ? (entries.get(eventId) ?? null) : null;
      },
    },
  };
}

describe('decisionEntries (in-memory fake history)', () => {
  it('when the events are applied while it waits, then it answers each one\'s effect, and looks no more at one already known', async () => {
    const fake = fakeHistory();
    fake.apply('e-1', true);
    setTimeout(() => fake.apply('e-2', false), 60);
    const effects = await decisionEffects(fake.history, 'i-1', ['e-1', 'e-2'], { waitMs: 5_000 });
    assert.deepEqual(effects, [true, false]);
    assert.equal(fake.looks.filter((eventId) => eventId === 'e-1').length, 1, 'e-1 was known at the first look');
    assert.ok(fake.looks.filter((eventId) => eventId === 'e-2').length >= 2);
  });

  it('when an event is not applied within the wait, then its effect is unknown, and the looks thin out (fewer than one per 20 ms)', async () => {
    const fake = fakeHistory();
    const started = Date.now();
    assert.deepEqual(await decisionEffects(fake.history, 'i-1', ['e-1'], { waitMs: 600 }), [undefined]);
    assert.ok(Date.now() - started >= 590, 'it waited the whole time');
    assert.ok(fake.looks.length <= 8, `${fake.looks.length} looks in 600 ms`);
  });

  it('when the answer\'s connection closes, then it stops looking at once, its effect unknown', async () => {
    const fake = fakeHistory();
    const res = new EventEmitter();
    setTimeout(() => res.emit('close'), 50);
    const started = Date.now();
    assert.deepEqual(await decisionEffects(fake.history, 'i-1', ['e-1'], { res: res as unknown as Response, waitMs: 10_000 }), [undefined]);
    assert.ok(Date.now() - started < 5_000, 'it did not wait out the 10 s');
    const looks = fake.looks.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(fake.looks.length, looks, 'no look after it answered');
    assert.equal(res.listenerCount('close'), 0, 'it leaves no listener behind');
  });

  it('when the answer\'s connection had closed before it started (its close already emitted), then it looks once and answers at once', async () => {
    const fake = fakeHistory();
    const res = Object.assign(new EventEmitter(), { destroyed: true });
    const started = Date.now();
    assert.deepEqual(await decisionEffects(fake.history, 'i-1', ['e-1'], { res: res as unknown as Response, waitMs: 10_000 }), [undefined]);
    assert.ok(Date.now() - started < 5_000, 'it did not wait out the 10 s');
    assert.equal(fake.looks.length, 1);
  });
});
