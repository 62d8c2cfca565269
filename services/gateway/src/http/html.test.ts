import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, html, trustedHtml } from './html.ts';

describe('html', () => {
  it('when text with markup is interpolated, then every special character is escaped', () => {
    const name = `<script>alert("x")</script>' & \``;
    assert.equal(html`<p title="${name}">${name}</p>`.value, `<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; &#96;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; &#96;</p>`);
  });

  it('when fragments and lists are nested, then they are kept as markup and their own values escaped', () => {
    const items = ['<a>', 'b'].map((item) => html`<li>${item}</li>`);
    assert.equal(html`<ul>${items}</ul>`.value, '<ul><li>&lt;a&gt;</li><li>b</li></ul>');
  });

  it('when null, undefined or false is interpolated, then nothing is written; numbers are', () => {
    assert.equal(html`[${null}${undefined}${false}${0}${true}]`.value, '[0true]');
  });

  it('when a string is explicitly marked trusted, then it is written as it is', () => {
    assert.equal(html`${trustedHtml('<br>')}`.value, '<br>');
    assert.equal(escapeHtml('<br>'), '&lt;br&gt;');
  });
});
