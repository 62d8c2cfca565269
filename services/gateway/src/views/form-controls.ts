import { html, type SafeHtml } from '../http/html.ts';
import { t, type Lang } from '../i18n/i18n.ts';

/** What every control needs: its id (also its name), label, hint and error message. */
export interface ControlOptions {
  lang: Lang;
  id: string;
  label: string;
  hint?: string;
  error?: string;
}

const describedBy = (options: ControlOptions) =>
  [options.hint ? `${options.id}-hint` : '', options.error ? `${options.id}-error` : ''].filter(Boolean).join(' ') || undefined;

function hintAndError(options: ControlOptions): SafeHtml {
  return html`${options.hint ? html`<p class="hint" id="${options.id}-hint">${options.hint}</p>` : ''}
${options.error ? html`<p class="field-error" id="${options.id}-error"><span class="visually-hidden">${t(options.lang, 'site.errorPrefix')}</span> ${options.error}</p>` : ''}`;
}

const groupClass = (options: ControlOptions) => (options.error ? 'field field-error-group' : 'field');

const attr = (name: string, value: string | number | undefined) => (value === undefined ? '' : html` ${name}="${String(value)}"`);

export function textInput(
  options: ControlOptions & { value: string; type?: 'text' | 'email'; autocomplete?: string; maxlength?: number; inputmode?: string; short?: boolean },
): SafeHtml {
  return html`<div class="${groupClass(options)}">
<label for="${options.id}">${options.label}</label>
${hintAndError(options)}
<input type="${options.type ?? 'text'}" id="${options.id}" name="${options.id}" value="${options.value}"${attr('class', options.short ? 'short' : undefined)}${attr('autocomplete', options.autocomplete)}${attr('maxlength', options.maxlength)}${attr('inputmode', options.inputmode)}${attr('aria-describedby', describedBy(options))}${options.error ? html` aria-invalid="true"` : ''}>
</div>`;
}

export function textArea(options: ControlOptions & { value: string; maxlength?: number; rows?: number }): SafeHtml {
  return html`<div class="${groupClass(options)}">
<label for="${options.id}">${options.label}</label>
${hintAndError(options)}
<textarea id="${options.id}" name="${options.id}" rows="${options.rows ?? 6}"${attr('maxlength', options.maxlength)}${attr('aria-describedby', describedBy(options))}${options.error ? html` aria-invalid="true"` : ''}>${options.value}</textarea>
</div>`;
}

export interface SelectGroup {
  label?: string;
  options: Array<{ value: string; text: string }>;
}

export function select(options: ControlOptions & { value: string; placeholder: string; groups: SelectGroup[] }): SafeHtml {
  const option = (item: { value: string; text: string }) =>
    html`<option value="${item.value}"${item.value === options.value ? html` selected` : ''}>${item.text}</option>`;
  return html`<div class="${groupClass(options)}">
<label for="${options.id}">${options.label}</label>
${hintAndError(options)}
<select id="${options.id}" name="${options.id}"${attr('aria-describedby', describedBy(options))}${options.error ? html` aria-invalid="true"` : ''}>
<option value="">${options.placeholder}</option>
${options.groups.map((group) => (group.label ? html`<optgroup label="${group.label}">${group.options.map(option)}</optgroup>` : group.options.map(option)))}
</select>
</div>`;
}

/** Radio buttons in a fieldset whose legend is the question. */
export function radios(options: ControlOptions & { value: string; choices: Array<{ value: string; text: string }> }): SafeHtml {
  return html`<div class="${groupClass(options)}">
<fieldset id="${options.id}"${attr('aria-describedby', describedBy(options))}>
<legend>${options.label}</legend>
${hintAndError(options)}
${options.choices.map(
  (choice, index) => html`<div class="choice">
<input type="radio" id="${options.id}-${index}" name="${options.id}" value="${choice.value}"${choice.value === options.value ? html` checked` : ''}>
<label for="${options.id}-${index}">${choice.text}</label>
</div>`,
)}
</fieldset>
</div>`;
}

/** The summary of problems at the top of a form; each links to its input. */
export function errorSummary(lang: Lang, problems: Array<{ id: string; label: string; message: string }>): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${t(lang, 'form.errorSummary', { count: problems.length })}</h2>
<ul>${problems.map((problem) => html`<li><a href="#${problem.id}">${problem.label}: ${problem.message}</a></li>`)}</ul>
</div>`;
}

/** One checkbox with its label beside it; the hint and error above, as for every control. */
export function checkbox(options: ControlOptions & { value: string; checked: boolean }): SafeHtml {
  return html`<div class="${groupClass(options)}">
${hintAndError(options)}
<div class="choice">
<input type="checkbox" id="${options.id}" name="${options.id}" value="${options.value}"${options.checked ? html` checked` : ''}${attr('aria-describedby', describedBy(options))}${options.error ? html` aria-invalid="true"` : ''}>
<label for="${options.id}">${options.label}</label>
</div>
</div>`;
}
