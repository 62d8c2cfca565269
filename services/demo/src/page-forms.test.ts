import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillForm, readForms, scaleIn } from './page-forms.ts';

const page = `
<form method="get" action="/search"><input name="q" value="x"></form>
<form method="post" action="/tasks/abc" enctype="application/x-www-form-urlencoded">
  <input type="hidden" name="_csrf" value="t&amp;k">
  <input type="radio" name="decision" value="forward"> <input type="radio" name="decision" value="reject" checked>
  <input type="number" name="score.c1" min="0" max="10" step="1" value="">
  <input type="text" name="title" value="đã có" required>
  <input type="checkbox" name="agree" value="yes">
  <input type="file" name="evidence">
  <input type="text" name="off" value="no" disabled>
  <textarea name="comment">
Ghi chú</textarea>
  <select name="member"><option value="a">A</option><option value="b" selected>B</option></select>
  <select name="plain"><option>Một</option><option>Hai</option></select>
  <button type="submit">Gửi</button>
</form>`;

describe('page forms (pure, no server)', () => {
  it('when a page has forms, then each control is read with its type, value, bounds and options', () => {
    const [search, task] = readForms(page);
    assert.deepEqual([search!.method, search!.action], ['get', '/search']);
    assert.equal(task!.method, 'post');
    assert.deepEqual(task!.controls.map((control) => [control.name, control.type]), [
      ['_csrf', 'hidden'], ['decision', 'radio'], ['decision', 'radio'], ['score.c1', 'number'], ['title', 'text'],
      ['agree', 'checkbox'], ['evidence', 'file'], ['comment', 'textarea'], ['member', 'select'], ['plain', 'select'],
    ]);
    const byName = new Map(task!.controls.map((control) => [control.name, control]));
    assert.equal(byName.get('_csrf')!.value, 't&k', 'entities decoded');
    assert.deepEqual([byName.get('score.c1')!.min, byName.get('score.c1')!.max, byName.get('score.c1')!.step], [0, 10, 1]);
    assert.equal(byName.get('comment')!.value, 'Ghi chú', 'a leading newline in a textarea is not part of its value');
    assert.deepEqual([byName.get('member')!.value, byName.get('member')!.options], ['b', ['a', 'b']]);
    assert.deepEqual([byName.get('plain')!.value, byName.get('plain')!.options], ['Một', ['Một', 'Hai']]);
  });

  it('when filled with no answers, then it posts what a browser would: defaults, the checked radio, no file, no disabled field', () => {
    const fields = fillForm(readForms(page)[1]!);
    assert.deepEqual(fields, [
      ['_csrf', 't&k'], ['score.c1', ''], ['title', 'đã có'], ['comment', 'Ghi chú'], ['member', 'b'], ['plain', 'Một'], ['decision', 'reject'],
    ]);
  });

  it('when the person answers, then choices outside the offered values are ignored and the rest is used', () => {
    const fields = new Map(fillForm(readForms(page)[1]!, {
      choose: (name, values) => (name === 'decision' ? 'forward' : name === 'member' ? 'zzz' : values.at(-1)),
      number: (_name, { max }) => max ?? 0,
      text: (name) => (name === 'comment' ? 'Nhất trí' : undefined),
      tick: () => true,
    }));
    assert.equal(fields.get('decision'), 'forward');
    assert.equal(fields.get('member'), 'b', 'an option the page does not offer is not posted');
    assert.equal(fields.get('plain'), 'Hai');
    assert.equal(fields.get('score.c1'), '10');
    assert.equal(fields.get('comment'), 'Nhất trí');
    assert.equal(fields.get('agree'), 'yes');
  });

  it('when a number is typed as text, then its scale is read from the hint beside it and the answer stays within it', () => {
    const [form] = readForms(`<form method="post"><label for="s">Tiêu chí</label><p class="hint" id="s-hint">Thang điểm: 0–10, <b>bước 0,5</b></p>
      <input type="text" id="s" name="s" inputmode="decimal" aria-describedby="s-hint"><input type="text" name="t" value="x"></form>`);
    const score = form!.controls[0]!;
    assert.equal(score.hint, 'Thang điểm: 0–10, bước 0,5');
    const asked: unknown[] = [];
    const fields = new Map(fillForm(form!, { number: (name, bounds) => (asked.push([name, bounds]), 10.5), text: () => 'văn bản' }));
    assert.deepEqual(asked, [['s', { min: 0, max: 10, step: 0.5 }]]);
    assert.equal(fields.get('s'), '10.5');
    assert.equal(fields.get('t'), 'văn bản', 'a plain text field is text');
    assert.deepEqual(scaleIn('Scale: 1 - 5, step 1'), { min: 1, max: 5, step: 1 });
    assert.deepEqual(scaleIn('không có thang'), {});
  });
});
