import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { createDevMailRouter } from './dev-mail.routes.ts';
import { startMailCapture, type CapturedMail, type MailCapture } from './mail-capture.ts';
import { createSmtpMailer, type SmtpMailer } from './smtp-mailer.ts';

describe('the development inbox', () => {
  let capture: MailCapture;
  let mailer: SmtpMailer;
  let server: Server;
  let base: string;
  before(async () => {
    capture = await startMailCapture();
    mailer = createSmtpMailer({ smtpUrl: capture.smtpUrl, from: 'Vinh Danh <no-reply@vinh-danh.local>' });
    const app = express();
    app.use('/dev/mail', createDevMailRouter(capture));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dev/mail`;
    await mailer.send({ messageId: '<first@vinh-danh.local>', to: 'lanh.dao@donvi.gov.vn', subject: 'Thư thứ nhất', text: 'Một' });
    await mailer.send({
      messageId: '<second@vinh-danh.local>',
      to: 'thi.dua@sonoivu.gov.vn',
      subject: 'Hồ sơ <script>alert(1)</script>',
      text: 'Mở hồ sơ: http://localhost:3000/tasks/abc',
      html: '<p onclick="x()">Mở <a href="http://localhost:3000/tasks/abc">hồ sơ</a> "ngay"</p>',
    });
  });
  after(async () => {
    mailer?.close();
    server?.close();
    await capture?.stop();
  });

  it('when the inbox is opened, then it lists the mail newest first with every subject escaped', async () => {
    const response = await fetch(base);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const page = await response.text();
    assert.ok(!page.includes('<script>alert(1)'));
    assert.ok(page.includes('Hồ sơ &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.indexOf('thi.dua@sonoivu.gov.vn') < page.indexOf('lanh.dao@donvi.gov.vn'), 'newest first');
    assert.ok(page.includes('href="/dev/mail/messages/2"'));
  });

  it('when JSON is asked for, by query, by path or by Accept header, then the messages come newest first', async () => {
    for (const [url, accept] of [
      [`${base}?format=json`, '*/*'],
      [`${base}/messages.json`, '*/*'],
      [base, 'application/json'],
    ] as const) {
      const response = await fetch(url, { headers: { accept } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      const messages = (await response.json()) as CapturedMail[];
      assert.deepEqual(
        messages.map((mail) => [mail.to, mail.subject, mail.messageId]),
        [
          ['thi.dua@sonoivu.gov.vn', 'Hồ sơ <script>alert(1)</script>', '<second@vinh-danh.local>'],
          ['lanh.dao@donvi.gov.vn', 'Thư thứ nhất', '<first@vinh-danh.local>'],
        ],
      );
      assert.ok(messages.every((mail) => typeof mail.date === 'string' && typeof mail.text === 'string' && 'html' in mail));
    }
  });

  it('when one message is opened, then its HTML body sits escaped in a sandboxed iframe and its text links are clickable', async () => {
    const response = await fetch(`${base}/messages/2`);
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /<iframe title="HTML body" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="[^"]*"><\/iframe>/);
    assert.ok(page.includes('srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;p onclick=&quot;x()&quot;&gt;'));
    assert.ok(!page.includes('<p onclick'));
    assert.ok(page.includes('<a href="http://localhost:3000/tasks/abc" target="_blank" rel="noopener noreferrer">'));
    assert.ok(page.includes('&lt;second@vinh-danh.local&gt;'));
  });

  it('when a message that is not kept is opened, then it answers 404', async () => {
    assert.equal((await fetch(`${base}/messages/99`)).status, 404);
  });
});
