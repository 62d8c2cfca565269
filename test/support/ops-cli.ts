import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './child-process.ts';

/**
 * Runs one operator command as `npm run store:… -- …` does (`node --import tsx
 * services/ops/src/main.ts COMMAND ARGS`), configured by `env` alone, to its end; resolves with
 * its exit code and everything it printed.
 */
export function runOps(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'services/ops/src/main.ts'), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}
