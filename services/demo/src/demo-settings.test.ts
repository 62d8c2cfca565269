import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDemoSettings } from './demo-settings.ts';
import { taskLinksIn } from './simulated-people.ts';

describe('demo settings', () => {
  it('when nothing is set, then the defaults are used', () => {
    assert.deepEqual(readDemoSettings({}), { ok: true, value: { seed: 2023, dayMs: 400, timeoutMs: 900_000 } });
  });

  it('when a setting is not a whole number in range, then each bad one is named with what it accepts', () => {
    const read = readDemoSettings({ DEMO_SEED: 'abc', DEMO_DAY_MS: '10', DEMO_TIMEOUT_MS: '60000' });
    assert.equal(read.ok, false);
    assert.deepEqual(!read.ok && read.problems, [
      'DEMO_SEED must be a whole number from 0 to 2147483647 (got "abc")',
      'DEMO_DAY_MS must be a whole number from 50 to 86400000 (got "10")',
    ]);
  });
});

describe('task links in mail text', () => {
  it('when a mail names task links, then those under the gateway are found once each, and others are not', () => {
    const text = [
      'Mở / Open: http://localhost:4100/tasks/AbC-12_x',
      'again http://localhost:4100/tasks/AbC-12_x.',
      'tracking http://localhost:4100/track/VD-1 and http://evil.example/tasks/zzz',
    ].join('\n');
    assert.deepEqual(taskLinksIn(text, 'http://localhost:4100'), ['http://localhost:4100/tasks/AbC-12_x']);
  });
});
