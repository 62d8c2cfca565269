/**
 * The embedded store's folder lock with real processes and files: a live holder refuses, a
 * dead one's lock is taken over, and processes finding one stale lock at the same moment end
 * with exactly one of them holding it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lockPgliteFolder, StoreInUseError } from './pglite-lock.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'vd-pglite-lock-'));
after(() => rmSync(root, { recursive: true, force: true }));
let serial = 0;
const freshFolder = () => path.join(root, `pglite-${(serial += 1)}`);

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

/** A live Node.js process, stopped after the test. */
function liveNode() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => child.kill('SIGKILL') };
}

describe('the embedded store folder lock', () => {
  it('when the lock was left by a process that is gone, then it is taken over, with this pid in it, and released on close', () => {
    const folder = freshFolder();
    writeFileSync(`${folder}.lock`, String(deadPid()));
    const release = lockPgliteFolder(folder);
    const [pid, host, token] = readFileSync(`${folder}.lock`, 'utf8').split('\n');
    assert.deepEqual([pid, host], [String(process.pid), os.hostname()]);
    assert.match(token!, /^[0-9a-f-]{36}$/);
    assert.equal(existsSync(`${folder}.lock.takeover`), false, 'the takeover leaves nothing behind');
    assert.deepEqual(readdirSync(root).filter((name) => name.startsWith(`${path.basename(folder)}.lock.`)), [], 'nor its draft');
    release();
    assert.equal(existsSync(`${folder}.lock`), false);
  });

  it('when this process opens the folder again, then it goes on; the lock is released once', () => {
    const folder = freshFolder();
    const release = lockPgliteFolder(folder);
    const again = lockPgliteFolder(folder);
    again();
    assert.equal(existsSync(`${folder}.lock`), true, 'the second opening releases nothing');
    release();
    assert.equal(existsSync(`${folder}.lock`), false);
  });

  it('when the lock names this process\'s pid but was written by another process (the one before a container restart, on the same host), then it is taken over, not taken for this one\'s', () => {
    const folder = freshFolder();
    const before = `${process.pid}\n${os.hostname()}\n${randomUUID()}\n`;
    writeFileSync(`${folder}.lock`, before);
    const release = lockPgliteFolder(folder);
    const now = readFileSync(`${folder}.lock`, 'utf8');
    assert.notEqual(now, before, 'the lock is this process\'s now');
    release();
    assert.equal(existsSync(`${folder}.lock`), false, 'and it releases it');
  });

  it('when the lock was written on another host (another container on a shared volume), even under this pid, then opening is refused naming that host and the file to remove, and the lock is left as it was', () => {
    const folder = freshFolder();
    const elsewhere = `${process.pid}\nother-container-7f3a\n${randomUUID()}\n`;
    writeFileSync(`${folder}.lock`, elsewhere);
    assert.throws(
      () => lockPgliteFolder(folder),
      (error: unknown) => error instanceof StoreInUseError && error.message.includes('on host other-container-7f3a') && error.message.includes(`remove ${folder}.lock`),
    );
    assert.equal(readFileSync(`${folder}.lock`, 'utf8'), elsewhere);
  });

  it('when a running Node.js process holds the lock, then opening is refused naming it, and its lock is left as it was', () => {
    const folder = freshFolder();
    const holder = liveNode();
    try {
      writeFileSync(`${folder}.lock`, String(holder.pid));
      assert.throws(() => lockPgliteFolder(folder), (error: unknown) => error instanceof StoreInUseError && error.message.includes(`running process ${holder.pid}`));
      assert.equal(readFileSync(`${folder}.lock`, 'utf8'), String(holder.pid));
    } finally {
      holder.stop();
    }
  });

  it('when another running process is taking a stale lock over, then opening is refused naming it, and touches neither file', () => {
    const folder = freshFolder();
    const gone = deadPid();
    const taker = liveNode();
    try {
      writeFileSync(`${folder}.lock`, String(gone));
      writeFileSync(`${folder}.lock.takeover`, String(taker.pid));
      assert.throws(() => lockPgliteFolder(folder), (error: unknown) => error instanceof StoreInUseError && error.message.includes(`process ${taker.pid}, which is taking its lock over`));
      assert.equal(readFileSync(`${folder}.lock`, 'utf8'), String(gone));
      assert.equal(readFileSync(`${folder}.lock.takeover`, 'utf8'), String(taker.pid));
    } finally {
      taker.stop();
    }
  });

  it('when a takeover was abandoned by a process that died in it, then opening is refused naming the file to remove; once removed, the lock is taken over', () => {
    const folder = freshFolder();
    writeFileSync(`${folder}.lock`, String(deadPid()));
    writeFileSync(`${folder}.lock.takeover`, String(deadPid()));
    assert.throws(() => lockPgliteFolder(folder), (error: unknown) => error instanceof StoreInUseError && error.message.includes(`${folder}.lock.takeover`) && error.message.includes('remove that file'));
    rmSync(`${folder}.lock.takeover`);
    lockPgliteFolder(folder)();
  });

  it('when the abandoned takeover was left under this process\'s pid (a container restarted, node again process 1), then it is not taken for a running one: the refusal names the file to remove', () => {
    const folder = freshFolder();
    writeFileSync(`${folder}.lock`, String(deadPid()));
    writeFileSync(`${folder}.lock.takeover`, `${process.pid}\n${os.hostname()}\n${randomUUID()}\n`);
    assert.throws(() => lockPgliteFolder(folder), (error: unknown) => error instanceof StoreInUseError && error.message.includes('which died while taking it over') && error.message.includes('remove that file'));
  });

  it('when several processes find the same stale lock at the same moment, then exactly one of them holds the store and the others are refused', async () => {
    const folder = freshFolder();
    writeFileSync(`${folder}.lock`, String(deadPid()));
    const lockModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pglite-lock.ts');
    // Each waits for the same moment, tries, and holds what it got until all have tried.
    const startAt = Date.now() + 3_000;
    const script = `
      import { lockPgliteFolder } from ${JSON.stringify(lockModule)};
      while (Date.now() < ${startAt}) await new Promise((resolve) => setTimeout(resolve, Math.max(0, ${startAt} - Date.now() - 2)));
      while (Date.now() < ${startAt}) {}
      let line;
      try { lockPgliteFolder(${JSON.stringify(folder)}); line = 'HELD'; } catch (error) { line = 'REFUSED ' + error.name; }
      process.stdout.write(line + '\\n');
      setTimeout(() => process.exit(0), 4_000);`;
    const contenders = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      return new Promise<string>((resolve) => child.once('exit', () => resolve(output.trim())));
    });
    const outcomes = await Promise.all(contenders);
    assert.equal(outcomes.filter((line) => line === 'HELD').length, 1, outcomes.join('\n'));
    assert.equal(outcomes.filter((line) => line === 'REFUSED StoreInUseError').length, 3, outcomes.join('\n'));
    assert.equal(existsSync(`${folder}.lock.takeover`), false);
  });
});
