/**
 * The rate limits and the upload budget on a real Redis: counted once for every gateway process
 * (two limiters of one name stand for two replicas), each client on its own, and a Redis that
 * does not answer lets requests through, saying so in the log.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createRedisConnection, freePort } from '@vinh-danh/queue';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Redis } from 'ioredis';
import type { ParsedForm } from '../../services/gateway/src/http/form-body.ts';
import { HttpError } from '../../services/gateway/src/http/http-errors.ts';
import { hourlyUploadBudget, perHourLimit, perMinuteLimit } from '../../services/gateway/src/http/security.ts';
import { createSharedCounters, type SharedCounters } from '../../services/gateway/src/http/shared-limits.ts';
import { freshPrefix, startPrivateRedis, testRedisUrl } from '../support/redis.ts';
import { testLog } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

let redis: Redis;
before(async () => {
  redis = createRedisConnection(await testRedisUrl());
});
after(() => redis?.quit());

/** A request as the budget reads it: the client address and the files the form reader left. */
const upload = (ip: string, ...sizes: number[]) =>
  ({ ip, body: { files: sizes.map((size) => ({ field: 'attachments', filename: 'a.pdf', declaredType: 'application/pdf', content: Buffer.alloc(size) })) } as unknown as ParsedForm }) as unknown as Request;

/** What the middleware passed to `next`: undefined when the request goes on. */
const outcome = (middleware: ReturnType<typeof hourlyUploadBudget>, request: Request) =>
  new Promise<unknown>((resolve) => void middleware(request, {} as Response, (error?: unknown) => resolve(error)));

/** A log that keeps its warnings and errors. */
function keptLog() {
  const lines: string[] = [];
  const keep = (_fields: unknown, message?: string) => void lines.push(String(message ?? _fields));
  return { lines, log: { ...testLog, warn: keep, error: keep, info: () => {}, debug: () => {} } as unknown as typeof testLog };
}

/** A tiny app answering POST / through `limiter` and `handler`, a 429 (or any HttpError) through its error handler. */
async function serveBehind(limiter: RequestHandler, handler: RequestHandler) {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.post('/', limiter, handler);
  const toStatus: ErrorRequestHandler = (error, _req, res, _next) => void res.status(error instanceof HttpError ? error.status : 500).send(String(error instanceof HttpError ? error.text.en : error));
  app.use(toStatus);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A tiny app behind a limiter of `limit` per minute, answering 200. */
async function limitedApp(limit: number, counters: SharedCounters, name: string, log = testLog) {
  const served = await serveBehind(perMinuteLimit(limit, { vi: 'thử', en: 'test' }, { name, counters, log }), (_req, res) => void res.send('ok'));
  return {
    post: (client: string) => fetch(served.url, { method: 'POST', headers: { 'x-forwarded-for': client } }).then((response) => response.status),
    close: served.close,
  };
}

/** The objection form's kind of limit: two an hour, refusals taken back. */
const hourlyAccepted = (counters: SharedCounters) => perHourLimit(2, { vi: 'thử', en: 'test' }, { name: 'objection-hourly', counters, log: testLog, countRefused: false });

describe('limits shared by every gateway process (real Redis)', () => {
  it('when an hourly limit counts only what it accepts, then refused requests use up nothing and the accepted ones reach the limit; the 429 names the hour', async () => {
    const counters = createSharedCounters(redis, { prefix: freshPrefix('limits') });
    const served = await serveBehind(hourlyAccepted(counters), (req, res) => void res.status(req.query.refuse === undefined ? 200 : 400).send('answered'));
    try {
      const post = (query = '') => fetch(`${served.url}${query}`, { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.9' } });
      for (let attempt = 1; attempt <= 4; attempt += 1) assert.equal((await post('?refuse')).status, 400, `refused ${attempt}`);
      assert.equal((await post()).status, 200);
      assert.equal((await post()).status, 200);
      const limited = await post();
      assert.equal(limited.status, 429);
      assert.match(await limited.text(), /Too many test requests in an hour/);
    } finally {
      await served.close();
    }
  });

  it('when a client hangs up before its answer, then the request it left still counts against an hourly limit that counts only what it accepts', async () => {
    const counters = createSharedCounters(redis, { prefix: freshPrefix('limits') });
    let handled = 0;
    const served = await serveBehind(hourlyAccepted(counters), async (_req, res) => {
      // The work goes on after the client left (an objection dispatched, say); only then the answer.
      await new Promise((resolve) => setTimeout(resolve, 100));
      handled += 1;
      res.status(200).send('answered');
    });
    try {
      const hangUp = async () => {
        const socket = net.connect(served.port, '127.0.0.1');
        await once(socket, 'connect');
        socket.end('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 198.51.100.77\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        socket.destroy();
      };
      await hangUp();
      await hangUp();
      await waitFor(() => Promise.resolve(handled), (count) => count === 2, { what: 'both requests handled after their clients left' });
      const third = await fetch(served.url, { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.77' } });
      assert.equal(third.status, 429, 'the two requests taken count, though nobody read their answers');
    } finally {
      await served.close();
    }
  });

  it('when two gateway processes take requests from one client, then one per-minute limit counts them all; another client has its own', async () => {
    const counters = createSharedCounters(redis, { prefix: freshPrefix('limits') });
    const first = await limitedApp(3, counters, 'submission');
    const second = await limitedApp(3, counters, 'submission');
    const other = await limitedApp(3, counters, 'task-link');
    try {
      assert.deepEqual([await first.post('203.0.113.9'), await second.post('203.0.113.9'), await first.post('203.0.113.9')], [200, 200, 200]);
      assert.equal(await second.post('203.0.113.9'), 429, 'the fourth request of the minute, whichever process takes it');
      assert.equal(await first.post('198.51.100.4'), 200, 'another client');
      assert.equal(await other.post('203.0.113.9'), 200, 'a limiter of another name counts apart');
    } finally {
      await Promise.all([first.close(), second.close(), other.close()]);
    }
  });

  it('when a client spends its upload bytes, then it is refused until its window is over, in every process; other clients and forms without files are not held back', async () => {
    const counters = createSharedCounters(redis, { prefix: freshPrefix('upload') });
    const hourly = hourlyUploadBudget(1000, { counters, log: testLog });
    const otherProcess = hourlyUploadBudget(1000, { counters, log: testLog });
    assert.equal(await outcome(hourly, upload('10.0.0.1', 400, 500)), undefined);
    const refused = await outcome(otherProcess, upload('10.0.0.1', 200));
    assert.ok(refused instanceof HttpError);
    assert.equal(refused.status, 429);
    assert.equal(refused.code, 'upload_budget_exceeded');
    const retryAfter = Number(refused.headers['Retry-After']);
    assert.ok(retryAfter > 3590 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
    assert.match(refused.message, /uploaded 1 kB within the hour; the limit is 1 kB per hour/);
    assert.equal(await outcome(hourly, upload('10.0.0.2', 1000)), undefined, 'another client has its own budget');
    assert.equal(await outcome(hourly, upload('10.0.0.1')), undefined, 'a form without files costs nothing');
    assert.equal(await outcome(hourly, upload('10.0.0.1', 100)), undefined, 'a refused upload spent nothing: 900 + 100 fits');

    // IPv6 clients count by their /56, as the request limits count them: a new address in it is the same client.
    assert.equal(await outcome(hourly, upload('2001:db8:0:1::1', 1000)), undefined);
    assert.ok((await outcome(otherProcess, upload('2001:db8:0:2::abcd', 1))) instanceof HttpError, 'another address of the same /56');
    assert.equal(await outcome(hourly, upload('2001:db8:1:0::1', 1000)), undefined, 'another /56 is another client');
    const whole = (await outcome(hourly, upload('10.0.0.7', 1001))) as HttpError;
    assert.equal(whole.status, 429, 'one upload over the whole budget');
    assert.equal(whole.headers['Retry-After'], '3600');

    const short = hourlyUploadBudget(1000, { counters, log: testLog, windowMs: 300 });
    assert.equal(await outcome(short, upload('10.0.0.9', 1000)), undefined);
    assert.ok((await outcome(short, upload('10.0.0.9', 1))) instanceof HttpError);
    let renewed: unknown = 'not yet';
    for (let attempt = 0; attempt < 40 && renewed !== undefined; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      renewed = await outcome(short, upload('10.0.0.9', 1000));
    }
    assert.equal(renewed, undefined, 'a new window, a new budget');
  });

  it('when the limits count, then Redis is sent the scripts by digest, and a Redis that lost its scripts (SCRIPT FLUSH, a restart) still counts', async () => {
    const server = await startPrivateRedis();
    const own = createRedisConnection(server.url);
    const calls = async () => {
      const stats = String(await own.info('commandstats'));
      const count = (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
      return { eval: count('eval'), evalsha: count('evalsha') };
    };
    try {
      const counters = createSharedCounters(own, { prefix: freshPrefix('digest') });
      for (let i = 0; i < 5; i += 1) await counters.add('client', 1, 60_000);
      await counters.subtractOne('client');
      const sent = await calls();
      assert.equal(sent.eval + sent.evalsha, 6, `six counts ran: ${JSON.stringify(sent)}`);
      assert.ok(sent.eval <= 2, `each body went at most once (the first call of each script): ${JSON.stringify(sent)}`);
      await own.script('FLUSH');
      assert.equal((await counters.add('client', 1, 60_000)).total, 5, '4 before the flush, one more after it');
      assert.deepEqual(await counters.addWithin('client', 1, 5, 60_000).then(({ added, total }) => ({ added, total })), { added: false, total: 5 });
    } finally {
      own.disconnect();
      await server.stop();
    }
  });

  it('when a client sends X-Forwarded-For to a gateway that trusts no proxy, then the limiter\'s advice is logged as a warning, not an error', async () => {
    const levels: Array<[string, string]> = [];
    const keep = (level: string) => (_fields: unknown, message?: string) => void levels.push([level, String(message ?? '')]);
    const log = { ...testLog, warn: keep('warn'), error: keep('error'), info: () => {}, debug: () => {} } as unknown as typeof testLog;
    const app = express();
    app.post('/', perMinuteLimit(5, { vi: 'thử', en: 'test' }, { name: 'xff', counters: createSharedCounters(redis, { prefix: freshPrefix('xff') }), log }), (_req, res) => void res.send('ok'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.7' } });
      assert.equal(response.status, 200);
      assert.ok(levels.length > 0, 'the advice is logged');
      assert.deepEqual(levels.filter(([level]) => level === 'error'), [], JSON.stringify(levels));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when Redis does not answer, then requests and uploads go through, uncounted, and the log says why', async () => {
    const silent = createRedisConnection(`redis://127.0.0.1:${await freePort()}`, { lazyConnect: true, retryStrategy: () => 200 });
    silent.on('error', () => {});
    const counters = createSharedCounters(silent, { prefix: freshPrefix('down'), timeoutMs: 200 });
    const { lines, log } = keptLog();
    const app = await limitedApp(1, counters, 'submission', log);
    try {
      assert.deepEqual([await app.post('203.0.113.1'), await app.post('203.0.113.1')], [200, 200]);
      assert.ok(lines.some((line) => /allowing request without rate-limiting/.test(line)), lines.join('\n'));
      assert.equal(await outcome(hourlyUploadBudget(10, { counters, log }), upload('10.0.0.1', 500)), undefined);
      assert.ok(lines.some((line) => /upload budget could not be read/.test(line)), lines.join('\n'));
    } finally {
      await app.close();
      silent.disconnect();
    }
  });
});
