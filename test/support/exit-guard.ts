/**
 * Loaded into every test file's process by `npm test` (`--import`): once the file's tests have
 * run, its process must end by itself. One still running {@link lingerLimitMs} after its last
 * test (a connection left retrying, a timer, a child process) exits 1, naming what holds it, so
 * the file fails instead of holding the run open.
 *
 * Node's `--test-force-exit` would end such a process too, but it exits before the process has
 * written all its results to the runner: passing tests then go missing from the runner's count.
 * This guard exits only a process that outlived its tests by far.
 */
import { after } from 'node:test';

/**
 * Longer than any file's own clean-up takes (stopping child processes, closing servers);
 * `TEST_LINGER_LIMIT_MS` sets another (the guard's own test does).
 */
const lingerLimitMs = Number(process.env.TEST_LINGER_LIMIT_MS) > 0 ? Number(process.env.TEST_LINGER_LIMIT_MS) : 60_000;

// Only in a file's process under the runner: the runner's own process, and a file run on its own, are left alone.
if (process.env.NODE_TEST_CONTEXT?.startsWith('child')) {
  after(() => {
    setTimeout(() => {
      const held = process.getActiveResourcesInfo().join(', ') || 'nothing Node can name';
      process.stderr.write(`${process.argv[1] ?? 'this test file'}: still running ${lingerLimitMs / 1000} s after its last test; held open by: ${held}\n`);
      process.exit(1);
    }, lingerLimitMs).unref();
  });
}
