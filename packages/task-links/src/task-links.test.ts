import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createTaskLinks } from './task-links.ts';

const secret = 'a-test-secret-that-is-long-enough-000';

describe('task links', () => {
  const links = createTaskLinks({ secret, publicUrl: 'https://vinhdanh.example.gov.vn/' });

  it('when links are made, then each has a token of 256 random bits, its SHA-256 and its page, and no two are alike', () => {
    const made = Array.from({ length: 1000 }, () => links.newLink());
    for (const link of made) {
      assert.equal(Buffer.from(link.token, 'base64url').length, 32);
      assert.equal(links.isWellFormed(link.token), true);
      assert.equal(link.tokenHash, createHash('sha256').update(link.token).digest('hex'));
      assert.equal(link.tokenHash, links.hashToken(link.token));
      assert.equal(link.url, `https://vinhdanh.example.gov.vn/tasks/${link.token}`);
    }
    assert.equal(new Set(made.map((link) => link.token)).size, made.length);
  });

  it('when a string is not shaped like a token, then it is not well formed', () => {
    for (const bad of ['', 'a'.repeat(42), 'a'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`]) assert.equal(links.isWellFormed(bad), false, bad);
  });

  it('when keys are derived, then one purpose gives one key, another purpose or secret another', () => {
    assert.deepEqual(links.keyFor('csrf'), links.keyFor('csrf'));
    assert.notDeepEqual(links.keyFor('csrf'), links.keyFor('other'));
    const otherSecret = createTaskLinks({ secret: `${secret}-x`, publicUrl: 'https://vinhdanh.example.gov.vn' });
    assert.notDeepEqual(links.keyFor('csrf'), otherSecret.keyFor('csrf'));
  });

  it('when the secret is shorter than 32 characters, then no links are made', () => {
    assert.throws(() => createTaskLinks({ secret: 'short', publicUrl: 'http://localhost' }), /at least 32 characters/);
  });

  it('when there is no secret (a worker), then links are made all the same and no key can be derived', () => {
    const workerLinks = createTaskLinks({ publicUrl: 'http://localhost' });
    assert.equal(workerLinks.isWellFormed(workerLinks.newLink().token), true);
    assert.throws(() => workerLinks.keyFor('csrf'), /TASK_LINK_SECRET/);
  });
});
