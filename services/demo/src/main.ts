/**
 * `npm run demo`. Optional settings, each checked at start: DEMO_SEED (integer, default 2023),
 * DEMO_DAY_MS (how long a procedure day lasts, 50…86 400 000, default 400), DEMO_TIMEOUT_MS
 * (default 900 000); REDIS_URL to use a running Redis instead of a private redis-server (its
 * queues then take a prefix of their own, or QUEUE_PREFIX). Exits 0 when every nomination reached
 * its decision, 1 otherwise (also when stopped by Ctrl+C, after stopping what it started), 2 on a
 * bad setting.
 */
import { formatSummary } from './demo-summary.ts';
import { readDemoSettings } from './demo-settings.ts';
import { runDemo } from './demo.ts';

const settings = readDemoSettings(process.env);
if (!settings.ok) {
  process.stderr.write(`${settings.problems.join('\n')}\n`);
  process.exit(2);
}

const print = (line: string) => process.stdout.write(`${line}\n`);
// Ctrl+C (or SIGTERM, or the terminal closing): the run stops what it started (its redis-server,
// in a process group of its own that the terminal's signal does not reach) and its data folder.
// A second signal ends the process at once.
const stopping = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    process.stderr.write(`${signal}: stopping the demo and what it started…\n`);
    stopping.abort();
  });
}
try {
  const summary = await runDemo({
    ...settings.value,
    print,
    env: { REDIS_URL: process.env.REDIS_URL, QUEUE_PREFIX: process.env.QUEUE_PREFIX, LOG_LEVEL: process.env.LOG_LEVEL },
    signal: stopping.signal,
  });
  print('');
  print(formatSummary(summary));
  const decided = summary.nominations.length > 0 && summary.nominations.every((nomination) => nomination.status === 'approved');
  process.exitCode = decided ? 0 : 1;
} catch (error) {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
