/**
 * `POST /api/clusters/:clusterId/:year/evaluation` through the real gateway, runtime (Redis,
 * PGlite) and the seed cluster written to the store: started once, mailed to every member,
 * refused with the right status and message for an unknown year, bad parameters or a year that
 * cannot be evaluated — and nothing started then.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clusterEvaluationInstanceId, seedNorthernMidlandsCluster } from '@vinh-danh/clusters';
import { loadConfig } from '@vinh-danh/config';
import { northernMidlandsCluster, northernMidlandsMembers as m } from '@vinh-danh/domain';
import { startGateway, type Gateway } from '@vinh-danh/gateway';
import { createLogger } from '@vinh-danh/log';
import { startGatewayFixture, testSecret, type GatewayFixture } from '../support/gateway.ts';
import { waitFor } from '../support/wait.ts';

let fixture: GatewayFixture;
before(async () => {
  fixture = await startGatewayFixture();
  await seedNorthernMidlandsCluster(fixture.harness.runtime.store);
});
const extraGateways: Gateway[] = [];
after(async () => {
  for (const gateway of extraGateways) await gateway.stop();
  await fixture?.close();
});

/** Another gateway over the fixture's runtime with its own settings; its log lines are kept. */
async function gatewayWith(env: Record<string, string>) {
  const lines: string[] = [];
  const log = createLogger({ service: 'gateway', level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', TASK_LINK_SECRET: testSecret, ...env });
  const gateway = await startGateway({ config, log, taskLinks: fixture.taskLinks, runtime: fixture.harness.runtime });
  extraGateways.push(gateway);
  return { url: gateway.url, lines };
}

const clusterId = northernMidlandsCluster.clusterId;
const start = (id: string, year: string | number) => fetch(`${fixture.url}/api/clusters/${id}/${year}/evaluation`, { method: 'POST' });

describe('POST /api/clusters/:clusterId/:year/evaluation', () => {
  it('when a recorded year is started, then it answers 202 and every member gets a signing task; a repeat answers 200 with the same instance', async () => {
    const response = await start(clusterId, 2022);
    const body = (await response.json()) as { instanceId: string; created: boolean; yearUrl: string };
    assert.equal(response.status, 202, JSON.stringify(body));
    assert.deepEqual([body.instanceId, body.created], [clusterEvaluationInstanceId(clusterId, 2022), true]);
    assert.ok(body.yearUrl.endsWith(`/clusters/${clusterId}/2022`));
    const tasks = await waitFor(
      () => fixture.harness.runtime.store.tasks.listByInstance(body.instanceId),
      (list) => list.filter((task) => task.step === 'signing' && task.status === 'open').length === 7,
      { what: 'a signing task per member' },
    );
    assert.equal(new Set(tasks.map((task) => task.assignee)).size, 7);

    const again = await start(clusterId, 2022);
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { ...body, created: false });
  });

  it('when the organisation data records a member\'s merger, then the evaluation applies it once; a bad or inapplicable one is refused naming the field', async () => {
    const merge = (year: number, body: unknown) =>
      fetch(`${fixture.url}/api/clusters/${clusterId}/${year}/evaluation/mergers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const instanceId = clusterEvaluationInstanceId(clusterId, 2022);
    await waitFor(() => fixture.harness.runtime.store.instances.get(instanceId), (instance) => instance !== null, { what: 'the 2022 evaluation' });
    const malformed = await merge(2022, { member: 'Yen Bai', successor: 'ubnd-tinh-phu-tho', extra: 1 });
    assert.equal(malformed.status, 400);
    assert.deepEqual(((await malformed.json()) as { fields: Array<{ field: string }> }).fields.map((field) => field.field).sort(), ['body', 'member'], 'the unknown key and the malformed id');
    const stranger = await merge(2022, { member: 'ubnd-tinh-lao-cai', successor: 'khong-co-don-vi' });
    assert.equal(stranger.status, 422);
    assert.deepEqual(((await stranger.json()) as { fields: Array<{ field: string }> }).fields.map((field) => field.field), ['member', 'successor']);
    assert.equal((await merge(2031, { member: m.yenBai, successor: m.phuTho })).status, 404);

    // Two records of one member's merger into different units at once: one is taken, the other refused naming it.
    const [recorded, rival] = await Promise.all([merge(2022, { member: m.yenBai, successor: m.phuTho }), merge(2022, { member: m.yenBai, successor: m.hoaBinh })]);
    const answers = [recorded, rival].map((response) => response.status);
    assert.ok(answers.includes(202) && answers.includes(422), `one taken, one refused: ${answers}`);
    const [taken, refused] = recorded.status === 202 ? [m.phuTho, m.hoaBinh] : [m.hoaBinh, m.phuTho];
    const refusal = (await (recorded.status === 202 ? rival : recorded).json()) as { error: string; fields: Array<{ field: string; message: string }> };
    assert.equal(refusal.error, 'merger_not_applicable');
    assert.deepEqual(refusal.fields.map((field) => field.field), ['member']);
    const merged = await waitFor(
      () => fixture.harness.runtime.store.instances.get(instanceId),
      (instance) => (instance?.snapshot as { context: { members: Array<{ memberId: string; status: string }> } }).context.members.find((seat) => seat.memberId === m.yenBai)?.status === 'merged',
      { what: 'Yên Bái merged' },
    );
    const history = await fixture.harness.runtime.store.history.list(merged!.instanceId);
    assert.equal(history.find((entry) => entry.eventType === 'memberMerged')?.meta.actor, 'api');
    assert.deepEqual(history.filter((entry) => entry.eventType === 'memberMerged').map((entry) => entry.event.successor), [taken]);
    const again = await merge(2022, { member: m.yenBai, successor: taken });
    assert.equal(again.status, 200, 'a member merges once');
    const elsewhere = await merge(2022, { member: m.yenBai, successor: refused });
    assert.equal(elsewhere.status, 422, 'already merged into another unit');
  });

  it('when another site posts from a visitor\'s browser, then 403 and nothing is started', async () => {
    // A plain HTML form on another site: a browser sends it without asking, with its Origin.
    const response = await fetch(`${fixture.url}/api/clusters/${clusterId}/2023/evaluation`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { error: string }).error, 'cross_origin');
    assert.equal(await fixture.harness.runtime.store.instances.get(clusterEvaluationInstanceId(clusterId, 2023)), null);
  });

  it('when the year is not recorded, then 404 names the cluster and the year', async () => {
    const response = await start(clusterId, 2030);
    const body = (await response.json()) as { error: string; message: string };
    assert.equal(response.status, 404);
    assert.equal(body.error, 'cluster_year_not_found');
    assert.match(body.message, new RegExp(`${clusterId} has no record for 2030`));
  });

  it('when the cluster id or the year is malformed, then 400 and nothing is started', async () => {
    for (const [id, year] of [['Cum_Xau', '2022'], [clusterId, '22'], [clusterId, '3000']] as const) {
      const response = await start(id, year);
      assert.equal(response.status, 400, `${id}/${year}`);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_cluster_year');
    }
    assert.equal(await fixture.harness.runtime.store.instances.get(clusterEvaluationInstanceId(clusterId, 3000)), null);
  });

  it('when a body is sent, then it must be JSON: a malformed one is 400 invalid_json, another media type 415, and nothing is started', async () => {
    const post = (body: string, type: string) => fetch(`${fixture.url}/api/clusters/${clusterId}/2031/evaluation`, { method: 'POST', headers: { 'content-type': type }, body });
    const malformed = await post('{"x":', 'application/json');
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { error: string }).error, 'invalid_json');
    assert.equal((await post('year=2031', 'application/x-www-form-urlencoded')).status, 415);
    assert.equal(await fixture.harness.runtime.store.instances.get(clusterEvaluationInstanceId(clusterId, 2031)), null);
  });

  it('when a JSON body holds an operator or prototype key, a NUL or invalid UTF-8, then 400 names the problem, nothing is started, and the gateway goes on serving', async () => {
    const post = (body: string | Buffer) =>
      fetch(`${fixture.url}/api/clusters/${clusterId}/2031/evaluation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (const body of ['{"$where":1}', '{"__proto__":{}}', '{"note":"a\\u0000b"}', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])]) {
      const response = await post(body);
      assert.equal(response.status, 400, String(body));
      assert.ok(((await response.json()) as { error?: string }).error, 'the error is named');
    }
    assert.equal(await fixture.harness.runtime.store.instances.get(clusterEvaluationInstanceId(clusterId, 2031)), null);
    assert.equal((await start(clusterId, 'not-a-year')).status, 400, 'the gateway still answers');
  });

  it('when the year has no agreement, then 422 names the problem and nothing is started', async () => {
    const store = fixture.harness.runtime.store;
    const recorded = (await store.clusters.getYear(clusterId, 2022))!;
    const { handover: _handover, ...year } = recorded;
    await store.clusters.upsertYear({ ...year, year: 2025, agreement: null });
    const response = await start(clusterId, 2025);
    const body = (await response.json()) as { error: string; fields: Array<{ field: string; message: string }> };
    assert.equal(response.status, 422, JSON.stringify(body));
    assert.equal(body.error, 'cluster_year_not_ready');
    assert.ok(body.fields.some((field) => /no agreement/.test(field.message)), JSON.stringify(body.fields));
    assert.equal(await store.instances.get(clusterEvaluationInstanceId(clusterId, 2025)), null);
  });
});

describe('the officers\' routes and their tokens', () => {
  const chairToken = 'c'.repeat(40);
  const officerToken = 'o'.repeat(48);
  const tokens = `chu-tich-cum:${chairToken}, ban-tdkt:${officerToken}`;
  const startOn = (url: string, year: number, authorization?: string) =>
    fetch(`${url}/api/clusters/${clusterId}/${year}/evaluation`, { method: 'POST', headers: authorization ? { authorization } : {} });

  it('when OFFICER_API_TOKENS is set, then a start without a valid token is 401 and starts nothing; with one, the history names its holder', async () => {
    const store = fixture.harness.runtime.store;
    const recorded = (await store.clusters.getYear(clusterId, 2022))!;
    const { handover: _handover, ...year } = recorded;
    await store.clusters.upsertYear({ ...year, year: 2027 });
    const { url, lines } = await gatewayWith({ OFFICER_API_TOKENS: tokens });

    const missing = await startOn(url, 2027);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer realm="vinh-danh officers"');
    assert.equal(((await missing.json()) as { error: string }).error, 'officer_token_required');
    const wrong = await startOn(url, 2027, `Bearer ${'x'.repeat(40)}`);
    assert.equal(wrong.status, 401);
    assert.match(((await wrong.json()) as { message: string }).message, /not valid/);
    assert.equal(await store.instances.get(clusterEvaluationInstanceId(clusterId, 2027)), null);

    const started = await startOn(url, 2027, `Bearer ${chairToken}`);
    assert.equal(started.status, 202);
    const [start] = await store.history.list(clusterEvaluationInstanceId(clusterId, 2027));
    assert.equal(start?.meta.actor, 'chu-tich-cum');
    assert.ok(!lines.join('\n').includes(chairToken), 'no token in the log');
  });

  it('when OFFICER_API_TOKENS is set, then an award-history import needs a token too and its log line names the officer', async () => {
    const { url, lines } = await gatewayWith({ OFFICER_API_TOKENS: tokens });
    const body = JSON.stringify({ nominee: { kind: 'individual', identifier: `0017${Date.now() % 100_000_000}` }, entries: [{ awardTypeId: 'chien-si-thi-dua-co-so', year: 2020 }] });
    const post = (authorization?: string) =>
      fetch(`${url}/api/award-history`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
    assert.equal((await post()).status, 401);
    assert.equal((await post(`Bearer ${officerToken}`)).status, 201);
    const line = lines.find((entry) => entry.includes('"msg":"award history imported"'))!;
    assert.equal((JSON.parse(line) as { officer?: string }).officer, 'ban-tdkt');
    assert.equal(line.match(/"officer":/g)?.length, 1, 'named once in the line');
    // A token after two spaces is a token given, and not a valid one.
    const spaced = await post(`Bearer  ${'x'.repeat(40)}`);
    assert.equal(spaced.status, 401);
    assert.match(((await spaced.json()) as { message: string }).message, /not valid/);
  });

  it('when OFFICER_CLUSTERS scopes the tokens, then an officer may start and record mergers for its clusters only; a name it does not list acts on none', async () => {
    const store = fixture.harness.runtime.store;
    const { handover: _handover, ...year } = (await store.clusters.getYear(clusterId, 2022))!;
    await store.clusters.upsertYear({ ...year, year: 2028 });
    const { url } = await gatewayWith({ OFFICER_API_TOKENS: `${tokens}, khac:${'k'.repeat(40)}`, OFFICER_CLUSTERS: `chu-tich-cum:${clusterId}, ban-tdkt:cum-khac|cum-nua` });
    const merger = (authorization: string) =>
      fetch(`${url}/api/clusters/${clusterId}/2028/evaluation/mergers`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ member: m.yenBai, successor: m.phuTho }),
      });
    for (const token of [officerToken, 'k'.repeat(40)]) {
      const refused = await startOn(url, 2028, `Bearer ${token}`);
      assert.equal(refused.status, 403);
      const answer = (await refused.json()) as { error: string; message: string };
      assert.equal(answer.error, 'cluster_not_allowed');
      assert.match(answer.message, new RegExp(`may not act on cluster ${clusterId} \\(OFFICER_CLUSTERS\\)`));
      assert.equal((await merger(`Bearer ${token}`)).status, 403);
    }
    assert.equal(await store.instances.get(clusterEvaluationInstanceId(clusterId, 2028)), null, 'nothing started');
    assert.equal((await startOn(url, 2028, `Bearer ${chairToken}`)).status, 202);
    assert.equal((await merger(`Bearer ${chairToken}`)).status, 202);
  });

  it('when a production gateway has no OFFICER_API_TOKENS, then the officers\' routes are refused with 403 saying what to set', async () => {
    const { url } = await gatewayWith({ NODE_ENV: 'production' });
    const refused = await startOn(url, 2022);
    assert.equal(refused.status, 403);
    const answer = (await refused.json()) as { error: string; message: string };
    assert.equal(answer.error, 'officer_api_disabled');
    assert.match(answer.message, /OFFICER_API_TOKENS/);
    const history = await fetch(`${url}/api/award-history`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(history.status, 403);
    assert.equal(((await history.json()) as { error: string }).error, 'officer_api_disabled');
  });
});
