/**
 * The gateway as a process: health probes, the OpenAPI document kept in step with the routes,
 * security headers, rate limits, request ids.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@vinh-danh/config';
import { createLogger } from '@vinh-danh/log';
import { startGateway, type Gateway } from '@vinh-danh/gateway';
import type { Runtime } from '@vinh-danh/engine';
import { testLog } from '../support/harness.ts';
import { cookiesOf, hiddenValue, sampleFiles, startGatewayFixture, testSecret, validNomination, type GatewayFixture } from '../support/gateway.ts';

let fixture: GatewayFixture;
const extraGateways: Gateway[] = [];
before(async () => {
  fixture = await startGatewayFixture();
});
after(async () => {
  for (const gateway of extraGateways) await gateway.stop();
  await fixture?.close();
});

/** A submission (refused: its unit does not exist) as forwarded by a proxy for `client`. */
const submitFrom = (gateway: Gateway, client: string) =>
  fetch(`${gateway.url}/api/nominations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify(validNomination({ unitId: 'khong-co' })),
  });

/**
 * One more gateway on the runtime, with its own settings. Rate limits count in Redis for every
 * gateway of a deployment, so the counts the earlier gateways left are cleared first: each
 * starts its limits afresh.
 */
async function anotherGateway(env: Record<string, string> = {}, runtime: Runtime = fixture.harness.runtime, log = testLog): Promise<Gateway> {
  const { redis } = fixture.harness.runtime;
  const counted = await redis.keys(`${runtime.queuePrefix}:limits:*`);
  if (counted.length) await redis.del(...counted);
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', TASK_LINK_SECRET: testSecret, ...env });
  const gateway = await startGateway({ config, log, taskLinks: fixture.taskLinks, runtime });
  extraGateways.push(gateway);
  return gateway;
}

describe('listening', () => {
  it('when HOST is no address of this machine or PORT is taken, then start-up is refused naming the variable', async () => {
    // A documentation address (TEST-NET-1): no interface here holds it, and no name is looked up.
    await assert.rejects(anotherGateway({ HOST: '192.0.2.1' }), (error: Error) => {
      assert.equal(error.name, 'ConfigError');
      assert.match(error.message, /HOST: cannot listen on "192\.0\.2\.1" \(EADDRNOTAVAIL\): not an address of this machine/);
      return true;
    });
    const taken = new URL(fixture.url).port;
    await assert.rejects(anotherGateway({ PORT: taken }), /PORT: \d+ on 127\.0\.0\.1 is already in use by another process/);
  });
});

describe('health', () => {
  it('when /healthz is asked, then the process answers ok, and the probe leaves no log line', async () => {
    const response = await fetch(`${fixture.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
    await fetch(`${fixture.url}/readyz`);
    assert.ok(!fixture.logLines.some((line) => /\/(healthz|readyz)/.test(line)), 'probes are not request-logged');
  });

  it('when the store and Redis answer, then /readyz is ready', async () => {
    const response = await fetch(`${fixture.url}/readyz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ready', checks: { store: 'ok', redis: 'ok' } });
  });

  it('when the store or Redis fails, then /readyz is 503 and names which, keeping the reason for the log', async () => {
    const { runtime } = fixture.harness;
    const broken = {
      ...runtime,
      store: { ...runtime.store, ping: () => Promise.reject(new Error('password authentication failed for user "vinhdanh"')) },
      redis: { ping: () => Promise.reject(new Error('connection refused')) } as unknown as Runtime['redis'],
    } as Runtime;
    const lines: string[] = [];
    const log = createLogger({ service: 'gateway', level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const gateway = await anotherGateway({}, broken, log);
    const response = await fetch(`${gateway.url}/readyz`);
    assert.equal(response.status, 503);
    const warning = lines.map((line) => JSON.parse(line) as { level: number; msg: string; checks?: unknown }).find((line) => line.msg === 'not ready');
    assert.equal(warning?.level, 40, 'a failed readiness check is logged as a warning');
    assert.deepEqual(warning?.checks, { store: 'failed: password authentication failed for user "vinhdanh"', redis: 'failed: connection refused' });
    // The probe is public: it says which dependency failed, never the driver's words (a user, a host).
    assert.deepEqual(await response.json(), { status: 'not_ready', checks: { store: 'failed', redis: 'failed' } });
    const storeOnly = await anotherGateway({}, { ...runtime, store: broken.store } as Runtime);
    assert.deepEqual(((await (await fetch(`${storeOnly.url}/readyz`)).json()) as { checks: unknown }).checks, {
      store: 'failed',
      redis: 'ok',
    });
  });
});

describe('OpenAPI document', () => {
  /** `METHOD /path/{param}` of every API and health route the app registered. */
  function registeredRoutes(gateway: Gateway): string[] {
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
    const found: string[] = [];
    const walk = (stack: Layer[]) => {
      for (const layer of stack) {
        if (layer.route) {
          for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
        } else if (layer.handle?.stack) walk(layer.handle.stack);
      }
    };
    walk((gateway.app as unknown as { router: { stack: Layer[] } }).router.stack);
    return found.filter((route) => / \/(api\/|healthz$|readyz$)/.test(route)).sort();
  }

  it('when the document is fetched, then it is OpenAPI 3.1 and lists exactly the API routes the app serves', async () => {
    const document = (await (await fetch(`${fixture.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.equal(document.openapi, '3.1.0');
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    assert.deepEqual(documented, registeredRoutes(fixture.gateway));
    assert.ok(documented.includes('POST /api/nominations'));
  });

  it('when every documented operation is called, then a route answers it (never the not-found of an unknown route)', async () => {
    const document = (await (await fetch(`${fixture.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const unknownRoute = (await (await fetch(`${fixture.url}/api/no-such-route`)).json()) as { message: string };
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) {
        const url = `${fixture.url}${path.replace(/\{\w+\}/g, randomUUID())}`;
        const response = await fetch(url, method === 'post' ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' } : {});
        const body = (await response.json()) as { message?: string };
        assert.ok(response.status !== 404 || body.message !== unknownRoute.message, `${method} ${path} is served`);
      }
    }
  });
});

describe('HTTP hygiene', () => {
  it('when any page is served, then security headers are set and the server is not advertised', async () => {
    const response = await fetch(`${fixture.url}/`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy')!;
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'"]) {
      assert.ok(csp.includes(directive), directive);
    }
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'same-origin');
    assert.equal(response.headers.get('x-powered-by'), null);
    assert.match(await response.text(), /<a class="button" href="\/nominations\/new">/);
    const css = await fetch(`${fixture.url}/assets/app.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type')!, /text\/css/);
    assert.match(await css.text(), /:focus-visible/);
  });

  it('when a page does not exist, then a 404 page in the chosen language comes back', async () => {
    const response = await fetch(`${fixture.url}/khong-co-trang-nay?lang=en`);
    assert.equal(response.status, 404);
    const page = await response.text();
    assert.match(page, /<html lang="en">/);
    assert.match(page, /There is no such page/);
  });

  it('when a path exists but not for the method used, then 405 names the methods it takes in Allow', async () => {
    const remove = await fetch(`${fixture.url}/api/nominations`, { method: 'DELETE' });
    assert.equal(remove.status, 405);
    assert.equal(remove.headers.get('allow'), 'POST');
    assert.deepEqual(
      { ...((await remove.json()) as Record<string, unknown>), requestId: undefined },
      { error: 'method_not_allowed', message: '/api/nominations does not take DELETE; it takes POST.', requestId: undefined },
    );
    const put = await fetch(`${fixture.url}/api/nominations/${randomUUID()}`, { method: 'PUT' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, HEAD');
    const page = await fetch(`${fixture.url}/nominations/new?lang=en`, { method: 'PATCH' });
    assert.equal(page.status, 405);
    assert.match(await page.text(), /Method not allowed/);
    // A path no route has stays a 404, whatever the method.
    assert.equal((await fetch(`${fixture.url}/api/khong-co`, { method: 'DELETE' })).status, 404);
  });

  it('when a request brings an X-Request-Id, then the answer and the log lines carry it', async () => {
    const requestId = `req-${randomUUID()}`;
    const response = await fetch(`${fixture.url}/api/nominations/${randomUUID()}`, { headers: { 'x-request-id': requestId } });
    assert.equal(response.headers.get('x-request-id'), requestId);
    assert.equal(((await response.json()) as { requestId: string }).requestId, requestId);
    assert.ok(fixture.logLines.some((line) => line.includes(`"requestId":"${requestId}"`)));
    const generated = await fetch(`${fixture.url}/api/nominations/${randomUUID()}`, { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.match(generated.headers.get('x-request-id')!, /^[0-9a-f-]{36}$/);
  });

  it('when submissions or task links exceed their rate per minute, then 429 says so and nothing is stored', async () => {
    const gateway = await anotherGateway({ SUBMIT_RATE_LIMIT_PER_MIN: '2', TOKEN_RATE_LIMIT_PER_MIN: '2' });
    const submit = () =>
      fetch(`${gateway.url}/api/nominations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(validNomination({ unitId: 'khong-co' })) });
    assert.equal((await submit()).status, 422);
    assert.equal((await submit()).status, 422);
    const before = await fixture.counts();
    const limited = await submit();
    assert.equal(limited.status, 429);
    assert.match(((await limited.json()) as { message: string }).message, /Too many submission requests/);
    assert.deepEqual(await fixture.counts(), before);
    const { token } = fixture.taskLinks.newLink(); // well formed, bound to no task
    assert.equal((await fetch(`${gateway.url}/tasks/${token}`)).status, 404);
    assert.equal((await fetch(`${gateway.url}/tasks/${token}`)).status, 404);
    const page = await fetch(`${gateway.url}/tasks/${token}`);
    assert.equal(page.status, 429);
    assert.match(await page.text(), /Quá nhiều yêu cầu/);
  });

  it('when a client sends objections that are refused, then they use up none of its OBJECTIONS_PER_HOUR', async () => {
    const gateway = await anotherGateway({ OBJECTIONS_PER_HOUR: '1' });
    const object = () =>
      fetch(`${gateway.url}/disclosures/${'A'.repeat(22)}/objections`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: gateway.url },
        body: new URLSearchParams({ objectorName: 'Trần Thị B', objectorEmail: 'b@dan.example', objection: 'Chưa đúng.' }).toString(),
      });
    // Without a form token each is refused (a post from another site looks the same): none counts.
    for (let attempt = 1; attempt <= 3; attempt += 1) assert.equal((await object()).status, 403, `attempt ${attempt}`);
  });

  it('when a client uploads more than its hourly budget of bytes, then 429 with Retry-After and no draft keeps the files', async () => {
    const pdf = Buffer.concat([sampleFiles.pdf, Buffer.alloc(600, 0x20)]);
    const gateway = await anotherGateway({ MAX_UPLOAD_BYTES: '1000', MAX_UPLOAD_BYTES_PER_HOUR: String(pdf.length * 2) });
    const form = await fetch(`${gateway.url}/nominations/new`);
    const cookie = cookiesOf(form);
    const csrf = hiddenValue(await form.text(), '_csrf');
    const upload = () => {
      const data = new FormData();
      data.append('_csrf', csrf);
      data.append('nomineeName', 'Nguyễn Văn A');
      data.append('attachments', new Blob([pdf], { type: 'application/pdf' }), 'thanh-tich.pdf');
      return fetch(`${gateway.url}/nominations/review`, { method: 'POST', headers: { cookie }, body: data });
    };
    // The answers are incomplete (400), but the files are held in a draft for the next try.
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const held = await upload();
      assert.equal(held.status, 400, `upload ${attempt}`);
      assert.match(await held.text(), /thanh-tich\.pdf/);
    }
    const over = await upload();
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get('retry-after')) > 3500);
    const page = await over.text();
    assert.match(page, /Bạn đã tải lên 2 kB trong một giờ; giới hạn là 2 kB mỗi giờ/);
    assert.doesNotMatch(page, /thanh-tich\.pdf/);
  });

  it('when TRUST_PROXY names the proxy in front, then each forwarded client has its own rate limit', async () => {
    const gateway = await anotherGateway({ SUBMIT_RATE_LIMIT_PER_MIN: '1', TRUST_PROXY: 'loopback' });
    const submitAs = (client: string) => submitFrom(gateway, client);
    assert.equal((await submitAs('203.0.113.7')).status, 422);
    assert.equal((await submitAs('203.0.113.7')).status, 429);
    // Another client behind the same proxy is not held back by the first one's limit.
    assert.equal((await submitAs('198.51.100.20')).status, 422);
    // A client cannot pick a fresh address by prepending one: the proxy's own entry is the rightmost.
    assert.equal((await submitAs('192.0.2.1, 203.0.113.7')).status, 429);
  });

  it('when TRUST_PROXY is unset, then X-Forwarded-For changes nothing and the limiter says so in the log', async () => {
    const lines: string[] = [];
    const log = createLogger({ service: 'gateway', level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const gateway = await anotherGateway({ SUBMIT_RATE_LIMIT_PER_MIN: '1' }, fixture.harness.runtime, log);
    const submitAs = (client: string) => submitFrom(gateway, client);
    assert.equal((await submitAs('203.0.113.7')).status, 422);
    assert.equal((await submitAs('198.51.100.20')).status, 429);
    const warning = lines.map((line) => JSON.parse(line) as { level: number; err?: { code?: string } }).find((line) => line.err?.code === 'ERR_ERL_UNEXPECTED_X_FORWARDED_FOR');
    assert.ok(warning, 'the limiter logs that X-Forwarded-For came without a trusted proxy');
    assert.ok(warning.level >= 40);
  });

  it('when a client stalls mid-body as the gateway stops, then the stop waits the drain time, closes that connection and ends', async () => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', TASK_LINK_SECRET: testSecret });
    const gateway = await startGateway({ config, log: testLog, taskLinks: fixture.taskLinks, runtime: fixture.harness.runtime, drainMs: 500 });
    const { port } = new URL(gateway.url);
    // Headers and 5 of 500 body bytes, then nothing.
    const stalled = net.connect(Number(port), '127.0.0.1');
    await once(stalled, 'connect');
    stalled.write(`POST /api/nominations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"uni`);
    const closed = once(stalled, 'close');
    stalled.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await gateway.stop();
    const took = Date.now() - started;
    assert.ok(took >= 450 && took < 5_000, `the stop took ${took} ms`);
    await closed;
    assert.equal(stalled.destroyed, true, 'the stalled connection is closed');
  });

  it('when a gateway given a runtime stops, then the runtime stays open for its owner', async () => {
    const gateway = await anotherGateway();
    await gateway.stop();
    await assert.rejects(fetch(`${gateway.url}/healthz`));
    await fixture.harness.runtime.store.ping();
    assert.equal(await fixture.harness.runtime.redis.ping(), 'PONG');
  });
});
