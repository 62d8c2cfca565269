import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseTrackingCode } from './tracking.routes.ts';

describe('a tracking code as people type it', () => {
  it('when it is typed in lower case, with spaces, or without its VD prefix, then it reads as the code', () => {
    for (const typed of ['VD-7K2M-9QXA-4RTB', 'vd-7k2m-9qxa-4rtb', '7k2m 9qxa 4rtb', 'VD 7K2M9QXA4RTB']) assert.equal(normaliseTrackingCode(typed), 'VD-7K2M-9QXA-4RTB', typed);
  });

  it('when the code itself begins with VD and is typed without the prefix, then its own VD is kept', () => {
    assert.equal(normaliseTrackingCode('vdab cd12 3456'), 'VD-VDAB-CD12-3456');
    assert.equal(normaliseTrackingCode('VD-VDAB-CD12-3456'), 'VD-VDAB-CD12-3456');
  });
});
