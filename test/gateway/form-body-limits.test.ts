/**
 * Form bodies are bounded as they arrive, not by what a client declares: a multipart body sent
 * chunked (no Content-Length) is cut off at the form's limit, a task link is checked before
 * its form is read, and an encoded form of thousands of fields is refused before they are
 * decoded. Real gateway, real sockets.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway.ts';

let fixture: GatewayFixture;
before(async () => {
  fixture = await startGatewayFixture();
});
after(() => fixture?.close());

interface StreamedAnswer {
  status: number;
  body: string;
  /** Bytes of the body written before the answer came. */
  sent: number;
  /** The answer's Connection header. */
  connection: string | undefined;
}

/**
 * Posts `head`, then `chunk` again and again (chunked: no Content-Length) until the gateway
 * answers or `maxBytes` are sent; then ends the body. Bounded: it stops by itself.
 */
function streamUntilAnswered(path: string, contentType: string, head: Buffer, chunk: Buffer, maxBytes: number): Promise<StreamedAnswer> {
  const url = new URL(path, fixture.url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request(url, { method: 'POST', headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' } }, (response) => {
      answered = true;
      const sentWhenAnswered = sent;
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), sent: sentWhenAnswered, connection: response.headers.connection }));
      response.on('error', reject);
    });
    // The gateway may close the connection once it has answered: that is not a failure here.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < maxBytes) {
        const piece = sent === 0 ? head : chunk;
        sent += piece.length;
        if (!request.write(piece)) return void request.once('drain', pump);
      }
      if (!answered) request.end();
      else request.destroy();
    };
    setImmediate(pump);
  });
}

const boundary = 'vdlimits';
const multipartType = `multipart/form-data; boundary=${boundary}`;
/** One field part of 8 KB: many of them, each under the field limit, add up past the body's. */
const fieldPart = (index: number) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f${index}"\r\n\r\n${'x'.repeat(8 * 1024)}\r\n`);

describe('form bodies bounded as they arrive', () => {
  it('when a multipart objection is sent chunked past the form\'s limit, then 413 answers while it is still being sent, and the gateway goes on serving', async () => {
    const before = await fixture.counts();
    // The objection form takes 32 KB in all; 8 MB are offered.
    const answer = await streamUntilAnswered('/disclosures/any-disclosure/objections', multipartType, fieldPart(0), fieldPart(1), 8 * 1024 * 1024);
    assert.equal(answer.status, 413, answer.body.slice(0, 300));
    assert.match(answer.body, /The body is larger than 32 kB|vượt quá 32 kB/);
    assert.ok(answer.sent < 8 * 1024 * 1024, `answered after ${answer.sent} bytes, before the whole body was sent`);
    assert.deepEqual(await fixture.counts(), before);
    assert.equal((await fetch(`${fixture.url}/healthz`)).status, 200);
  });

  it('when a task link that opens no task is posted a large form, then 404 answers before the whole form is sent', async () => {
    const token = 'a'.repeat(43);
    const answer = await streamUntilAnswered(`/tasks/${token}`, 'application/x-www-form-urlencoded', Buffer.from('decision=approve&comment='), Buffer.from('x'.repeat(16 * 1024)), 8 * 1024 * 1024);
    assert.equal(answer.status, 404, answer.body.slice(0, 300));
    assert.ok(answer.sent < 8 * 1024 * 1024, `answered after ${answer.sent} bytes, before the whole body was sent`);
    assert.equal(answer.connection, 'close', 'the unread rest is not drained: the connection closes');
  });

  it('when a JSON body is sent chunked past the API\'s limit, then 413 answers while it is still being sent and the connection closes, so the rest is never read', async () => {
    const before = await fixture.counts();
    const answer = await streamUntilAnswered('/api/nominations', 'application/json', Buffer.from('{"nominee":"'), Buffer.from('x'.repeat(16 * 1024)), 8 * 1024 * 1024);
    assert.equal(answer.status, 413, answer.body.slice(0, 300));
    assert.match(answer.body, /payload_too_large/);
    assert.ok(answer.sent < 8 * 1024 * 1024, `answered after ${answer.sent} bytes`);
    assert.equal(answer.connection, 'close');
    assert.deepEqual(await fixture.counts(), before);
    assert.equal((await fetch(`${fixture.url}/healthz`)).status, 200);
  });

  it('when an encoded form holds thousands of fields, then 413 says there are too many and nothing is stored', async () => {
    const before = await fixture.counts();
    const response = await fetch(`${fixture.url}/nominations/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b&'.repeat(6_000),
    });
    assert.equal(response.status, 413);
    assert.match(await response.text(), /Biểu mẫu có quá nhiều trường/);
    assert.deepEqual(await fixture.counts(), before);
  });

  it('when a percent escape in an encoded form is cut short, then 400 says the field is wrongly encoded', async () => {
    const response = await fetch(`${fixture.url}/nominations/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=%2',
    });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /bị mã hóa sai/);
  });
});
