/**
 * The test command's way of ending test files (test/support/exit-guard.ts), run as `npm test`
 * runs it (its Node flags read from package.json) on test files written for the purpose.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './child-process.ts';
import { tempDirs } from './temp-dirs.ts';

const newDir = tempDirs('vd-exit-guard-');

/** The Node flags of `npm test`, between `node` and the list of files. */
function testCommandFlags(): string[] {
  const script = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.test!;
  const flags = /&& node (.+?) \$\(find /.exec(script)?.[1];
  assert.ok(flags, `npm test runs node on the found files: ${script}`);
  return flags.split(' ');
}

/** Runs the test command, from the repository's root as npm does, on `files` (name → source) written to a fresh folder; exit code and output. */
function runTestCommand(files: Record<string, string>, lingerLimitMs: number): Promise<{ code: number | null; output: string }> {
  const dir = newDir();
  for (const [name, source] of Object.entries(files)) writeFileSync(path.join(dir, name), source);
  // This file's own process runs under the runner: its marker must not reach the runner started here.
  const { NODE_TEST_CONTEXT: _ownContext, ...env } = process.env;
  const child = spawn(process.execPath, [...testCommandFlags(), ...Object.keys(files).map((name) => path.join(dir, name))], {
    cwd: repoRoot,
    env: { ...env, TEST_LINGER_LIMIT_MS: String(lingerLimitMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const bound = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(bound);
      resolve({ code, output });
    }),
  );
}

const summaryOf = (output: string, field: string) => Number(new RegExp(`^ℹ ${field} (\\d+)$`, 'm').exec(output)?.[1]);

describe('how the test command ends a test file', () => {
  it('when a file runs hundreds of quick tests, then every one of them is counted, and its process ends by itself', async () => {
    const many = Array.from({ length: 600 }, (_, index) => `test('quick ${index}', () => {});`).join('\n');
    const { code, output } = await runTestCommand({ 'many.test.mjs': `import { test } from 'node:test';\n${many}\n` }, 30_000);
    assert.equal(code, 0, output.slice(-2000));
    assert.deepEqual([summaryOf(output, 'tests'), summaryOf(output, 'pass'), summaryOf(output, 'fail')], [600, 600, 0]);
  });

  it('when a file leaves a timer running after its tests, then it fails, naming what held it, and the run goes on to the next file', async () => {
    const { code, output } = await runTestCommand(
      {
        'a-leaks.test.mjs': `import { test } from 'node:test';\ntest('passes but leaves a timer', () => { setInterval(() => {}, 1000); });\n`,
        'b-after.test.mjs': `import { test } from 'node:test';\ntest('runs after it', () => {});\n`,
      },
      1_000,
    );
    assert.equal(code, 1, output.slice(-2000));
    assert.match(output, /a-leaks\.test\.mjs: still running 1 s after its last test; held open by: .*Timeout/);
    assert.match(output, /✔ runs after it/);
    assert.deepEqual([summaryOf(output, 'pass'), summaryOf(output, 'fail')], [2, 1], 'both tests passed; the leaking file failed');
  });
});
