/**
 * The JSON API against the real gateway (port 0), real Redis, real PGlite and in-process workers.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { sampleFiles, startGatewayFixture, validNomination, type GatewayFixture } from '../support/gateway.ts';
import { taskPages } from '../support/task-pages.ts';
import { waitFor } from '../support/wait.ts';

let fixture: GatewayFixture;
before(async () => {
  fixture = await startGatewayFixture();
});
after(async () => {
  await fixture?.close();
});

/** Sends a request that must be refused, and checks the status, the field named and that nothing was stored. */
async function refused(response: Promise<Response>, status: number, mentions: RegExp) {
  const before = await fixture.counts();
  const answer = await response;
  const body = (await answer.json()) as { error: string; message: string; fields?: Array<{ field: string; message: string }> };
  assert.equal(answer.status, status, JSON.stringify(body));
  assert.match(`${body.message} ${JSON.stringify(body.fields ?? [])}`, mentions);
  assert.ok(body.error);
  assert.deepEqual(await fixture.counts(), before, 'nothing is stored');
  return body;
}

describe('POST /api/nominations', () => {
  it("when a valid nomination is posted, then it is accepted with a tracking code and its commendation procedure opens a ballot for each member of the unit's council", async () => {
    const response = await fixture.submitJson(validNomination());
    assert.equal(response.status, 202);
    const receipt = (await response.json()) as Record<string, string>;
    assert.match(receipt.nominationId!, /^[0-9a-f-]{36}$/);
    assert.match(receipt.trackingCode!, /^VD-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.equal(receipt.trackingUrl, `${fixture.gateway.url.replace('127.0.0.1', 'localhost')}/track/${receipt.trackingCode}`);
    assert.equal(receipt.status, 'submitted');
    assert.equal(response.headers.get('location'), `/api/nominations/${receipt.nominationId}`);
    const nomination = await fixture.harness.runtime.store.nominations.get(receipt.nominationId!);
    assert.equal(nomination?.unitId, 'so-noi-vu-bac-giang');
    const instance = await fixture.harness.runtime.store.instances.get(nomination!.instanceId!);
    assert.equal(instance?.definitionId, 'commendation');
    const ballots = await waitFor(
      () => fixture.harness.runtime.store.tasks.listByInstance(nomination!.instanceId!),
      (tasks) => tasks.filter((task) => task.step === 'unitCouncil').length === 3,
      { what: 'three ballot tasks' },
    );
    assert.deepEqual(ballots.map((task) => task.assignee).sort(), [
      'chanh-van-phong@sonoivu.bacgiang.example',
      'giam-doc@sonoivu.bacgiang.example',
      'truong-phong.tcbc@sonoivu.bacgiang.example',
    ]);
    assert.ok(ballots.every((task) => /\/unitCouncil-1-ballot-\d$/.test(task.taskId)), 'one ballot per member');
    assert.ok(ballots.every((task) => task.dueAt && task.tokenExpiresAt?.getTime() === task.dueAt.getTime()), 'the links its mails carry expire with the ballot');
  });

  it('when a nomination is fetched, then it shows state, open tasks without tokens, and the full history', async () => {
    // A nominee no other test proposes: the same one again would be flagged as a duplicate.
    const nominee = { kind: 'individual', name: 'Lê Thị Mai', identifier: '024185000999' };
    const receipt = (await (await fixture.submitJson(validNomination({ nominee }))).json()) as { nominationId: string };
    const nomination = await fixture.harness.runtime.store.nominations.get(receipt.nominationId);
    await waitFor(
      () => fixture.harness.runtime.store.tasks.listByInstance(nomination!.instanceId!),
      (tasks) => tasks.length === 3,
      { what: 'the ballot tasks' },
    );
    const response = await fetch(`${fixture.url}/api/nominations/${receipt.nominationId}`);
    assert.equal(response.status, 200);
    const text = await response.text();
    const details = JSON.parse(text) as {
      state: string;
      definitionId: string;
      flags: { duplicate: boolean; eligibilityOverridden: boolean };
      eligibility: { eligible: boolean; nomineeKey: string };
      openTasks: Array<Record<string, unknown>>;
      procedure: { route: Array<{ levelId: string; status: string }>; currentLevel: { levelId: string; dueAt: string } };
      history: Array<{ type: string; source: string }>;
    };
    assert.equal(details.state, 'council.voting');
    assert.equal(details.definitionId, 'commendation');
    assert.deepEqual(details.flags, { duplicate: false, eligibilityOverridden: false });
    assert.deepEqual([details.eligibility.eligible, details.eligibility.nomineeKey], [true, 'individual:024185000999']);
    assert.deepEqual(details.procedure.route.map((level) => [level.levelId, level.status]), [
      ['unitCouncil', 'current'], ['unitSubmission', 'ahead'], ['provinceReview', 'ahead'], ['decision', 'ahead'],
    ]);
    assert.ok(Date.parse(details.procedure.currentLevel.dueAt) > Date.now());
    assert.equal(details.openTasks.length, 3);
    assert.deepEqual([details.openTasks[0]!.kind, details.openTasks[0]!.role], ['ballot', 'unitCouncil']);
    assert.ok(!('tokenHash' in details.openTasks[0]!));
    const task = (await fixture.harness.runtime.store.tasks.listByInstance(nomination!.instanceId!))[0]!;
    const token = await fixture.taskToken(task.taskId);
    assert.ok(!text.includes(fixture.taskLinks.hashToken(token)), 'no token hash');
    assert.ok(!text.includes(token), 'no token');
    assert.deepEqual(details.history.map((entry) => [entry.type, entry.source]), [['xstate.init', 'api']]);
  });

  it('when a council member votes, and then posts the ballot again, then the API links no member to a ballot: neither the vote, nor the refused second post, nor the ballots still open name a member', async () => {
    const receipt = (await (await fixture.submitJson(validNomination())).json()) as { nominationId: string };
    const nomination = await fixture.harness.runtime.store.nominations.get(receipt.nominationId);
    const instanceId = nomination!.instanceId!;
    const ballots = await waitFor(() => fixture.harness.runtime.store.tasks.listByInstance(instanceId), (tasks) => tasks.length === 3, { what: 'the ballot tasks' });
    const [voter] = ballots;
    // Through the ballot's own page, from its mailed link.
    const pages = taskPages(fixture);
    await pages.act(voter!, 'yes');
    await waitFor(() => fixture.harness.runtime.store.tasks.get(voter!.taskId), (task) => task?.status === 'done', { what: 'the vote applied' });
    // Sent twice (a double click, the back button): refused, and the refusal recorded.
    assert.equal((await pages.post(await fixture.taskUrl(voter!.taskId), { decision: 'yes' })).status, 410);
    const refusal = (await waitFor(
      () => fixture.harness.runtime.store.history.list(instanceId),
      (entries) => entries.some((entry) => entry.eventType === 'link.refused'),
      { what: 'the refused second post recorded' },
    )).find((entry) => entry.eventType === 'link.refused')!;
    assert.equal(refusal.event.taskId, voter!.taskId, 'the store keeps which link was refused');

    const text = await (await fetch(`${fixture.url}/api/nominations/${receipt.nominationId}`)).text();
    const details = JSON.parse(text) as {
      openTasks: Array<Record<string, unknown>>;
      history: Array<Record<string, unknown> & { type: string; event: Record<string, unknown> }>;
    };
    const vote = details.history.find((entry) => entry.type === 'vote')!;
    assert.deepEqual([vote.event, vote.actor, vote.source], [{ type: 'vote' }, null, 'task-link'], 'that a member voted, not who');
    const refused = details.history.find((entry) => entry.type === 'link.refused')!;
    assert.deepEqual([refused.event, refused.eventId, refused.via], [{ type: 'link.refused', reason: 'used', attempt: 'act' }, null, null], 'that a used ballot link was refused, not whose');
    assert.equal(details.openTasks.length, 2);
    assert.ok(details.openTasks.every((task) => task.kind === 'ballot' && task.assignee === null && task.taskId === null && task.dueAt), 'the ballots still open, each without its member');
    // The start event names the council (its input is the route); what happened since names no member.
    const since = JSON.stringify({ openTasks: details.openTasks, history: details.history.filter((entry) => entry.type !== 'xstate.init') });
    for (const task of ballots) {
      assert.ok(!since.includes(task.assignee), `${task.assignee} is not linked to a ballot`);
      assert.ok(!text.includes(task.taskId.split('/').at(-1)!), `${task.taskId} appears nowhere`);
    }
  });

  it('when an unknown or malformed nomination id is fetched, then 404 names it', async () => {
    const unknown = randomUUID();
    const response = await fetch(`${fixture.url}/api/nominations/${unknown}`);
    assert.equal(response.status, 404);
    assert.match(((await response.json()) as { message: string }).message, new RegExp(unknown));
    assert.equal((await fetch(`${fixture.url}/api/nominations/%7B%22%24gt%22%3A%22%22%7D`)).status, 404);
  });

  it('when the nomination carries PDF and PNG files as base64, then they are stored with their sniffed types', async () => {
    const response = await fixture.submitJson(
      validNomination({
        attachments: [
          { filename: 'bao-cao.pdf', contentType: 'application/pdf', contentBase64: sampleFiles.pdf.toString('base64') },
          { filename: 'anh.png', contentType: 'image/png', contentBase64: sampleFiles.png.toString('base64') },
        ],
      }),
    );
    assert.equal(response.status, 202);
    const { nominationId } = (await response.json()) as { nominationId: string };
    const files = await fixture.harness.runtime.store.attachments.listByNomination(nominationId);
    assert.deepEqual(files.map((file) => [file.filename, file.contentType, file.size]), [
      ['bao-cao.pdf', 'application/pdf', sampleFiles.pdf.length],
      ['anh.png', 'image/png', sampleFiles.png.length],
    ]);
  });
});

describe('idempotent submission', () => {
  it('when the same request is retried with the same Idempotency-Key, then the first answer comes back and nothing new is created', async () => {
    const key = `key-${randomUUID()}`;
    const first = await fixture.submitJson(validNomination(), { 'Idempotency-Key': key });
    const firstBody = await first.json();
    const countsAfterFirst = await fixture.counts();
    // Keys in another order are the same request.
    const reordered = Object.fromEntries(Object.entries(validNomination()).reverse());
    for (const body of [validNomination(), reordered]) {
      const retry = await fixture.submitJson(body, { 'Idempotency-Key': key });
      assert.equal(retry.status, first.status);
      assert.deepEqual(await retry.json(), firstBody);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    }
    assert.deepEqual(await fixture.counts(), countsAfterFirst);
  });

  it('when 10 retries with one key arrive at once, then exactly one nomination is created and all get its answer', async () => {
    const key = `key-${randomUUID()}`;
    const before = await fixture.counts();
    const answers = await Promise.all(Array.from({ length: 10 }, () => fixture.submitJson(validNomination(), { 'Idempotency-Key': key })));
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    assert.deepEqual(answers.map((answer) => answer.status), Array(10).fill(202));
    assert.equal(new Set(bodies.map((body) => JSON.stringify(body))).size, 1);
    const after = await fixture.counts();
    assert.deepEqual([after.nominations, after.instances], [before.nominations! + 1, before.instances! + 1]);
  });

  it('when a key is reused with a different body, then 422 names the conflict and nothing is created', async () => {
    const key = `key-${randomUUID()}`;
    assert.equal((await fixture.submitJson(validNomination(), { 'Idempotency-Key': key })).status, 202);
    const body = await refused(fixture.submitJson(validNomination({ period: '2024' }), { 'Idempotency-Key': key }), 422, /Idempotency-Key/);
    assert.equal(body.error, 'idempotency_key_conflict');
  });

  it('when the Idempotency-Key header is malformed, sent twice or in the web form\'s key space, then 400 says which', async () => {
    await refused(fixture.submitJson(validNomination(), { 'Idempotency-Key': 'x'.repeat(201) }), 400, /Idempotency-Key/);
    await refused(fixture.submitJson(validNomination(), { 'Idempotency-Key': `form:${'a'.repeat(32)}` }), 400, /that prefix is the web form's/);
    const body = JSON.stringify(validNomination());
    const twice = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(`${fixture.url}/api/nominations`, {
        method: 'POST',
        headers: ['host', new URL(fixture.url).host, 'content-type', 'application/json', 'content-length', String(Buffer.byteLength(body)), 'idempotency-key', 'one', 'idempotency-key', 'two'],
      });
      request.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
      request.end(body);
    });
    assert.equal(twice.status, 400);
    assert.match(twice.text, /sent more than once/);
  });
});

describe('bad input', () => {
  it('when required fields are missing, then 400 names each of them', async () => {
    const body = await refused(fixture.submitJson({ nominee: { kind: 'individual' } }), 400, /nominee\.name/);
    const fields = body.fields!.map((entry) => entry.field).sort();
    assert.deepEqual(fields, ['achievementSummary', 'awardTypeId', 'contact', 'nominee.identifier', 'nominee.name', 'period', 'unitId']);
  });

  it('when a field is blank or only spaces, then 400 says it is required', async () => {
    await refused(fixture.submitJson(validNomination({ achievementSummary: '   ' })), 400, /achievementSummary: Enter this information/);
  });

  it('when fields are over-long, then 400 names them with their limit', async () => {
    const body = await refused(
      fixture.submitJson(validNomination({ achievementSummary: 'a'.repeat(5001), nominee: { kind: 'individual', name: 'n'.repeat(201), identifier: '024185000123' } })),
      400,
      /5000/,
    );
    assert.deepEqual(body.fields!.map((entry) => entry.field).sort(), ['achievementSummary', 'nominee.name']);
  });

  it('when the e-mail, the year or the nominee kind is invalid, then 400 names each', async () => {
    const body = await refused(
      fixture.submitJson(validNomination({ period: '25', contact: { name: 'A', email: 'not-an-email' }, nominee: { kind: 'robot', name: 'X', identifier: '024185000123' } })),
      400,
      /contact\.email/,
    );
    assert.deepEqual(body.fields!.map((entry) => entry.field).sort(), ['contact.email', 'nominee.kind', 'period']);
  });

  it('when the year is before any the catalogue can judge, then 400 names the period and the years accepted', async () => {
    const body = await refused(fixture.submitJson(validNomination({ period: '2015' })), 400, /period/);
    assert.deepEqual(body.fields!.map((entry) => entry.field), ['period']);
    assert.match(body.fields![0]!.message, /from 2023 to \d{4}/);
    const counts = await fixture.counts();
    await refused(fixture.submitJson(validNomination({ period: '2022' })), 400, /from 2023/);
    assert.deepEqual(await fixture.counts(), counts);
  });

  it('when the body is not valid UTF-8, then 400 says so', async () => {
    const json = Buffer.from(JSON.stringify(validNomination({ achievementSummary: 'XX' })));
    const at = json.indexOf('XX');
    json[at] = 0xc3;
    json[at + 1] = 0x28; // an invalid two-byte sequence
    await refused(fixture.submitJson(json), 400, /UTF-8/);
  });

  it('when text carries control characters or a lone surrogate, then 400 names the field', async () => {
    await refused(fixture.submitJson(validNomination({ achievementSummary: 'bad \u0007 byte' })), 400, /achievementSummary: Contains control/);
    await refused(fixture.submitJson(validNomination({ unitId: 'so-noi-vu\u0001' })), 400, /unitId: Contains control/);
    await refused(fixture.submitJson(validNomination({ attachments: [{ filename: 'a\u0007.pdf', contentType: 'application/pdf', contentBase64: 'JVBERi0=' }] })), 400, /attachments\.0\.filename: Contains control/);
    await refused(fixture.submitJson('{"achievementSummary":"\\ud800"}'.replace('{', `${JSON.stringify(validNomination()).slice(0, -1)},`).replace(/"achievementSummary":"[^"]*",/, '')), 400, /achievementSummary/);
  });

  it('when a nominee\'s name holds a web address, which the system\'s mails to officials would carry as a link, then 400 names the field; names with dots and slashes of their own pass', async () => {
    const lure = 'KHẨN: tài khoản hết hạn, đăng nhập lại tại https://vinhdanh-gov.example/login';
    await refused(fixture.submitJson(validNomination({ nominee: { kind: 'individual', name: lure, identifier: '024190001111' } })), 400, /nominee\.name: A name cannot hold a web address/);
    await refused(fixture.submitJson(validNomination({ nominee: { kind: 'individual', name: 'Xem www.example.vn', identifier: '024190001111' } })), 400, /nominee\.name: A name cannot hold a web address/);
    await refused(fixture.submitJson(validNomination({ nominee: { kind: 'individual', name: 'Đăng nhập lại tại vinhdanh-gov.vn ngay', identifier: '024190001111' } })), 400, /nominee\.name: A name cannot hold a web address/);
    for (const [index, name] of ['Lê Thị B (Phòng GD&ĐT TP. Bắc Giang, tổ 1/2)', 'Đội Cảnh sát PCCC Q.1/Công an TP.HCM', 'Tổ 1.2/Phân xưởng cơ khí', 'PGS.TS/BSCKII Nguyễn Văn A', 'Phòng KH.TC/Sở Tài chính'].entries()) {
      const plain = await fixture.submitJson(validNomination({ nominee: { kind: 'individual', name, identifier: `02419000112${index}` } }));
      assert.equal(plain.status, 202, `${name}: ${await plain.text()}`);
    }
  });

  it('when any text or key holds a NUL character, which no store can keep, then 400 names where and nothing is stored', async () => {
    await refused(fixture.submitJson(validNomination({ achievementSummary: 'bad \u0000 byte' })), 400, /achievementSummary: contains a NUL character/);
    await refused(fixture.submitJson(validNomination({ unitId: 'so\u0000x' })), 400, /unitId: contains a NUL character/);
    await refused(fixture.submitJson(`${JSON.stringify(validNomination()).slice(0, -1)},"a\\u0000b":1}`), 400, /\(body\) \(a key\): contains a NUL character/);
  });

  it('when a body comes compressed (gzip, deflate, br), then it is read inflated; one that inflates past the limit is refused 413 and nothing is stored', async () => {
    const compressors = [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]] as const;
    for (const [index, [encoding, compress]] of compressors.entries()) {
      const nomination = validNomination({ nominee: { kind: 'individual', name: 'Trần Văn Nén', identifier: `03419000777${index}` } });
      const accepted = await fixture.submitJson(compress(Buffer.from(JSON.stringify(nomination))), { 'content-encoding': encoding });
      assert.equal(accepted.status, 202, `${encoding}: ${await accepted.text()}`);
    }
    const before = await fixture.counts();
    // 100 kB is the API's limit: a few hundred bytes of gzip that inflate to 5 MB.
    const bomb = gzipSync(Buffer.from(`{"a":"${'x'.repeat(5 * 1024 * 1024)}"}`));
    assert.ok(bomb.length < 10 * 1024);
    await refused(fixture.submitJson(bomb, { 'content-encoding': 'gzip' }), 413, /larger than the limit of 102400 bytes/);
    assert.deepEqual(await fixture.counts(), before);
  });

  it('when a compressed body does not inflate, or its encoding is unknown, then 400 or 415 says so', async () => {
    const body = JSON.stringify(validNomination());
    await refused(fixture.submitJson(body, { 'content-encoding': 'gzip' }), 400, /could not be read.*Content-Encoding/);
    await refused(fixture.submitJson(body, { 'content-encoding': 'br' }), 400, /could not be read/);
    await refused(fixture.submitJson(body, { 'content-encoding': 'foo' }), 415, /Content-Encoding "foo" is not supported/);
  });

  it('when a string field holds a MongoDB operator, then 400 names the field', async () => {
    await refused(fixture.submitJson(validNomination({ unitId: { $gt: '' } })), 400, /unitId: query operators such as "\$gt"/);
    await refused(fixture.submitJson(validNomination({ contact: { name: 'A', email: { $ne: null } } })), 400, /contact\.email/);
  });

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`when the body has a "${key}" key anywhere, then 400 refuses it`, async () => {
      const nested = `${JSON.stringify(validNomination()).slice(0, -1)},"nominee":{"kind":"individual","name":"A","${key}":{"isAdmin":true}}}`;
      await refused(fixture.submitJson(nested), 400, new RegExp(`"${key}"`));
      await refused(fixture.submitJson(`{"${key}":{"polluted":true}}`), 400, new RegExp(`"${key}"`));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  }

  it('when the body has unknown fields, then 400 names them', async () => {
    const body = await refused(fixture.submitJson(validNomination({ status: 'approved' })), 400, /status: This field is not accepted/);
    assert.deepEqual(body.fields?.map((field) => field.field), ['status']);
  });

  it('when the body is not JSON, is JSON of another shape, or is sent as another type, then 400 or 415 says so', async () => {
    await refused(fixture.submitJson('{"nominee": '), 400, /not valid JSON/);
    await refused(fixture.submitJson('[1,2,3]'), 400, /^\(body\): Has the wrong type/);
    await refused(fixture.submitJson('null'), 400, /^\(body\): /);
    await refused(
      fetch(`${fixture.url}/api/nominations`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(validNomination()) }),
      415,
      /application\/json/,
    );
    await refused(fixture.submitJson(JSON.stringify(validNomination()), { 'content-type': 'application/json; charset=latin1' }), 415, /UTF-8/);
  });

  it('when the body is larger than 100 kB, then 413 says so', async () => {
    await refused(fixture.submitJson(validNomination({ achievementSummary: 'a'.repeat(150_000) })), 413, /larger than the limit/);
  });

  it('when the unit or the award type is unknown, then 422 names the field', async () => {
    await refused(fixture.submitJson(validNomination({ unitId: 'ubnd-xa-khong-ton-tai' })), 422, /unitId: There is no such unit/);
    await refused(fixture.submitJson(validNomination({ awardTypeId: 'huy-chuong-vang-olympic' })), 422, /awardTypeId: There is no such title or award/);
  });

  it('when the award is not for this kind of nominee, then 422 names the award type', async () => {
    await refused(
      fixture.submitJson(validNomination({ awardTypeId: 'co-thi-dua-chinh-phu' })),
      422,
      /awardTypeId: "Government Emulation Flag" is only for collectives/,
    );
  });

  it('when a file does not match its declared type or extension, then 415 names the file', async () => {
    const asPdf = (content: Buffer, filename = 'bao-cao.pdf', contentType = 'application/pdf') =>
      validNomination({ attachments: [{ filename, contentType, contentBase64: content.toString('base64') }] });
    await refused(fixture.submitJson(asPdf(sampleFiles.exe)), 415, /bao-cao\.pdf.*does not match/);
    await refused(fixture.submitJson(asPdf(sampleFiles.png)), 415, /does not match/);
    await refused(fixture.submitJson(asPdf(sampleFiles.pdf, 'bao-cao.png', 'image/png')), 415, /does not match/);
    await refused(fixture.submitJson(asPdf(sampleFiles.exe, 'setup.exe', 'application/x-msdownload')), 415, /setup\.exe.*only PDF, JPEG or PNG/);
  });

  it('when a file is not base64, or there are too many files, then 400 names them', async () => {
    await refused(fixture.submitJson(validNomination({ attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', contentBase64: '%%%' }] })), 400, /attachments\.0\.contentBase64/);
    const file = { filename: 'a.pdf', contentType: 'application/pdf', contentBase64: sampleFiles.pdf.toString('base64') };
    await refused(fixture.submitJson(validNomination({ attachments: [file, file, file, file] })), 400, /attachments: Attach at most 3/);
  });

  it('when text holds HTML and script, then it is stored as text and the API returns it unchanged', async () => {
    const name = '<script>alert("x")</script><b>Hoa</b>';
    const response = await fixture.submitJson(validNomination({ nominee: { kind: 'individual', name, identifier: '024185000123' } }));
    assert.equal(response.status, 202);
    const { nominationId } = (await response.json()) as { nominationId: string };
    const details = (await (await fetch(`${fixture.url}/api/nominations/${nominationId}`)).json()) as { nominee: { name: string } };
    assert.equal(details.nominee.name, name);
  });

  it('when an address holds a malformed percent escape, then 400 says so', async () => {
    const response = await fetch(`${fixture.url}/api/nominations/%E4%ZZ`);
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: string; message: string };
    assert.deepEqual([body.error, body.message], ['invalid_path', 'The address holds a wrongly percent-encoded character (%…).']);
  });

  it('when an API route does not exist, then a JSON 404 comes back', async () => {
    const response = await fetch(`${fixture.url}/api/unknown`);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: string }).error, 'not_found');
  });
});

describe('procedure after submission', () => {
  it('when the procedure advances, then the nomination status follows', async () => {
    const { nominationId } = (await (await fixture.submitJson(validNomination())).json()) as { nominationId: string };
    await waitFor(
      async () => ((await (await fetch(`${fixture.url}/api/nominations/${nominationId}`)).json()) as { status: string }).status,
      (status) => status === 'in_review',
      { what: 'in_review' },
    );
  });
});
