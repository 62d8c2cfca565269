/**
 * The web form without JavaScript: fill in → check your answers → confirm → tracking code.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { cookiesOf, hiddenValue, sampleFiles, startGatewayFixture, type GatewayFixture } from '../support/gateway.ts';

let fixture: GatewayFixture;
before(async () => {
  fixture = await startGatewayFixture();
});
after(async () => {
  await fixture?.close();
});

const store = () => fixture.harness.runtime.store;

type Part = { name: string; value: string | Buffer; type?: string } | { name: string; filename: string; type: string; content: Buffer };

/** A multipart body built by hand, so a test can put any bytes anywhere. */
function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----vd${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('filename' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`));
      chunks.push(part.content);
    } else {
      const type = part.type ? `Content-Type: ${part.type}\r\n` : '';
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n${type}\r\n`));
      chunks.push(typeof part.value === 'string' ? Buffer.from(part.value) : part.value);
    }
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const validFields = (overrides: Record<string, string> = {}): Record<string, string> => ({
  nomineeKind: 'collective',
  nomineeName: 'Phòng Tổ chức – Biên chế',
  nomineePosition: 'Tập thể 12 người, Sở Nội vụ tỉnh Bắc Giang',
  nomineeIdentifier: 'SNV-TCBC',
  unitId: 'so-noi-vu-bac-giang',
  awardTypeId: 'tap-the-lao-dong-xuat-sac',
  period: '2025',
  achievementSummary: 'Hoàn thành xuất sắc nhiệm vụ; 100% cá nhân đạt Lao động tiên tiến.',
  contactName: 'Lê Thị Mai',
  contactEmail: 'mai.le@sonoivu.bacgiang.example',
  ...overrides,
});

/** Opens the form as a browser would: its CSRF cookie and token. */
async function openForm(query = '') {
  const response = await fetch(`${fixture.url}/nominations/new${query}`);
  const page = await response.text();
  return { response, page, cookie: cookiesOf(response), csrf: hiddenValue(page, '_csrf') };
}

async function review(fields: Record<string, string>, files: Array<{ filename: string; type: string; content: Buffer }> = [], session?: { cookie: string; csrf: string }) {
  const { cookie, csrf } = session ?? (await openForm());
  const parts: Part[] = [{ name: '_csrf', value: csrf }, ...Object.entries(fields).map(([name, value]) => ({ name, value }))];
  for (const file of files) parts.push({ name: 'attachments', ...file });
  const { body, contentType } = multipart(parts);
  const response = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': contentType, cookie }, body });
  return { response, page: await response.text(), cookie, csrf };
}

/** Posts the review page's own form, as its confirm (or edit) button would. */
function confirm(reviewPage: string, cookie: string, action = 'confirm', change: Record<string, string> = {}) {
  const fields = new URLSearchParams();
  for (const [, name, value] of reviewPage.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.append(name!, change[name!] ?? value!.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'"));
  }
  // What the page asks besides its hidden answers (a file's dossier item).
  for (const [name, value] of Object.entries(change)) if (!fields.has(name)) fields.append(name, value);
  fields.append('action', action);
  return fetch(`${fixture.url}/nominations/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: fields.toString(),
    redirect: 'manual',
  });
}

describe('the nomination form', () => {
  it('when the form is opened, then every input has a label, choices sit in fieldsets, and a CSRF cookie is set', async () => {
    const { response, page, cookie } = await openForm();
    assert.equal(response.status, 200);
    assert.match(page, /<html lang="vi">/);
    for (const id of ['nomineeName', 'nomineeIdentifier', 'nomineePosition', 'unitId', 'awardTypeId', 'simplified', 'period', 'achievementSummary', 'attachments', 'contactName', 'contactEmail', 'overrideBy', 'overrideReason']) {
      assert.match(page, new RegExp(`<label for="${id}">`), id);
      assert.match(page, new RegExp(`id="${id}" name="${id}"|id="${id}" name="attachments"`), id);
    }
    assert.match(page, /<fieldset id="nomineeKind">\s*<legend>Đề nghị cho<\/legend>/);
    assert.match(page, /<option value="so-noi-vu-bac-giang">Sở Nội vụ tỉnh Bắc Giang<\/option>/);
    assert.doesNotMatch(page, /<option value="van-phong-chinh-phu">/, 'national bodies act on nominations, they do not propose them');
    assert.match(page, /<input type="checkbox" id="simplified" name="simplified" value="yes"/);
    assert.match(page, /<optgroup label="Danh hiệu thi đua">/);
    assert.match(page, /enctype="multipart\/form-data"/);
    assert.doesNotMatch(page, /<script|style="/);
    assert.match(cookie, /vd_csrf=/);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const english = await openForm('?lang=en');
    assert.match(english.page, /<html lang="en">/);
    assert.match(english.page, /Name of the person or the collective/);
    assert.match(english.page, /<a class="lang-switch" href="\/nominations\/new\?lang=vi" lang="vi"/);
  });

  it('when the form is filled in with a file, reviewed and confirmed, then a nomination is stored with the file and a tracking code is shown', async () => {
    const before = await fixture.counts();
    const reviewed = await review(validFields(), [{ filename: 'Biên bản họp.pdf', type: 'application/pdf', content: sampleFiles.pdf }]);
    assert.equal(reviewed.response.status, 200, reviewed.page.slice(0, 2000));
    assert.match(reviewed.page, /Kiểm tra lại thông tin trước khi gửi/);
    assert.match(reviewed.page, /Biên bản họp\.pdf/);
    assert.match(reviewed.page, /Tập thể lao động xuất sắc/);
    const { drafts, draft_attachments: draftFiles, ...rest } = await fixture.counts();
    const { drafts: draftsBefore, draft_attachments: draftFilesBefore, ...restBefore } = before;
    assert.deepEqual(rest, restBefore, 'nothing is submitted by the review');
    assert.deepEqual([drafts, draftFiles], [draftsBefore! + 1, draftFilesBefore! + 1], 'the answers and the file wait in a draft for the confirm');

    // The award's dossier: what the unit attaches, what the procedure records, and what each file is.
    assert.match(reviewed.page, /<legend>Thành phần hồ sơ<\/legend>/);
    assert.match(reviewed.page, /Danh sách cá nhân trong tập thể đạt danh hiệu thi đua <strong>\(bắt buộc\)<\/strong>/);
    assert.match(reviewed.page, /Do chính quy trình ghi nhận, không cần gửi kèm:<\/p><ul><li>Biên bản họp Hội đồng Thi đua – Khen thưởng/);
    const itemField = /<select id="(item\.[0-9a-f-]{36})" name="item\.[0-9a-f-]{36}"/.exec(reviewed.page)?.[1];
    assert.ok(itemField, 'a choice of dossier item for the file');
    assert.match(reviewed.page, new RegExp(`<label for="${itemField.replaceAll('.', '\\.')}">Tệp “Biên bản họp\\.pdf” là</label>`));

    const confirmed = await confirm(reviewed.page, reviewed.cookie, 'confirm', { [itemField]: 'danhSachThanhVien' });
    assert.equal(confirmed.status, 303);
    const location = confirmed.headers.get('location')!;
    const trackingCode = /\/nominations\/submitted\/(VD-[0-9A-Z-]+)$/.exec(location)?.[1];
    assert.ok(trackingCode, location);
    const done = await (await fetch(`${fixture.url}${location}`)).text();
    assert.match(done, new RegExp(`<strong class="code">${trackingCode}</strong>`));
    assert.match(done, new RegExp(`href="/track/${trackingCode}"`));
    assert.match(done, /m\*\*\*@sonoivu\.bacgiang\.example/);

    const nomination = await store().nominations.getByTrackingCode(trackingCode!);
    assert.equal(nomination?.awardTypeId, 'tap-the-lao-dong-xuat-sac');
    assert.deepEqual(nomination?.nominee, { kind: 'collective', name: 'Phòng Tổ chức – Biên chế', position: 'Tập thể 12 người, Sở Nội vụ tỉnh Bắc Giang', identifier: 'SNV-TCBC' });
    const files = await store().attachments.listByNomination(nomination!.nominationId);
    assert.deepEqual(files.map((file) => [file.filename, file.contentType]), [['Biên bản họp.pdf', 'application/pdf']]);
    const dossier = (nomination!.details as { dossier: { items: Array<{ id: string; attachmentIds: string[] }>; missing: string[]; untagged: string[] } }).dossier;
    assert.deepEqual(dossier.items.find((item) => item.id === 'danhSachThanhVien')?.attachmentIds, [files[0]!.attachmentId]);
    assert.deepEqual(dossier.missing, ['toTrinh', 'baoCaoThanhTich']);
    assert.deepEqual(dossier.untagged, []);
    const [start] = await store().history.list(nomination!.instanceId!);
    assert.equal(start?.meta.source, 'form');
    await fixture.openTask(nomination!.instanceId!, 'unitCouncil');
  });

  it('when confirm is pressed several times, then one nomination is created and every press lands on its confirmation', async () => {
    const reviewed = await review(validFields());
    const before = await fixture.counts();
    const presses = await Promise.all([confirm(reviewed.page, reviewed.cookie), confirm(reviewed.page, reviewed.cookie)]);
    const late = await confirm(reviewed.page, reviewed.cookie);
    const locations = [...presses, late].map((press) => [press.status, press.headers.get('location')]);
    assert.equal(new Set(locations.map((entry) => JSON.stringify(entry))).size, 1, JSON.stringify(locations));
    assert.equal(locations[0]![0], 303);
    const after = await fixture.counts();
    assert.deepEqual([after.nominations, after.instances], [before.nominations! + 1, before.instances! + 1]);
  });

  it('when "change your answers" is pressed, then the form comes back filled in, with the files kept', async () => {
    const reviewed = await review(validFields({ nomineeName: 'Tổ <Văn thư>' }), [{ filename: 'anh.png', type: 'image/png', content: sampleFiles.png }]);
    const edit = await confirm(reviewed.page, reviewed.cookie, 'edit');
    assert.equal(edit.status, 200);
    const page = await edit.text();
    assert.match(page, /value="Tổ &lt;Văn thư&gt;"/);
    assert.match(page, /name="keep" value="[0-9a-f-]{36}" checked/);
    assert.match(page, /anh\.png/);
    assert.match(page, /name="draftId" value="/);
    assert.doesNotMatch(page, /class="lang-switch"/, 'no language switch: its link would open an empty form');
  });

  it('when a file\'s dossier item was chosen and the answers are changed, then the choice goes through the form and comes back selected', async () => {
    const reviewed = await review(validFields(), [{ filename: 'to-trinh.pdf', type: 'application/pdf', content: sampleFiles.pdf }]);
    const itemField = /<select id="(item\.[0-9a-f-]{36})"/.exec(reviewed.page)?.[1];
    assert.ok(itemField, 'a choice of dossier item for the file');
    const pattern = (text: string) => text.replaceAll('.', '\\.');
    const edit = await confirm(reviewed.page, reviewed.cookie, 'edit', { [itemField]: 'toTrinh' });
    const page = await edit.text();
    assert.match(page, new RegExp(`<input type="hidden" name="${pattern(itemField)}" value="toTrinh">`), 'carried by the form');
    const again = await review(
      { ...validFields(), keep: itemField.slice('item.'.length), draftId: hiddenValue(page, 'draftId'), [itemField]: 'toTrinh' },
      [],
      { cookie: reviewed.cookie, csrf: hiddenValue(page, '_csrf') },
    );
    assert.equal(again.response.status, 200, again.page.slice(0, 1500));
    assert.match(again.page, new RegExp(`<select id="${pattern(itemField)}"[^>]*>[\\s\\S]*?<option value="toTrinh" selected>`), 'selected again on the answers page');
  });

  it('when fields are missing, then 400 shows each error beside its input and in a linked summary, keeping what was typed', async () => {
    const { response, page } = await review(validFields({ nomineeName: '', contactEmail: 'mai.le-at-example', period: '19' }));
    assert.equal(response.status, 400);
    assert.match(page, /<title>Lỗi: /);
    assert.match(page, /<div class="error-summary" role="alert"/);
    assert.match(page, /Có 3 lỗi cần sửa/);
    for (const id of ['nomineeName', 'period', 'contactEmail']) {
      assert.match(page, new RegExp(`<a href="#${id}">`), id);
      assert.match(page, new RegExp(`<p class="field-error" id="${id}-error">`), id);
      assert.match(page, new RegExp(`id="${id}" name="${id}"[^>]*aria-describedby="[^"]*${id}-error"[^>]*aria-invalid="true"`), id);
    }
    assert.match(page, /value="mai\.le-at-example"/);
    assert.doesNotMatch(page, /class="lang-switch"/, 'no language switch on a re-shown form');
  });

  it('when the unit or award sent does not exist, or the award does not fit the nominee, then 422 shows it at the field', async () => {
    const unknown = await review(validFields({ unitId: 'so-khong-co', awardTypeId: 'giai-nobel' }));
    assert.equal(unknown.response.status, 422);
    assert.match(unknown.page, /id="unitId-error">[^<]*<span[^>]*>Lỗi:<\/span> Không có đơn vị này/);
    assert.match(unknown.page, /id="awardTypeId-error">/);
    const misfit = await review(validFields({ awardTypeId: 'chien-si-thi-dua-co-so' }));
    assert.equal(misfit.response.status, 422);
    assert.match(misfit.page, /chỉ dành cho cá nhân/);
  });

  it('when a file is not what it claims, is too large, or there are too many, then 415 or 413 names it and nothing is stored', async () => {
    const before = await fixture.counts();
    const fake = await review(validFields(), [{ filename: 'bao-cao.pdf', type: 'application/pdf', content: sampleFiles.exe }]);
    assert.equal(fake.response.status, 415);
    assert.match(fake.page, /id="attachments-error">[^<]*<span[^>]*>Lỗi:<\/span> Tệp &quot;bao-cao\.pdf&quot;: nội dung không khớp/);
    const renamed = await review(validFields(), [{ filename: 'anh.pdf', type: 'application/pdf', content: sampleFiles.jpeg }]);
    assert.equal(renamed.response.status, 415);
    const large = await review(validFields({ nomineeName: 'Tổ Giữ Lại' }), [{ filename: 'lon.pdf', type: 'application/pdf', content: Buffer.concat([sampleFiles.pdf, Buffer.alloc(210 * 1024)]) }]);
    assert.equal(large.response.status, 413);
    // The form again, with the answers, the problem beside the file input: not a bare error page.
    assert.match(large.page, /id="attachments-error">[^<]*<span[^>]*>Lỗi:<\/span> [^<]*lon\.pdf/);
    assert.match(large.page, /value="Tổ Giữ Lại"/);
    // MAX_UPLOAD_BYTES is 200 kB here: a file of exactly that is within it ("at most"), one byte more is not.
    const limit = 200 * 1024;
    const padded = (size: number) => Buffer.concat([sampleFiles.pdf, Buffer.alloc(size - sampleFiles.pdf.length)]);
    const over = await review(validFields(), [{ filename: 'qua-mot-byte.pdf', type: 'application/pdf', content: padded(limit + 1) }]);
    assert.equal(over.response.status, 413, 'one byte over the limit');
    const many = await review(validFields(), Array.from({ length: 4 }, (_, i) => ({ filename: `${i}.png`, type: 'image/png', content: sampleFiles.png })));
    assert.equal(many.response.status, 413);
    assert.match(many.page, /id="attachments-error">[^<]*<span[^>]*>Lỗi:<\/span> [^<]*tối đa 3 tệp/);
    assert.equal((many.page.match(/name="keep" value="[0-9a-f-]{36}" checked/g) ?? []).length, 3, 'the three files within the limit are kept for the next post');
    // Nothing is submitted; the files within the limits wait in drafts for the next post.
    const { drafts: _drafts, draft_attachments: _draftFiles, ...after } = await fixture.counts();
    const { drafts: _draftsBefore, draft_attachments: _draftFilesBefore, ...unchanged } = before;
    assert.deepEqual(after, unchanged);
    // Last, since it is kept as a draft for the confirm step.
    const exact = await review(validFields(), [{ filename: 'vua-du.pdf', type: 'application/pdf', content: padded(limit) }]);
    assert.equal(exact.response.status, 200, 'a file of exactly the limit');
  });

  it('when a post fails but its files were fine, then the files are kept for the next post', async () => {
    const first = await review(validFields({ contactName: '' }), [{ filename: 'to-trinh.pdf', type: 'application/pdf', content: sampleFiles.pdf }]);
    assert.equal(first.response.status, 400);
    const draftId = hiddenValue(first.page, 'draftId');
    const keep = /name="keep" value="([0-9a-f-]{36})" checked/.exec(first.page)?.[1];
    assert.ok(keep);
    const second = await review({ ...validFields(), draftId, keep }, [], first);
    assert.equal(second.response.status, 200);
    assert.match(second.page, /to-trinh\.pdf/);
  });

  it('when the form is posted without its CSRF token or from another site, then 403 and nothing is stored', async () => {
    const { cookie } = await openForm();
    const { body, contentType } = multipart(Object.entries(validFields()).map(([name, value]) => ({ name, value })));
    // A review that passed: its answers wait in a draft for the confirm below.
    const reviewed = await review(validFields());
    const before = await fixture.counts();
    const noToken = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': contentType, cookie }, body });
    assert.equal(noToken.status, 403);
    assert.match(await noToken.text(), /tải lại trang/);
    const otherBrowser = await review(validFields(), [], { cookie: 'vd_csrf=' + randomBytes(32).toString('base64url'), csrf: (await openForm()).csrf });
    assert.equal(otherBrowser.response.status, 403);
    const session = await openForm();
    const { body: withToken, contentType: type } = multipart([{ name: '_csrf', value: session.csrf }, ...Object.entries(validFields()).map(([name, value]) => ({ name, value }))]);
    const crossSite = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': type, cookie: session.cookie, origin: 'https://evil.example' }, body: withToken });
    assert.equal(crossSite.status, 403);
    const confirmNoCookie = await confirm(reviewed.page, '');
    assert.equal(confirmNoCookie.status, 403);
    assert.deepEqual(await fixture.counts(), before);
  });

  it('when a form field is not valid UTF-8, then 400 names the field', async () => {
    const session = await openForm();
    const { body, contentType } = multipart([
      { name: '_csrf', value: session.csrf },
      ...Object.entries(validFields()).map(([name, value]) => ({ name, value: name === 'nomineeName' ? Buffer.from([0x4e, 0xc3, 0x28, 0xff]) : value })),
    ]);
    const response = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': contentType, cookie: session.cookie }, body });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /Trường &quot;nomineeName&quot; không phải văn bản UTF-8 hợp lệ/);
    const urlencoded = await fetch(`${fixture.url}/nominations/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
      body: `_csrf=${session.csrf}&nomineeName=%C3%28&action=confirm`,
    });
    assert.equal(urlencoded.status, 400);
    assert.match(await urlencoded.text(), /UTF-8/);
  });

  it('when a multipart field declares its charset, then its text is read in it; invalid bytes in it are still refused', async () => {
    const session = await openForm();
    const declared = (name: string, value: string) =>
      name === 'nomineeName'
        ? { name, value: Buffer.from(value), type: 'text/plain; charset=utf-8' }
        : name === 'nomineePosition'
          ? { name, value: Buffer.from([0x43, 0x61, 0x66, 0xe9]), type: 'text/plain; charset=iso-8859-1' }
          : { name, value };
    const { body, contentType } = multipart([{ name: '_csrf', value: session.csrf }, ...Object.entries(validFields()).map(([name, value]) => declared(name, value))]);
    const response = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': contentType, cookie: session.cookie }, body });
    const page = await response.text();
    assert.equal(response.status, 200, page.slice(0, 500));
    assert.ok(page.includes('Phòng Tổ chức – Biên chế'), 'UTF-8 declared by the part');
    assert.ok(page.includes('Café'), 'ISO-8859-1 declared by the part');

    const { body: broken, contentType: brokenType } = multipart([
      { name: '_csrf', value: session.csrf },
      ...Object.entries(validFields()).map(([name, value]) => (name === 'nomineeName' ? { name, value: Buffer.from([0x4e, 0xc3, 0x28]), type: 'text/plain; charset=utf-8' } : { name, value })),
    ]);
    const refused = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': brokenType, cookie: session.cookie }, body: broken });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Trường &quot;nomineeName&quot; không phải văn bản UTF-8 hợp lệ/);

    const { body: foreign, contentType: foreignType } = multipart([
      { name: '_csrf', value: session.csrf },
      ...Object.entries(validFields()).map(([name, value]) => (name === 'nomineeName' ? { name, value: Buffer.from([0x82, 0xa0]), type: 'text/plain; charset=shift_jis' } : { name, value })),
    ]);
    const unreadable = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': foreignType, cookie: session.cookie }, body: foreign });
    assert.equal(unreadable.status, 415);
    assert.match(await unreadable.text(), /nomineeName/);
  });

  it('when a form declares a charset other than UTF-8, or a multipart form comes compressed, then 415 says so and nothing is stored', async () => {
    const session = await openForm();
    const before = await fixture.counts();
    const post = (headers: Record<string, string>, body: Buffer | string) =>
      fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { cookie: session.cookie, ...headers }, body });
    const latin = await post({ 'content-type': 'application/x-www-form-urlencoded; charset=windows-1258' }, `_csrf=${session.csrf}&nomineeName=A`);
    assert.equal(latin.status, 415);
    assert.match(await latin.text(), /Only UTF-8 is accepted, not windows-1258|Chỉ chấp nhận UTF-8, không nhận windows-1258/);
    const utf8 = await post({ 'content-type': 'application/x-www-form-urlencoded; charset="UTF-8"' }, `_csrf=${session.csrf}&nomineeName=A`);
    assert.notEqual(utf8.status, 415, 'UTF-8 named in any spelling is fine');
    const blank = await post({ 'content-type': 'application/x-www-form-urlencoded; charset=' }, `_csrf=${session.csrf}&nomineeName=A`);
    assert.notEqual(blank.status, 415, 'an empty charset is read as UTF-8');
    const { body, contentType } = multipart([{ name: '_csrf', value: session.csrf }, ...Object.entries(validFields()).map(([name, value]) => ({ name, value }))]);
    const gzipped = await post({ 'content-type': contentType, 'content-encoding': 'gzip' }, gzipSync(body));
    assert.equal(gzipped.status, 415);
    assert.match(await gzipped.text(), /Content-Encoding &quot;gzip&quot;/);
    assert.deepEqual(await fixture.counts(), before);
  });

  it('when a form field holds a NUL character, then 400 names the field and nothing is stored', async () => {
    const session = await openForm();
    const before = await fixture.counts();
    const urlencoded = await fetch(`${fixture.url}/nominations/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
      body: `_csrf=${session.csrf}&unitId=so%00x&nomineeName=A`,
    });
    assert.equal(urlencoded.status, 400);
    assert.match(await urlencoded.text(), /unitId: có ký tự NUL/);
    const { body, contentType } = multipart([{ name: '_csrf', value: session.csrf }, { name: 'unitId', value: 'so\u0000x' }]);
    const multi = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': contentType, cookie: session.cookie }, body });
    assert.equal(multi.status, 400);
    assert.match(await multi.text(), /unitId: có ký tự NUL/);
    assert.deepEqual(await fixture.counts(), before);
  });

  it('when a multipart body ends inside a file or a field, then 400 says the form is malformed, nothing is stored, and the gateway goes on serving', async () => {
    const session = await openForm();
    const before = await fixture.counts();
    const whole = multipart([
      { name: '_csrf', value: session.csrf },
      { name: 'attachments', filename: 'to-trinh.pdf', type: 'application/pdf', content: sampleFiles.pdf },
    ]);
    const cutInFile = whole.body.subarray(0, whole.body.indexOf(Buffer.from('%PDF')) + 40);
    const cutInField = whole.body.subarray(0, whole.body.indexOf(Buffer.from(session.csrf)) + 4);
    for (const body of [cutInFile, cutInField]) {
      const response = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': whole.contentType, cookie: session.cookie }, body });
      assert.equal(response.status, 400);
      assert.match(await response.text(), /Biểu mẫu gửi lên không hợp lệ/);
    }
    assert.deepEqual(await fixture.counts(), before);
    assert.equal((await openForm()).response.status, 200, 'the gateway still answers');
  });

  it('when a field is named __proto__, constructor or prototype, then 400 refuses it', async () => {
    const session = await openForm();
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const { body, contentType } = multipart([{ name: '_csrf', value: session.csrf }, { name, value: 'x' }]);
      const response = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': contentType, cookie: session.cookie }, body });
      assert.equal(response.status, 400, name);
      assert.match(await response.text(), new RegExp(`Tên trường &quot;${name}&quot; không được chấp nhận`));
      const encoded = await fetch(`${fixture.url}/nominations/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
        body: `_csrf=${session.csrf}&${name}[polluted]=1`,
      });
      assert.equal(encoded.status, 400, name);
      assert.match(await encoded.text(), new RegExp(`Tên trường &quot;${name}\\[polluted\\]&quot; không được chấp nhận`));
    }
  });

  it('when the form is sent over-long fields, operator-shaped field names or bodies over the limits, then each is refused with a 4xx that says why and nothing is stored', async () => {
    const session = await openForm();
    const headers = (type: string) => ({ 'content-type': type, cookie: session.cookie });
    const encoded = (fields: Record<string, string>) => new URLSearchParams({ _csrf: session.csrf, ...fields }).toString();
    const before = await fixture.counts();

    const long = await review(validFields({ nomineeName: 'A'.repeat(201), achievementSummary: 'B'.repeat(5001) }), [], session);
    assert.equal(long.response.status, 400);
    assert.match(long.page, /id="nomineeName-error"/);
    assert.match(long.page, /id="achievementSummary-error"/);

    for (const name of ['unitId[$gt]', '$where', 'contact.$ne']) {
      const { body, contentType } = multipart([{ name: '_csrf', value: session.csrf }, ...Object.entries(validFields()).map(([field, value]) => ({ name: field, value })), { name, value: '' }]);
      const operator = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: headers(contentType), body });
      assert.equal(operator.status, 400, name);
      const urlencoded = await fetch(`${fixture.url}/nominations/confirm`, { method: 'POST', headers: headers('application/x-www-form-urlencoded'), body: `${encoded(validFields())}&${encodeURIComponent(name)}=x` });
      assert.equal(urlencoded.status, 400, name);
    }

    const bigEncoded = await fetch(`${fixture.url}/nominations/confirm`, {
      method: 'POST',
      headers: headers('application/x-www-form-urlencoded'),
      body: encoded({ ...validFields(), achievementSummary: 'x'.repeat(300 * 1024) }),
    });
    assert.equal(bigEncoded.status, 413);
    const bigFile = Buffer.concat([sampleFiles.pdf, Buffer.alloc(2 * 1024 * 1024)]);
    const { body: bigMultipart, contentType } = multipart([{ name: '_csrf', value: session.csrf }, { name: 'attachments', filename: 'lon.pdf', type: 'application/pdf', content: bigFile }]);
    const tooBig = await fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: headers(contentType), body: bigMultipart });
    assert.equal(tooBig.status, 413);
    assert.deepEqual(await fixture.counts(), before);
  });

  it('when the hidden answers are tampered with on confirm, then they are checked again, and the files uploaded stay with the form', async () => {
    const reviewed = await review(validFields(), [{ filename: 'bang-tong-hop.pdf', type: 'application/pdf', content: sampleFiles.pdf }]);
    const before = await fixture.counts();
    const tampered = await confirm(reviewed.page, reviewed.cookie, 'confirm', { contactEmail: 'not an email', awardTypeId: 'giai-nobel' });
    assert.equal(tampered.status, 400);
    const page = await tampered.text();
    assert.match(page, /Địa chỉ thư điện tử không hợp lệ/);
    assert.match(page, /name="keep" value="[0-9a-f-]{36}" checked/);
    assert.match(page, /bang-tong-hop\.pdf/);
    assert.equal(hiddenValue(page, 'draftId'), hiddenValue(reviewed.page, 'draftId'));
    assert.deepEqual(await fixture.counts(), before);
  });

  it('when the draft behind a confirm has expired and held files, then the form comes back filled in, asking for the files again, and nothing is stored', async () => {
    const reviewed = await review(validFields({ nomineeName: 'Tổ Hết Hạn' }), [{ filename: 'bien-ban.pdf', type: 'application/pdf', content: sampleFiles.pdf }]);
    const before = await fixture.counts();
    const response = await confirm(reviewed.page, reviewed.cookie, 'confirm', { draftId: randomBytes(32).toString('base64url') });
    assert.equal(response.status, 410);
    const page = await response.text();
    assert.match(page, /value="Tổ Hết Hạn"/, 'the answers are kept');
    assert.match(page, /id="attachments-error">[^<]*<span[^>]*>Lỗi:<\/span> Các tệp tải lên trước đó đã hết hạn lưu tạm/);
    assert.deepEqual(await fixture.counts(), before);
    // "Change your answers" on that page says the same.
    const edit = await confirm(reviewed.page, reviewed.cookie, 'edit', { draftId: randomBytes(32).toString('base64url') });
    assert.match(await edit.text(), /id="attachments-error"/);
  });

  it('when the draft behind a confirm has expired and held no files, then the answers, all on the page, are sent as they are', async () => {
    const reviewed = await review(validFields({ nomineeName: `Tổ Không Tệp ${randomBytes(3).toString('hex')}` }));
    const response = await confirm(reviewed.page, reviewed.cookie, 'confirm', { draftId: randomBytes(32).toString('base64url') });
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location')!, /^\/nominations\/submitted\/VD-/);
  });

  it('when another unit already proposed the same nominee, award and year, then the review page says so without naming that nomination', async () => {
    const nominee = { nomineeName: `Tổ Kiểm tra ${randomBytes(3).toString('hex')}` };
    const firstReview = await review(validFields(nominee));
    const sent = await confirm(firstReview.page, firstReview.cookie);
    assert.equal(sent.status, 303);
    const firstCode = sent.headers.get('location')!.split('/').at(-1)!;
    const second = await review(validFields({ ...nominee, unitId: 'so-giao-duc-bac-giang', nomineeName: nominee.nomineeName.toUpperCase() }));
    assert.equal(second.response.status, 200);
    assert.match(second.page, /Cùng người đã được đề nghị cùng hình thức và năm \(bởi đơn vị khác, hoặc chính đơn vị này\)\./);
    assert.ok(!second.page.includes(firstCode), 'the other unit\'s tracking code is not shown');
  });

  it('when answers hold HTML or script, then the review page shows them as text', async () => {
    const { page } = await review(validFields({ achievementSummary: '<script>alert(1)</script> & <b>bold</b>' }));
    assert.ok(!page.includes('<script>alert'));
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &lt;b&gt;bold&lt;\/b&gt;/);
  });
});
