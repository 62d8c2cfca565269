/**
 * The signed agreement stored and shown: a cluster year the store records (`store.clusters`) has a
 * year page and a printable signed agreement before anyone starts its evaluation — members, roles,
 * the council member responsible, the criteria and vote rule, who signed for each member and on
 * which day (Vietnam's time) — and the year page of a running evaluation shows the stored
 * agreement beside it. Real gateway, Redis, PGlite; the seed cluster written by packages/clusters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clusterEvaluationInstanceId, seedNorthernMidlandsCluster } from '@vinh-danh/clusters';
import { northernMidlandsCluster, northernMidlandsMembers as m } from '@vinh-danh/domain';
import type { ClusterYearRecord, NewClusterYear } from '@vinh-danh/store';
import { sectionOf } from '../support/cluster-pages.ts';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway.ts';
import { waitFor } from '../support/wait.ts';

let fixture: GatewayFixture;
before(async () => {
  fixture = await startGatewayFixture();
  await seedNorthernMidlandsCluster(fixture.harness.runtime.store);
});
after(async () => {
  await fixture?.close();
});

const clusterId = northernMidlandsCluster.clusterId;
/** The members as the unit directory names them (Bắc Giang's record comes from the gateway's demo units, the others from the seed). */
const provinces = [
  [m.bacGiang, 'Tỉnh Bắc Giang'], [m.bacKan, 'Tỉnh Bắc Kạn'], [m.thaiNguyen, 'Tỉnh Thái Nguyên'], [m.hoaBinh, 'Tỉnh Hòa Bình'],
  [m.tuyenQuang, 'Tỉnh Tuyên Quang'], [m.yenBai, 'Tỉnh Yên Bái'], [m.phuTho, 'Tỉnh Phú Thọ'],
] as const;

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${fixture.url}${path}`, { headers });
  return { status: response.status, page: await response.text(), response };
}

/** The `<tr id="signature-…">` row of a member in the signatures table. */
function signatureRow(page: string, memberId: string): string {
  const match = new RegExp(`<tr id="signature-${memberId}">[\\s\\S]*?</tr>`).exec(page);
  assert.ok(match, `no signature row for ${memberId}`);
  return match[0];
}

/** `2023`'s record as written anew under another year or cluster: what `upsertYear` takes. */
async function storedYear(year: number, changes: Partial<NewClusterYear>): Promise<NewClusterYear> {
  const { handover: _handover, ...recorded } = (await fixture.harness.runtime.store.clusters.getYear(clusterId, 2023)) as ClusterYearRecord;
  return { ...recorded, year, ...changes };
}

describe('a cluster year the store records, before its evaluation', () => {
  it('when the seed cluster is recorded, then the 2023 page shows the seven provinces as signed on 10/03/2023, the roles, the council member responsible, the criteria and the vote rule', async () => {
    const { status, page, response } = await get(`/clusters/${clusterId}/2023`);
    assert.equal(status, 200, page.slice(0, 400));
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(page, /<html lang="vi">/);
    assert.match(page, /<h1>Cụm thi đua các tỉnh Trung du và miền núi phía Bắc — năm 2023<\/h1>/);
    assert.match(page, /<p class="status">Chưa bắt đầu tổng kết năm 2023\./);
    assert.match(page, /Trưởng cụm: Tỉnh Bắc Kạn\. Phó trưởng cụm: Tỉnh Thái Nguyên\./);
    assert.match(page, /<p id="responsible">Ủy viên Hội đồng Thi đua – Khen thưởng Trung ương phụ trách Cụm: Lương Quốc Đoàn, Ủy viên Trung ương Đảng, Chủ tịch Hội Nông dân Việt Nam/);
    assert.doesNotMatch(page, /id="handover"/, 'the seed year was not handed over');

    assert.match(page, /Đã ký: 7\/7 thành viên\./);
    for (const [memberId, name] of provinces) {
      const role = memberId === m.bacKan ? 'Trưởng cụm' : memberId === m.thaiNguyen ? 'Phó trưởng cụm' : 'Thành viên';
      assert.equal(
        signatureRow(page, memberId),
        `<tr id="signature-${memberId}"><th scope="row">${name}</th><td>${role}</td><td>Đã ký</td><td>Không ghi</td><td>10/03/2023</td></tr>`,
      );
    }

    assert.match(page, /<caption>Tiêu chí thi đua năm 2023, trọng số và thang điểm<\/caption>/);
    assert.match(page, /<th scope="row">Thực hiện các chỉ tiêu phát triển kinh tế – xã hội<\/th><td class="num">5<\/td><td>0–10, bước 0,5<\/td>/);
    assert.match(page, /<th scope="row">Tổ chức các phong trào thi đua, thi đua chuyên đề và đột xuất<\/th><td class="num">2<\/td><td>0–10, bước 0,5<\/td>/);
    assert.match(page, /<th scope="row">Công tác khen thưởng chính xác, kịp thời<\/th><td class="num">2<\/td><td>0–10, bước 0,5<\/td>/);
    assert.match(page, /<th scope="row">Tham gia hoạt động của Cụm thi đua<\/th><td class="num">1<\/td><td>0–10, bước 1<\/td>/);
    assert.match(page, /Bầu 2 đơn vị dẫn đầu, lần lượt đề nghị: 1\. Cờ thi đua của Chính phủ; 2\. Bằng khen của Thủ tướng Chính phủ\./);
    assert.match(page, /ít nhất 66,7% thành viên bỏ phiếu/);
    assert.match(page, /Thành viên không bỏ phiếu cho chính mình\./);
    assert.match(page, /Nguồn của các tiêu chí: Tiêu chí minh họa \(bản giao ước ký năm 2023 không có trong dữ liệu mẫu\)/);
    assert.doesNotMatch(page, /Illustrative/, 'no English on the Vietnamese page');
    assert.match(page, new RegExp(`<a href="/clusters/${clusterId}/2023/record">Giao ước thi đua đã ký \\(bản in\\)</a>`));
    assert.match(page, new RegExp(`<a class="lang-switch" href="/clusters/${clusterId}/2023\\?lang=en"`));
  });

  it('when the page is asked for in English, then its labels, statuses and dates are English and the choice is remembered', async () => {
    const { status, page, response } = await get(`/clusters/${clusterId}/2023?lang=en`);
    assert.equal(status, 200);
    assert.match(page, /<html lang="en">/);
    assert.match(response.headers.get('set-cookie') ?? '', /lang=en/);
    assert.match(page, /<p class="status">The 2023 year-end evaluation has not started\./);
    assert.match(page, /Chair: Tỉnh Bắc Kạn\. Deputy chair: Tỉnh Thái Nguyên\./);
    assert.match(page, /responsible for the cluster: Lương Quốc Đoàn, Member of the Party Central Committee/);
    assert.match(page, /<th scope="col">Member<\/th><th scope="col">Role<\/th><th scope="col">Agreement<\/th><th scope="col">Signed by<\/th><th scope="col">Signed on<\/th>/);
    assert.equal(
      signatureRow(page, m.bacKan),
      `<tr id="signature-${m.bacKan}"><th scope="row">Tỉnh Bắc Kạn</th><td>Chair (Trưởng cụm)</td><td>Signed</td><td>Not recorded</td><td>10 Mar 2023</td></tr>`,
    );
    assert.match(page, /Signed: 7 of 7 members\./);
    assert.match(page, /<th scope="row">Economic and social targets met<\/th><td class="num">5<\/td><td>0–10 in steps of 0\.5<\/td>/);
    assert.match(page, /2 leading units are elected, proposed in order for: 1\. Government Emulation Flag; 2\. Prime Minister&#39;s Certificate of Merit\./);
    assert.doesNotMatch(page, /Đã ký|Chưa bắt đầu/);

    const remembered = await get(`/clusters/${clusterId}/2023`, { cookie: 'lang=en' });
    assert.match(remembered.page, /The 2023 year-end evaluation has not started\./);
  });

  it('when the record is asked for, then it is the printable signed agreement: parties, criteria, rules and every signature', async () => {
    const { status, page } = await get(`/clusters/${clusterId}/2023/record`);
    assert.equal(status, 200, page.slice(0, 400));
    assert.match(page, /<article class="record">/);
    assert.match(page, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    assert.match(page, /<h1>Giao ước thi đua năm 2023<\/h1>/);
    assert.match(page, /Các thành viên của Cụm thi đua các tỉnh Trung du và miền núi phía Bắc ký giao ước thi đua năm 2023/);
    assert.match(page, new RegExp(`<a href="/clusters/${clusterId}/2023">Về trang tổng quan của Cụm</a>`));
    assert.match(page, /<th scope="row">Tham gia hoạt động của Cụm thi đua<\/th><td class="num">1<\/td><td>0–10, bước 1<\/td>/);
    assert.match(page, /Bầu 2 đơn vị dẫn đầu/);
    const signatures = sectionOf(page, 'agreement-signatures');
    assert.match(signatures, /Đã ký: 7\/7 thành viên\./);
    for (const [memberId, name] of provinces) {
      assert.match(signatureRow(signatures, memberId), new RegExp(`<th scope="row">${name}</th><td>[^<]+</td><td>Đã ký</td><td>Không ghi</td><td>10/03/2023</td>`));
    }
    assert.match(page, /Lập từ hồ sơ của Cụm năm 2023; năm này chưa bắt đầu tổng kết\./);

    const english = await get(`/clusters/${clusterId}/2023/record?lang=en`);
    assert.match(english.page, /<h1>Emulation agreement for 2023<\/h1>/);
    assert.match(signatureRow(english.page, m.phuTho), /<td>Signed<\/td><td>Not recorded<\/td><td>10 Mar 2023<\/td>/);
  });

  it('when neither the store nor an evaluation has the year, then the page and the record answer 404', async () => {
    for (const path of [`/clusters/${clusterId}/2031`, `/clusters/${clusterId}/2031/record`, '/clusters/cum-khong-ton-tai/2023']) {
      const answer = await get(path);
      assert.equal(answer.status, 404, path);
      assert.match(answer.page, /Không tìm thấy hồ sơ hay kết quả thi đua của Cụm trong năm này\./);
    }
    assert.match((await get(`/clusters/${clusterId}/2031?lang=en`)).page, /There is no record or evaluation of this cluster for this year\./);
  });

  it('when a year is recorded without signatures, then every member is listed as not signed, on the page and in the record', async () => {
    const store = fixture.harness.runtime.store;
    const unsigned = await storedYear(2026, {});
    await store.clusters.upsertYear({ ...unsigned, agreement: { ...unsigned.agreement!, signatures: [] } });

    const { status, page } = await get(`/clusters/${clusterId}/2026`);
    assert.equal(status, 200, page.slice(0, 400));
    assert.match(page, /Đã ký: 0\/7 thành viên\./);
    for (const [memberId, name] of provinces) {
      assert.match(signatureRow(page, memberId), new RegExp(`<th scope="row">${name}</th><td>[^<]+</td><td>Chưa ký</td><td>—</td><td>—</td>`));
    }
    assert.match(page, /<caption>Tiêu chí thi đua năm 2026, trọng số và thang điểm<\/caption>/);

    const record = await get(`/clusters/${clusterId}/2026/record`);
    assert.equal(record.status, 200);
    assert.match(sectionOf(record.page, 'agreement-signatures'), /Đã ký: 0\/7 thành viên\./);
    assert.match(signatureRow(record.page, m.yenBai), /<td>Chưa ký<\/td><td>—<\/td><td>—<\/td>/);
    const english = await get(`/clusters/${clusterId}/2026?lang=en`);
    assert.match(signatureRow(english.page, m.yenBai), /<td>Not signed yet<\/td><td>—<\/td><td>—<\/td>/);
  });

  it('when who signed is recorded, then it is shown escaped, dated by the day in Vietnam, and a unit missing from the directory shows as its id', async () => {
    const store = fixture.harness.runtime.store;
    const partly = await storedYear(2027, {});
    const newcomer = 'ubnd-tinh-moi-thanh-lap';
    await store.clusters.upsertYear({
      ...partly,
      members: [...partly.members, newcomer],
      agreement: {
        ...partly.agreement!,
        signatures: [
          // 20:30 UTC on 14 March is 03:30 on 15 March in Vietnam: the day shown is Vietnam's.
          { memberId: m.bacGiang, signedBy: '<script>alert("x")</script> Nguyễn Văn A', signedAt: new Date('2027-03-14T20:30:00Z') },
          { memberId: newcomer, signedBy: 'van-phong@moi.example', signedAt: new Date('2027-03-16T02:00:00Z') },
        ],
      },
    });

    const { status, page } = await get(`/clusters/${clusterId}/2027`);
    assert.equal(status, 200, page.slice(0, 400));
    assert.doesNotMatch(page, /<script>/);
    assert.equal(
      signatureRow(page, m.bacGiang),
      `<tr id="signature-${m.bacGiang}"><th scope="row">Tỉnh Bắc Giang</th><td>Thành viên</td><td>Đã ký</td><td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Nguyễn Văn A</td><td>15/03/2027</td></tr>`,
    );
    assert.match(signatureRow(page, newcomer), new RegExp(`<th scope="row">${newcomer}</th><td>Thành viên</td><td>Đã ký</td><td>van-phong@moi\\.example</td><td>16/03/2027</td>`));
    assert.match(signatureRow(page, m.phuTho), /<td>Chưa ký<\/td>/);
    assert.match(page, /Đã ký: 2\/8 thành viên\./);
  });

  it('when the next year is handed over, then the page shows the handover, the new roles and the agreement carried unsigned; without an agreement, that none is recorded', async () => {
    const store = fixture.harness.runtime.store;
    const outcome = await store.clusters.recordHandover({ clusterId, year: 2024, chair: m.thaiNguyen, deputy: m.hoaBinh, byEffectId: 'test-handover-2024' });
    assert.equal(outcome, 'recorded');

    const carried = await get(`/clusters/${clusterId}/2024`);
    assert.equal(carried.status, 200, carried.page.slice(0, 400));
    assert.match(carried.page, /Trưởng cụm: Tỉnh Thái Nguyên\. Phó trưởng cụm: Tỉnh Hòa Bình\./);
    assert.match(carried.page, /<p id="handover">Trưởng cụm, Phó trưởng cụm năm 2024 được chuyển giao theo kết quả tổng kết năm 2023; ghi nhận lúc [^<]*\(GMT\+7\)\.<\/p>/);
    assert.match(carried.page, /id="criteria"/);
    assert.match(carried.page, /Đã ký: 0\/\d+ thành viên\./);
    assert.match(signatureRow(carried.page, m.thaiNguyen), /<td>Trưởng cụm<\/td><td>Chưa ký<\/td>/);

    const { handover: _handover, ...year2024 } = (await store.clusters.getYear(clusterId, 2024))!;
    await store.clusters.upsertYear({ ...year2024, agreement: null });
    const { status, page } = await get(`/clusters/${clusterId}/2024`);
    assert.equal(status, 200, page.slice(0, 400));
    assert.match(page, /Hồ sơ của Cụm chưa có giao ước thi đua năm 2024\./);
    assert.match(signatureRow(page, m.thaiNguyen), /<td>Trưởng cụm<\/td><td>Chưa có giao ước<\/td>/);
    assert.doesNotMatch(page, /id="criteria"/);

    const record = await get(`/clusters/${clusterId}/2024/record`);
    assert.equal(record.status, 200);
    assert.match(record.page, /Hồ sơ của Cụm chưa có giao ước thi đua năm 2024\./);
  });
});

describe('a cluster year with an evaluation and a stored agreement', () => {
  it('when the evaluation has started, then the year page keeps showing it and adds the stored criteria and signatures', async () => {
    const store = fixture.harness.runtime.store;
    const otherCluster = 'cum-thu-nghiem-giao-uoc';
    await store.clusters.upsertYear(await storedYear(2023, { clusterId: otherCluster }));
    const started = await fetch(`${fixture.url}/api/clusters/${otherCluster}/2023/evaluation`, { method: 'POST' });
    assert.equal(started.status, 202, await started.text());
    const instanceId = clusterEvaluationInstanceId(otherCluster, 2023);
    // The seven signed the agreement at the March meeting: nobody is asked again.
    const tasks = await waitFor(() => store.tasks.listByInstance(instanceId), (found) => found.filter((task) => task.step === 'selfAssessment').length === 7, { what: 'the self-assessment tasks' });
    assert.equal(tasks.filter((task) => task.step === 'signing').length, 0);

    const { status, page } = await get(`/clusters/${otherCluster}/2023`);
    assert.equal(status, 200, page.slice(0, 400));
    // What the evaluation page showed before: its stage, its members table, its criteria.
    assert.match(page, /Giai đoạn hiện tại: Tự đánh giá, chấm điểm\./);
    assert.match(page, /<tr id="member-ubnd-tinh-bac-kan"><th scope="row">[^<]*Bắc Kạn<\/th><td>Trưởng cụm<\/td><td>Đã ký<\/td>/);
    assert.match(page, /<table class="data-table" id="criteria">/);
    // And beside it, the agreement the store records.
    const stored = sectionOf(page, 'stored-agreement');
    assert.match(stored, /<h2 id="stored-agreement-title">Giao ước thi đua trong hồ sơ của Cụm<\/h2>/);
    assert.match(stored, /<table class="data-table" id="stored-criteria">/);
    assert.match(stored, /<th scope="row">Thực hiện các chỉ tiêu phát triển kinh tế – xã hội<\/th><td class="num">5<\/td><td>0–10, bước 0,5<\/td>/);
    assert.match(stored, /Đã ký: 7\/7 thành viên\./);
    for (const [memberId, name] of provinces) {
      assert.match(signatureRow(stored, memberId), new RegExp(`<th scope="row">${name}</th><td>[^<]+</td><td>Đã ký</td><td>Không ghi</td><td>10/03/2023</td>`));
    }
    // The record stays the meeting's record while the evaluation runs.
    const record = await get(`/clusters/${otherCluster}/2023/record`);
    assert.match(record.page, /Biên bản tổng kết công tác thi đua năm 2023/);
  });
});
