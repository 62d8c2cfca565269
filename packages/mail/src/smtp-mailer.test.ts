import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { isPermanent } from '@vinh-danh/engine';
import { startMailCapture, type MailCapture } from './mail-capture.ts';
import { startRefusingSmtp } from './testing/refusing-smtp.ts';
import { createSmtpMailer, MailRejectedError, type SmtpMailer } from './smtp-mailer.ts';

const from = 'Vinh Danh <no-reply@vinh-danh.local>';

describe('the SMTP mailer against the dev mail capture', () => {
  let capture: MailCapture;
  let mailer: SmtpMailer;
  before(async () => {
    capture = await startMailCapture();
    mailer = createSmtpMailer({ smtpUrl: capture.smtpUrl, from });
  });
  after(async () => {
    mailer?.close();
    await capture?.stop();
  });

  it('when a Vietnamese mail is sent, then the capture receives subject, text and HTML intact with its Message-ID', async () => {
    const subject = '[Vinh Danh] Hồ sơ đề nghị khen thưởng chờ Ông/Bà xử lý / A nomination awaits your review: Nguyễn Thị Ánh Tuyết';
    const text = 'Kính gửi Ông/Bà,\nDear Sir or Madam,\n\nĐặng Quốc Việt – Bằng khen của Chủ tịch UBND tỉnh';
    const html = '<p>Ông/Bà <b>Phạm Thị Hằng</b> — Chiến sĩ thi đua cơ sở</p>';
    await mailer.send({ messageId: '<inst-1.2.0@vinh-danh.local>', to: 'lanh.dao@donvi.gov.vn', subject, text, html });
    const mail = await capture.waitFor((message) => message.messageId === '<inst-1.2.0@vinh-danh.local>');
    assert.equal(mail.subject, subject);
    assert.equal(mail.text.trim(), text);
    assert.equal(mail.html?.trim(), html);
    assert.equal(mail.to, 'lanh.dao@donvi.gov.vn');
    assert.equal(mail.from, 'no-reply@vinh-danh.local');
  });

  it('when the same Message-ID is sent twice (a retried effect), then the capture keeps one message, as an inbox would', async () => {
    const messageId = '<inst-2.3.1@vinh-danh.local>';
    const mail = { messageId, to: 'thi.dua@sonoivu.gov.vn', subject: 'Nhắc hạn xử lý hồ sơ', text: 'lần đầu' };
    await mailer.send(mail);
    // The capture answers 250 only once it has parsed and kept (or dropped) a message.
    await mailer.send({ ...mail, text: 'lần hai' });
    const copies = capture.messages().filter((message) => message.messageId === messageId);
    assert.equal(copies.length, 1);
    assert.equal(copies[0]!.text.trim(), 'lần đầu');
    assert.equal(capture.deliveries(messageId), 2, 'both arrived over SMTP; the capture counts each');
  });

  it('when nothing arrives that matches, then waitFor rejects at its bound', async () => {
    await assert.rejects(capture.waitFor((message) => message.subject === 'never', 100), /no matching mail within 100 ms/);
  });
});

describe('the SMTP mailer when the server refuses', () => {
  it('when the server answers 550, then the send fails for good (a permanent engine error)', async () => {
    const server = await startRefusingSmtp(550);
    const mailer = createSmtpMailer({ smtpUrl: server.smtpUrl, from });
    try {
      const error = await mailer.send({ messageId: '<r-1@vinh-danh.local>', to: 'khong.ton.tai@donvi.gov.vn', subject: 's', text: 't' }).then(
        () => assert.fail('the send should fail'),
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof MailRejectedError, String(error));
      assert.equal(error.responseCode, 550);
      assert.equal(isPermanent(error), true);
    } finally {
      mailer.close();
      await server.stop();
    }
  });

  it('when the server answers 451, then the send fails so the job retries (not permanent)', async () => {
    const server = await startRefusingSmtp(451);
    const mailer = createSmtpMailer({ smtpUrl: server.smtpUrl, from });
    try {
      const error = await mailer.send({ messageId: '<r-2@vinh-danh.local>', to: 'ban@donvi.gov.vn', subject: 's', text: 't' }).then(
        () => assert.fail('the send should fail'),
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof Error);
      assert.equal(isPermanent(error), false);
    } finally {
      mailer.close();
      await server.stop();
    }
  });

  it('when no server listens, then the send fails so the job retries (not permanent)', async () => {
    // A port that was free a moment ago: bound, then released.
    const probe: Server = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const mailer = createSmtpMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from, timeoutMs: 2000 });
    try {
      const error = await mailer.send({ messageId: '<r-3@vinh-danh.local>', to: 'ban@donvi.gov.vn', subject: 's', text: 't' }).then(
        () => assert.fail('the send should fail'),
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof Error);
      assert.equal(isPermanent(error), false);
    } finally {
      mailer.close();
    }
  });
});
