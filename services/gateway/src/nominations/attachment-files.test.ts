import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFile, cleanFilename, sniffContentType } from './attachment-files.ts';

const pdf = Buffer.from('%PDF-1.7\n%%EOF');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0]);
const options = { maxBytes: 100, field: 'attachments' };

describe('attachment files', () => {
  it('when bytes start with a PDF, PNG or JPEG signature, then that type is recognised; other bytes are not', () => {
    assert.equal(sniffContentType(pdf), 'application/pdf');
    assert.equal(sniffContentType(png), 'image/png');
    assert.equal(sniffContentType(jpeg), 'image/jpeg');
    assert.equal(sniffContentType(Buffer.from('<html><script>')), undefined);
    assert.equal(sniffContentType(Buffer.alloc(0)), undefined);
  });

  it('when type, extension and content agree, then the file is accepted with its sniffed type and hash', () => {
    const result = checkFile({ filename: 'C:\\Users\\mai\\Báo cáo.PDF', declaredType: 'application/pdf', content: pdf }, options);
    assert.ok(result.ok);
    assert.equal(result.attachment.filename, 'Báo cáo.PDF');
    assert.equal(result.attachment.contentType, 'application/pdf');
    assert.equal(result.attachment.size, pdf.length);
    assert.match(result.attachment.sha256, /^[0-9a-f]{64}$/);
    assert.ok(checkFile({ filename: 'anh.jpg', declaredType: 'image/jpg', content: jpeg }, options).ok);
    assert.ok(checkFile({ filename: 'anh.jpeg', declaredType: 'application/octet-stream', content: jpeg }, options).ok);
    // The other names a browser gives a JPEG, which the picker offers as image/jpeg.
    for (const filename of ['anh.jfif', 'anh.JPE', 'anh.pjp', 'anh.pjpeg']) assert.ok(checkFile({ filename, declaredType: 'image/jpeg', content: jpeg }, options).ok, filename);
  });

  it('when the content does not match the extension or the declared type, then 415', () => {
    for (const file of [
      { filename: 'a.pdf', declaredType: 'application/pdf', content: png },
      { filename: 'a.png', declaredType: 'image/png', content: pdf },
      { filename: 'a.pdf', declaredType: 'image/png', content: pdf },
      { filename: 'a', declaredType: 'application/pdf', content: pdf },
      { filename: 'a.html', declaredType: 'text/html', content: Buffer.from('<script>') },
    ]) {
      const result = checkFile(file, options);
      assert.ok(!result.ok && result.status === 415, JSON.stringify(file.filename));
    }
  });

  it('when a file is empty, too large or badly named, then 400 or 413', () => {
    const empty = checkFile({ filename: 'a.pdf', declaredType: 'application/pdf', content: Buffer.alloc(0) }, options);
    assert.ok(!empty.ok && empty.status === 400);
    const large = checkFile({ filename: 'a.pdf', declaredType: 'application/pdf', content: Buffer.concat([pdf, Buffer.alloc(100)]) }, options);
    assert.ok(!large.ok && large.status === 413);
    const control = checkFile({ filename: 'a\u0007.pdf', declaredType: 'application/pdf', content: pdf }, options);
    assert.ok(!control.ok && control.status === 400);
    assert.equal(cleanFilename('../../etc/passwd'), 'passwd');
  });
});
