import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningChild {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a TypeScript entry point of the repo under tsx with the given environment. With
 * `processGroup`, it leads a process group of its own, as a command run from a terminal does:
 * `process.kill(-child.pid, signal)` then signals it and every child it did not set apart.
 */
export function startTsProcess(entry: string, env: Record<string, string | undefined>, options: { processGroup?: boolean } = {}): RunningChild {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.processGroup ?? false,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Resolves when the child prints `marker`; rejects if it exits first or the bound passes. */
export function waitForOutput(running: RunningChild, marker: string | RegExp, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const matches = () => (typeof marker === 'string' ? running.output().includes(marker) : marker.test(running.output()));
    if (matches()) return resolve();
    const timer = setTimeout(() => finish(new Error(`no "${String(marker)}" within ${timeoutMs} ms; output:\n${running.output()}`)), timeoutMs);
    const onData = () => matches() && finish();
    const onExit = () => finish(new Error(`process exited before "${String(marker)}"; output:\n${running.output()}`));
    const finish = (error?: Error) => {
      clearTimeout(timer);
      running.child.stdout!.off('data', onData);
      running.child.stderr!.off('data', onData);
      running.child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    running.child.stdout!.on('data', onData);
    running.child.stderr!.on('data', onData);
    running.child.once('exit', onExit);
  });
}
