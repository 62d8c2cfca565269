import { html, type SafeHtml } from '../http/html.ts';
import { t, type Lang } from '../i18n/i18n.ts';
import { timeline, type NominationProgress } from '../nominations/nomination-progress.ts';
import { formatDateTime } from './layout.ts';

const row = (label: string, value: SafeHtml | string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;

/** What was nominated, by whom, for what: every value is text from people, so all of it is escaped. */
export function nominationSummary(progress: NominationProgress, lang: Lang, options: { withContact?: boolean; withIdentifier?: boolean } = {}): SafeHtml {
  const { nomination, unit, awardType } = progress;
  const nominee = nomination.nominee as { kind?: string; name?: string; position?: string; identifier?: string };
  const details = nomination.details as { achievementSummary?: string; contact?: { name?: string; email?: string } };
  return html`<dl class="summary-list">
${row(t(lang, 'summary.trackingCode'), nomination.trackingCode)}
${row(t(lang, 'summary.nomineeKind'), t(lang, nominee.kind === 'collective' ? 'form.nomineeKind.collective' : 'form.nomineeKind.individual'))}
${row(t(lang, 'summary.nominee'), nominee.name ?? '')}
${options.withIdentifier && nominee.identifier ? row(t(lang, 'form.nomineeIdentifier'), nominee.identifier) : ''}
${nominee.position ? row(t(lang, 'form.nomineePosition'), nominee.position) : ''}
${row(t(lang, 'summary.unit'), unit ? (lang === 'vi' ? unit.nameVi : unit.nameEn) : nomination.unitId)}
${row(t(lang, 'summary.award'), awardType ? (lang === 'vi' ? awardType.nameVi : awardType.nameEn) : nomination.awardTypeId)}
${row(t(lang, 'summary.period'), nomination.period)}
${(nomination.details as { simplified?: boolean }).simplified ? row(t(lang, 'summary.procedure'), t(lang, 'summary.procedure.simplified')) : ''}
${row(t(lang, 'summary.submittedAt'), formatDateTime(nomination.createdAt, lang))}
${details.achievementSummary ? row(t(lang, 'summary.achievements'), details.achievementSummary) : ''}
${options.withContact && details.contact ? row(t(lang, 'summary.contact'), `${details.contact.name ?? ''} <${details.contact.email ?? ''}>`) : ''}
</dl>`;
}

/** The history, oldest first, as a list of dated sentences with the comments quoted. */
export function timelineList(progress: NominationProgress, lang: Lang): SafeHtml {
  return html`<ol class="timeline">
${timeline(progress, lang).map(
  (entry) => html`<li>
<time datetime="${entry.at.toISOString()}">${formatDateTime(entry.at, lang)}</time>
${entry.text}${entry.changed ? '' : html` <span class="hint">${t(lang, 'event.noEffect')}</span>`}
${entry.comment ? html`<blockquote><span class="visually-hidden">${t(lang, 'event.comment')}: </span>${entry.comment}</blockquote>` : ''}
</li>`,
)}
</ol>`;
}
