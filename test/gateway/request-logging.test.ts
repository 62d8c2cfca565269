/**
 * The gateway's request log, on a small Express app over real HTTP on 127.0.0.1: one line per
 * request, its level by status, the ids bound to what handlers log, and clients that leave early.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@vinh-danh/log';
import express from 'express';
import { requestLogging } from '../../services/gateway/src/http/request-logging.ts';

interface Line {
  level: number;
  msg: string;
  requestId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  step?: string;
}

describe('request logging', () => {
  const lines: Line[] = [];
  let server: Server;
  let url: string;
  let releaseSlow: () => void = () => {};
  let slowStarted: Promise<void>;
  let markSlowStarted: () => void = () => {};

  before(async () => {
    const log = createLogger({ service: 'gateway', level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Line) } });
    const app = express();
    app.use(requestLogging(log));
    app.get('/ok', (req, res) => {
      req.log.info({ step: 'inside' }, 'handler ran');
      res.json({ id: req.id });
    });
    app.get('/tasks/:token', (_req, res) => res.status(404).send('gone'));
    app.get('/boom', (_req, res) => res.status(500).send('no'));
    app.get('/slow', (_req, res) => {
      markSlowStarted();
      releaseSlow = () => res.end('late');
    });
    slowStarted = new Promise((resolve) => (markSlowStarted = resolve));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const completed = async (requestId: string) => {
    for (let i = 0; i < 100 && !lines.some((line) => line.requestId === requestId && line.msg !== 'handler ran'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return lines.filter((line) => line.requestId === requestId);
  };

  it('when a request is answered, then one info line says so with its id, method, URL, status and time', async () => {
    const response = await fetch(`${url}/ok?x=1`, { headers: { 'x-request-id': 'req-ok-1' } });
    assert.equal(response.headers.get('x-request-id'), 'req-ok-1');
    assert.deepEqual(await response.json(), { id: 'req-ok-1' });
    const mine = await completed('req-ok-1');
    assert.equal(mine.length, 2, 'the handler\'s line and the request line');
    assert.deepEqual(mine[0], { ...mine[0], level: 30, msg: 'handler ran', step: 'inside' }, 'req.log binds the request id');
    const line = mine[1]!;
    assert.equal(line.msg, 'request completed');
    assert.equal(line.level, 30);
    assert.deepEqual(line.req, { method: 'GET', url: '/ok?x=1' });
    assert.deepEqual(line.res, { statusCode: 200 });
    assert.equal(typeof line.responseTime, 'number');
  });

  it('when the answer is a 4xx or a 5xx, then the line is a warning or an error; a task link never shows its token', async () => {
    await fetch(`${url}/tasks/secret-token-123`, { headers: { 'x-request-id': 'req-404' } });
    await fetch(`${url}/boom`, { headers: { 'x-request-id': 'req-500' } });
    const [notFound] = await completed('req-404');
    const [failed] = await completed('req-500');
    assert.equal(notFound?.level, 40);
    assert.equal(notFound?.req?.url, '/tasks/[redacted]');
    assert.ok(!JSON.stringify(lines).includes('secret-token-123'));
    // Routes match whatever the case of the path; the redaction does too.
    await fetch(`${url}/TASKS/upper-token-456/Attachments/a1`, { headers: { 'x-request-id': 'req-upper' } });
    const [upper] = await completed('req-upper');
    assert.equal(upper?.req?.url, '/tasks/[redacted]/Attachments/a1');
    assert.ok(!JSON.stringify(lines).includes('upper-token-456'));
    // Nor does any other line, e.g. the 405 of a method the task page does not take.
    await fetch(`${url}/tasks/put-token-789`, { method: 'PUT', headers: { 'x-request-id': 'req-put' } });
    await completed('req-put');
    assert.ok(!JSON.stringify(lines).includes('put-token-789'));
    assert.equal(failed?.level, 50);
  });

  it('when a tracking code is in the address, then no line carries it: the tracking page, its form and the submitted page', async () => {
    for (const [path, id] of [['/track/VD-SECRET-0001', 'req-track'], ['/track?code=VD-SECRET-0002&lang=en', 'req-track-form'], ['/nominations/submitted/VD-SECRET-0003', 'req-submitted']] as const) {
      await fetch(`${url}${path}`, { headers: { 'x-request-id': id } });
      await completed(id);
    }
    assert.deepEqual((await completed('req-track'))[0]?.req?.url, '/track/[redacted]');
    assert.deepEqual((await completed('req-track-form'))[0]?.req?.url, '/track?code=[redacted]&lang=en');
    assert.deepEqual((await completed('req-submitted'))[0]?.req?.url, '/nominations/submitted/[redacted]');
    assert.ok(!JSON.stringify(lines).includes('VD-SECRET'));
  });

  it('when a request brings no usable id, then a new UUID is used and sent back', async () => {
    const response = await fetch(`${url}/ok`, { headers: { 'x-request-id': 'has spaces in it' } });
    const id = response.headers.get('x-request-id')!;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal((await completed(id)).at(-1)?.msg, 'request completed');
  });

  it('when the client leaves before the answer, then one warning says the request was aborted', async () => {
    const controller = new AbortController();
    const pending = fetch(`${url}/slow`, { headers: { 'x-request-id': 'req-gone' }, signal: controller.signal }).catch((error: unknown) => error);
    await slowStarted;
    controller.abort();
    await pending;
    const [line] = await completed('req-gone');
    assert.equal(line?.msg, 'request aborted');
    assert.equal(line?.level, 40);
    releaseSlow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await completed('req-gone')).length, 1, 'still one line after the late answer');
  });
});
