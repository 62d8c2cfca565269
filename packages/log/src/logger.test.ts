import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger, withLazyScope, withScope } from './logger.ts';

const capture = (level: 'info' | 'warn' = 'info') => {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({ service: 'test', level, destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { lines, log };
};

describe('scoped loggers', () => {
  it('when a scope logs, then every line carries its ids, none undefined, and secrets stay redacted', () => {
    const { lines, log } = capture();
    withScope(log, { jobId: 'j1', instanceId: 'i1', queue: undefined }).info({ token: 'secret' }, 'hello');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.jobId, 'j1');
    assert.equal(lines[0]!.instanceId, 'i1');
    assert.ok(!('queue' in lines[0]!));
    assert.equal(lines[0]!.token, '[redacted]');
  });

  it('when a database error is logged, then its statement stays and its parameters (personal data) do not', () => {
    const { lines, log } = capture();
    const error = Object.assign(new Error('date/time field value out of range'), { query: 'INSERT INTO award_history VALUES ($1)', params: ['individual:024185000996'] });
    log.error({ err: Object.assign(new Error('insert failed', { cause: error }), { parameters: ['024185000996'] }) }, 'failed');
    log.error({ err: error }, 'failed');
    assert.equal(JSON.stringify(lines).includes('024185000996'), false);
    assert.equal((lines[1]!.err as { query: string }).query, 'INSERT INTO award_history VALUES ($1)');
  });

  it('when a lazy scope is never used, then no child logger is made; when used, it logs as withScope does', () => {
    const { lines, log } = capture('warn');
    let children = 0;
    const child = log.child.bind(log);
    log.child = ((...args: Parameters<typeof log.child>) => {
      children += 1;
      return child(...args);
    }) as typeof log.child;
    const unused = withLazyScope(log, { jobId: 'quiet' });
    assert.ok(unused);
    assert.equal(children, 0, 'nothing made for a scope that logs nothing');

    const used = withLazyScope(log, { jobId: 'j2', instanceId: 'i2', queue: 'mail' });
    used.info('below the level');
    used.debug({ big: 'object' }, 'also below');
    assert.equal(children, 0, 'a line below the level makes nothing either');
    used.error({ err: new Error('boom'), password: 'p' }, 'job failed for good');
    used.warn('again');
    assert.equal(children, 1, 'one child, made on first use and kept');
    assert.deepEqual(lines.map((line) => line.msg), ['job failed for good', 'again']);
    for (const line of lines) assert.deepEqual([line.jobId, line.instanceId, line.queue], ['j2', 'i2', 'mail']);
    assert.equal(lines[0]!.password, '[redacted]');
    assert.equal((lines[0]!.err as { message: string }).message, 'boom');
    assert.equal(used.isLevelEnabled('warn'), true);
    assert.equal(used.isLevelEnabled('info'), false);
  });
});
