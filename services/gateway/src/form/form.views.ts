import { awardTypes, shareRuleTitles, type AwardType } from '@vinh-danh/domain';
import type { NewAttachment, UnitRecord } from '@vinh-danh/store';
import { html, type SafeHtml } from '../http/html.ts';
import type { FieldProblem } from '../http/http-errors.ts';
import { t, type Lang } from '../i18n/i18n.ts';
import { acceptedContentTypes, acceptedExtensions } from '../nominations/attachment-files.ts';
import type { DossierEntry } from '../nominations/dossier.ts';
import { textLimits } from '../nominations/nomination.schema.ts';
import { checkbox, errorSummary, radios, select, textArea, textInput } from '../views/form-controls.ts';
import { formatBytes, page } from '../views/layout.ts';
import { eligibilityInputId, formFields, formFieldNames, problemsByInput, type FormValues } from './form-fields.ts';

export interface FormPageOptions {
  lang: Lang;
  values: FormValues;
  problems: FieldProblem[];
  units: UnitRecord[];
  csrfToken: string;
  /** Files held from an earlier post of this form. */
  draftId?: string;
  keptFiles: NewAttachment[];
  /** The dossier item chosen for each kept file on the answers page, carried back to it. */
  fileItems?: ReadonlyMap<string, string>;
  limits: { maxFiles: number; maxFileBytes: number };
  /**
   * The empty form of `GET /nominations/new`: only it has the language switch, a link that would
   * drop what a re-shown form holds (the answers, the files kept in the draft).
   */
  blank?: boolean;
}

export const unitName = (unit: Pick<UnitRecord, 'nameVi' | 'nameEn'>, lang: Lang) => (lang === 'vi' ? unit.nameVi : unit.nameEn);
export const awardName = (awardType: Pick<AwardType, 'nameVi' | 'nameEn'>, lang: Lang) => (lang === 'vi' ? awardType.nameVi : awardType.nameEn);

function awardGroups(lang: Lang) {
  return (['title', 'commendation'] as const).map((category) => ({
    label: t(lang, `form.awardGroup.${category}`),
    options: awardTypes
      .filter((awardType) => awardType.category === category)
      .map((awardType) => ({ value: awardType.id, text: `${awardName(awardType, lang)} (${t(lang, `award.for.${awardType.kind}`)})` })),
  }));
}

/** The nomination form: every input labelled, errors beside each input and summarised at the top. */
export function formPage(options: FormPageOptions): string {
  const { lang, values } = options;
  const byInput = problemsByInput(options.problems);
  const error = (id: string) => byInput.get(id)?.message[lang];
  const summary = [...byInput.entries()].map(([id, problem]) => ({
    id: id === 'nomineeKind' ? 'nomineeKind-0' : id,
    label:
      id === 'attachments' ? t(lang, 'form.attachments') : id === eligibilityInputId ? t(lang, 'form.eligibilityLegend') : t(lang, formFields[id as keyof typeof formFields]?.label ?? 'form.nomineeName'),
    message: problem.message[lang],
  }));
  // Keep the summary in the order the inputs appear.
  const afterFiles = formFieldNames.indexOf('achievementSummary') + 1;
  const order = [
    ...formFieldNames.slice(0, afterFiles), 'attachments', ...formFieldNames.slice(afterFiles, formFieldNames.indexOf('overrideBy')), eligibilityInputId, 'overrideBy', 'overrideReason',
  ];
  summary.sort((a, b) => order.indexOf(a.id.replace(/-0$/, '')) - order.indexOf(b.id.replace(/-0$/, '')));
  const common = (id: keyof typeof formFields) => ({ lang, id, label: t(lang, formFields[id].label), value: values[id], error: error(id) });
  const fileError = error('attachments');
  const body = html`${errorSummary(lang, summary)}
<h1>${t(lang, 'form.title')}</h1>
<p>${t(lang, 'form.intro')}</p>
<form method="post" action="/nominations/review" enctype="multipart/form-data" novalidate>
<input type="hidden" name="_csrf" value="${options.csrfToken}">
${options.draftId ? html`<input type="hidden" name="draftId" value="${options.draftId}">` : ''}
<fieldset>
<legend>${t(lang, 'form.nomineeLegend')}</legend>
${radios({ ...common('nomineeKind'), choices: [
  { value: 'individual', text: t(lang, 'form.nomineeKind.individual') },
  { value: 'collective', text: t(lang, 'form.nomineeKind.collective') },
] })}
${textInput({ ...common('nomineeName'), maxlength: textLimits.name })}
${textInput({ ...common('nomineeIdentifier'), hint: t(lang, 'form.nomineeIdentifier.hint'), maxlength: textLimits.identifier, autocomplete: 'off' })}
${textArea({ ...common('nomineePosition'), hint: t(lang, 'form.nomineePosition.hint'), maxlength: textLimits.position, rows: 3 })}
</fieldset>
${select({ ...common('unitId'), placeholder: t(lang, 'form.unitId.choose'), groups: [{ options: options.units.map((unit) => ({ value: unit.unitId, text: unitName(unit, lang) })) }] })}
${select({ ...common('awardTypeId'), placeholder: t(lang, 'form.awardTypeId.choose'), groups: awardGroups(lang) })}
${checkbox({ ...common('simplified'), value: 'yes', checked: values.simplified === 'yes', hint: t(lang, 'form.simplified.hint') })}
${textInput({ ...common('period'), hint: t(lang, 'form.period.hint'), inputmode: 'numeric', maxlength: 4, short: true })}
${textArea({ ...common('achievementSummary'), hint: t(lang, 'form.achievementSummary.hint'), maxlength: textLimits.summary, rows: 10 })}
<div class="${fileError ? 'field field-error-group' : 'field'}">
<label for="attachments">${t(lang, 'form.attachments')}</label>
<p class="hint" id="attachments-hint">${t(lang, 'form.attachments.hint', { maxFiles: options.limits.maxFiles, maxSize: formatBytes(options.limits.maxFileBytes) })}</p>
${fileError ? html`<p class="field-error" id="attachments-error"><span class="visually-hidden">${t(lang, 'site.errorPrefix')}</span> ${fileError}</p>` : ''}
${keptFiles(lang, options.keptFiles, options.fileItems)}
<input type="file" id="attachments" name="attachments" multiple accept="${[...acceptedExtensions, ...acceptedContentTypes].join(',')}" aria-describedby="attachments-hint${fileError ? ' attachments-error' : ''}"${fileError ? html` aria-invalid="true"` : ''}>
</div>
<fieldset id="unitFigures">
<legend>${t(lang, 'form.unitFiguresLegend')}</legend>
<p class="hint">${t(lang, 'form.unitFigures.hint')}</p>
${textInput({ ...common('headcount'), hint: t(lang, 'form.headcount.hint'), inputmode: 'numeric', maxlength: 9, short: true })}
${textInput({ ...common('laoDongTienTien'), inputmode: 'numeric', maxlength: 9, short: true })}
${textInput({ ...common('chienSiThiDuaCoSo'), inputmode: 'numeric', maxlength: 9, short: true })}
</fieldset>
<fieldset>
<legend>${t(lang, 'form.contactLegend')}</legend>
${textInput({ ...common('contactName'), autocomplete: 'name', maxlength: textLimits.contactName })}
${textInput({ ...common('contactEmail'), type: 'email', autocomplete: 'email', hint: t(lang, 'form.contactEmail.hint'), maxlength: textLimits.email })}
</fieldset>
${overrideSection(lang, options.problems, common)}
<button type="submit" class="button">${t(lang, 'form.continue')}</button>
</form>`;
  return page({ lang, title: t(lang, 'form.title'), body, ...(options.blank ? { langSwitchPath: '/nominations/new' } : {}), hasErrors: summary.length > 0 });
}

type Common = (id: keyof typeof formFields) => { lang: Lang; id: string; label: string; value: string; error: string | undefined };

/**
 * The officer's override of the eligibility check: every failing rule listed (the rule and the
 * years missing), then who overrides and why. Left blank, a refused nomination is not sent.
 */
function overrideSection(lang: Lang, problems: readonly FieldProblem[], common: Common): SafeHtml {
  // The share rules' failures are named at the unit's figures too: either can be overridden.
  const failures = problems.filter((problem) => problem.field === 'eligibility' || problem.field === 'unitFigures');
  return html`<fieldset id="${eligibilityInputId}" tabindex="-1"${failures.length ? html` class="field-error-group"` : ''}>
<legend>${t(lang, 'form.eligibilityLegend')}</legend>
<p class="hint">${t(lang, 'form.eligibility.hint')}</p>
${failures.length
  ? html`<div class="field-error" id="eligibility-error"><span class="visually-hidden">${t(lang, 'site.errorPrefix')}</span> ${t(lang, 'form.eligibility.failed')}
<ul>${failures.map((failure) => html`<li>${failure.message[lang]}</li>`)}</ul></div>`
  : ''}
${textInput({ ...common('overrideBy'), type: 'email', autocomplete: 'email', maxlength: textLimits.email })}
${textArea({ ...common('overrideReason'), hint: t(lang, 'form.overrideReason.hint'), maxlength: textLimits.reason, rows: 4 })}
</fieldset>`;
}

function keptFiles(lang: Lang, files: NewAttachment[], items: ReadonlyMap<string, string> = new Map()): SafeHtml {
  if (files.length === 0) return html``;
  return html`<fieldset class="field">
<legend class="label">${t(lang, 'form.attachments.kept')}</legend>
${files.map(
  (file, index) => html`<div class="choice">
<input type="checkbox" id="keep-${index}" name="keep" value="${file.attachmentId}" checked>
${items.has(file.attachmentId) ? html`<input type="hidden" name="${fileItemField(file.attachmentId)}" value="${items.get(file.attachmentId)!}">` : ''}
<label for="keep-${index}">${file.filename} (${formatBytes(file.size)})</label>
</div>`,
)}
</fieldset>`;
}

export interface ReviewPageOptions {
  lang: Lang;
  values: FormValues;
  unit: UnitRecord;
  awardType: AwardType;
  files: NewAttachment[];
  csrfToken: string;
  draftId: string;
  /** The same nominee, award and year is already proposed, by any unit (which nomination is for the reviewers alone). */
  duplicate?: boolean;
  /** The award's dossier on the nomination's route: each file is given as one of its items. */
  dossier: Array<Omit<DossierEntry, 'attachmentIds'>>;
  /** Items already chosen, by attachment id (the answers page shown again after an edit). */
  fileItems?: ReadonlyMap<string, string>;
}

/** The form field naming the dossier item a kept file is given as. */
export const fileItemField = (attachmentId: string) => `item.${attachmentId}`;

/**
 * The award's dossier on the answers page: what the unit attaches (required items marked), what
 * the procedure records itself, and for each file the item it is.
 */
function dossierSection(lang: Lang, dossier: ReviewPageOptions['dossier'], files: NewAttachment[], chosen: ReadonlyMap<string, string> = new Map()): SafeHtml {
  const label = (item: { labelVi: string; labelEn: string }) => (lang === 'vi' ? item.labelVi : item.labelEn);
  const fromUnit = dossier.filter((item) => item.recordedBy === 'unit');
  const recorded = dossier.filter((item) => item.recordedBy === 'procedure');
  return html`<fieldset id="dossier">
<legend>${t(lang, 'review.dossierLegend')}</legend>
<p>${t(lang, 'review.dossierFromUnit')}</p>
<ul>${fromUnit.map((item) => html`<li>${label(item)}${item.required ? html` <strong>(${t(lang, 'review.dossierRequired')})</strong>` : ''}</li>`)}</ul>
${recorded.length ? html`<p>${t(lang, 'review.dossierRecorded')}</p><ul>${recorded.map((item) => html`<li>${label(item)}</li>`)}</ul>` : ''}
${files.map((file) =>
  select({
    lang,
    id: fileItemField(file.attachmentId),
    label: t(lang, 'review.fileItem', { file: file.filename }),
    value: chosen.get(file.attachmentId) ?? '',
    error: undefined,
    placeholder: t(lang, 'review.fileItem.choose'),
    groups: [{ options: dossier.map((item) => ({ value: item.id, text: label(item) })) }],
  }),
)}
<p class="hint">${t(lang, 'review.dossierMissing')}</p>
</fieldset>`;
}

/** Check your answers: everything as it will be sent, the answers again in hidden fields, then confirm. */
export function reviewPage(options: ReviewPageOptions): string {
  const { lang, values } = options;
  const row = (label: string, value: SafeHtml | string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  const body = html`<h1>${t(lang, 'review.title')}</h1>
<dl class="summary-list">
${row(t(lang, 'summary.nomineeKind'), t(lang, values.nomineeKind === 'collective' ? 'form.nomineeKind.collective' : 'form.nomineeKind.individual'))}
${row(t(lang, 'form.nomineeName'), values.nomineeName.trim())}
${row(t(lang, 'form.nomineeIdentifier'), values.nomineeIdentifier.trim())}
${values.nomineePosition.trim() ? row(t(lang, 'form.nomineePosition'), values.nomineePosition.trim()) : ''}
${row(t(lang, 'summary.unit'), unitName(options.unit, lang))}
${row(t(lang, 'summary.award'), awardName(options.awardType, lang))}
${row(t(lang, 'summary.procedure'), t(lang, values.simplified === 'yes' ? 'summary.procedure.simplified' : 'summary.procedure.standard'))}
${values.overrideReason.trim() ? row(t(lang, 'summary.override'), `${values.overrideReason.trim()} (${values.overrideBy.trim()})`) : ''}
${options.duplicate ? row(t(lang, 'summary.duplicates'), html`<strong>${t(lang, 'summary.duplicates.text')}</strong>`) : ''}
${row(t(lang, 'summary.period'), values.period.trim())}
${values.headcount.trim() && shareRuleTitles(options.awardType.id, Number(values.period), { kind: values.nomineeKind === 'collective' ? 'collective' : 'individual', adHoc: values.simplified === 'yes' }) !== null
  ? row(t(lang, 'summary.unitFigures'), t(lang, 'summary.unitFigures.text', { headcount: values.headcount.trim(), laoDongTienTien: values.laoDongTienTien.trim() || '—', chienSiThiDuaCoSo: values.chienSiThiDuaCoSo.trim() || '—' }))
  : ''}
${row(t(lang, 'summary.achievements'), values.achievementSummary.trim())}
${row(
  t(lang, 'summary.attachments'),
  options.files.length
    ? html`<ul class="files">${options.files.map((file) => html`<li>${file.filename} (${formatBytes(file.size)})</li>`)}</ul>`
    : t(lang, 'review.noFiles'),
)}
${row(t(lang, 'summary.contact'), `${values.contactName.trim()} <${values.contactEmail.trim()}>`)}
</dl>
<form method="post" action="/nominations/confirm">
<input type="hidden" name="_csrf" value="${options.csrfToken}">
<input type="hidden" name="draftId" value="${options.draftId}">
${formFieldNames.map((name) => html`<input type="hidden" name="${name}" value="${values[name]}">`)}
${options.files.map((file) => html`<input type="hidden" name="keep" value="${file.attachmentId}">`)}
${dossierSection(lang, options.dossier, options.files, options.fileItems)}
<p>${t(lang, 'review.declaration')}</p>
<button type="submit" class="button" name="action" value="confirm">${t(lang, 'review.confirm')}</button>
<button type="submit" class="button secondary" name="action" value="edit">${t(lang, 'review.edit')}</button>
</form>`;
  return page({ lang, title: t(lang, 'review.title'), body });
}

/** `name@unit.gov.vn` → `n***@unit.gov.vn`: enough to recognise, not enough to harvest. */
export const maskEmail = (email: string) => email.replace(/^(.)[^@]*@/, '$1***@');

export function confirmationPage(options: { lang: Lang; trackingCode: string; trackingUrl: string; email: string }): string {
  const { lang } = options;
  const body = html`<div class="panel" role="status">
<h1>${t(lang, 'done.title')}</h1>
<p>${t(lang, 'done.codeLabel')}<strong class="code">${options.trackingCode}</strong></p>
</div>
<p>${t(lang, 'done.keep')}</p>
<p><a href="/track/${options.trackingCode}">${options.trackingUrl}</a></p>
<p>${t(lang, 'done.next', { email: maskEmail(options.email) })}</p>
<p><a href="/nominations/new">${t(lang, 'done.another')}</a></p>`;
  return page({ lang, title: t(lang, 'done.title'), body, langSwitchPath: `/nominations/submitted/${options.trackingCode}` });
}
