import { objectionConfirmDays } from '@vinh-danh/workflows';
import type { FieldProblem } from '../http/http-errors.ts';
import { html } from '../http/html.ts';
import { t, type Lang } from '../i18n/i18n.ts';
import { errorSummary, textArea, textInput } from '../views/form-controls.ts';
import { formatDateTime, messagePage, page } from '../views/layout.ts';
import { objectionLimits, type PostedNomination } from './posted-nominations.ts';

const name = (value: { nameVi: string; nameEn: string }, lang: Lang) => (lang === 'vi' ? value.nameVi : value.nameEn);

/** `GET /disclosures`: every nomination now posted for public comment, each linking to its objection form. */
export function disclosuresPage(lang: Lang, posted: readonly PostedNomination[]): string {
  const body = html`<h1>${t(lang, 'disclosure.title')}</h1>
<p>${t(lang, 'disclosure.intro')}</p>
${posted.length === 0
  ? html`<p>${t(lang, 'disclosure.none')}</p>`
  : html`<ul class="disclosures">${posted.map(
      (entry) => html`<li>
<h2><a href="/disclosures/${entry.disclosureId}">${entry.nomineeName}</a></h2>
<p>${entry.award ? name(entry.award, lang) : entry.awardTypeId} – ${entry.period} – ${entry.unit ? name(entry.unit, lang) : entry.unitId}</p>
<p>${name(entry.level, lang)}. ${t(lang, 'disclosure.until', { until: formatDateTime(entry.postedUntil, lang) })}</p>
</li>`,
    )}</ul>`}`;
  return page({ lang, title: t(lang, 'disclosure.title'), body, langSwitchPath: '/disclosures' });
}

export interface ObjectionFormValues {
  objectorName: string;
  objectorEmail: string;
  objection: string;
}

const labels = { objectorName: 'disclosure.objectorName', objectorEmail: 'disclosure.objectorEmail', objection: 'disclosure.objection' } as const;

/** `GET /disclosures/:disclosureId`: what is posted, and the form to object to it (name, e-mail, the objection). */
export function disclosurePage(options: { lang: Lang; entry: PostedNomination; csrfToken: string; values: ObjectionFormValues; problems: FieldProblem[] }): string {
  const { lang, entry, values } = options;
  const error = (field: keyof ObjectionFormValues) => options.problems.find((problem) => problem.field === field)?.message[lang];
  const summary = options.problems.map((problem) => ({ id: problem.field, label: t(lang, labels[problem.field as keyof typeof labels] ?? 'disclosure.objection'), message: problem.message[lang] }));
  const common = (id: keyof ObjectionFormValues) => ({ lang, id, label: t(lang, labels[id]), value: values[id], error: error(id) });
  const body = html`${errorSummary(lang, summary)}
<h1>${entry.nomineeName}</h1>
<dl class="summary-list">
<div><dt>${t(lang, 'summary.award')}</dt><dd>${entry.award ? name(entry.award, lang) : entry.awardTypeId}</dd></div>
<div><dt>${t(lang, 'summary.period')}</dt><dd>${entry.period}</dd></div>
<div><dt>${t(lang, 'summary.unit')}</dt><dd>${entry.unit ? name(entry.unit, lang) : entry.unitId}</dd></div>
${entry.position ? html`<div><dt>${t(lang, 'form.nomineePosition')}</dt><dd>${entry.position}</dd></div>` : ''}
${entry.achievementSummary ? html`<div><dt>${t(lang, 'summary.achievements')}</dt><dd>${entry.achievementSummary}</dd></div>` : ''}
<div><dt>${t(lang, 'disclosure.postedBy')}</dt><dd>${name(entry.level, lang)}</dd></div>
<div><dt>${t(lang, 'track.postedUntil')}</dt><dd><time datetime="${entry.postedUntil.toISOString()}">${formatDateTime(entry.postedUntil, lang)}</time></dd></div>
</dl>
<h2>${t(lang, 'disclosure.objectHeading')}</h2>
<p>${t(lang, entry.objectionsOutlastPosting ? 'disclosure.objectIntro' : 'disclosure.objectIntroBeforePostingEnds', { days: objectionConfirmDays })}</p>
<form method="post" action="/disclosures/${entry.disclosureId}/objections" novalidate>
<input type="hidden" name="_csrf" value="${options.csrfToken}">
${textInput({ ...common('objectorName'), autocomplete: 'name', maxlength: objectionLimits.name })}
${textInput({ ...common('objectorEmail'), type: 'email', autocomplete: 'email', hint: t(lang, 'disclosure.objectorEmail.hint'), maxlength: objectionLimits.email })}
${textArea({ ...common('objection'), hint: t(lang, 'disclosure.objection.hint'), maxlength: objectionLimits.objection, rows: 6 })}
<button type="submit" class="button">${t(lang, 'disclosure.send')}</button>
</form>
<p><a href="/disclosures">${t(lang, 'disclosure.back')}</a></p>`;
  // Re-shown with problems (answering a POST), no switch: its link would drop what was typed.
  return page({ lang, title: entry.nomineeName, body, ...(summary.length === 0 ? { langSwitchPath: `/disclosures/${entry.disclosureId}` } : {}), hasErrors: summary.length > 0 });
}

/**
 * After an objection is filed: it counts once confirmed from the link sent to `email`, within its
 * window; the posting ending at `postedUntil` waits for it, or, for a procedure of version 1
 * (`outlastsPosting` false), ends its window.
 */
export function objectionReceivedPage(lang: Lang, email: string, postedUntil: Date, outlastsPosting: boolean): string {
  return messagePage({
    lang,
    title: t(lang, 'disclosure.receivedTitle'),
    paragraphs: [t(lang, outlastsPosting ? 'disclosure.received' : 'disclosure.receivedBeforePostingEnds', { email, days: objectionConfirmDays, until: formatDateTime(postedUntil, lang) })],
    links: [{ href: '/disclosures', text: t(lang, 'disclosure.back') }],
  });
}
