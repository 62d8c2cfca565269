import type { RecordTallyParams } from '@vinh-danh/domain';
import { html, type SafeHtml } from '../http/html.ts';
import { t, type Lang } from '../i18n/i18n.ts';
import type { NominationProgress } from '../nominations/nomination-progress.ts';
import { levelStatusOf, type TaskKind } from '../nominations/procedure-view.ts';
import { formatDateTime } from './layout.ts';

/** `2.340.000 đồng` — Vietnamese thousands separators; VND has no minor unit. */
export const formatVnd = (amount: number, lang: Lang) =>
  `${String(Math.trunc(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ${lang === 'vi' ? 'đồng' : 'VND'}`;

/** The reward in đồng, or that none is set yet and why (an order paid by class, say), from the decision's basis. */
function amountText(amountVnd: number | null, basis: Record<string, unknown> | undefined, lang: Lang): string {
  if (amountVnd !== null) return formatVnd(amountVnd, lang);
  const reason = basis?.[lang === 'vi' ? 'reasonVi' : 'reasonEn'];
  return t(lang, 'track.amountUnset') + (typeof reason === 'string' && reason ? ` (${reason})` : '');
}

/** A closed vote in words: the outcome and the counts, never who voted how. */
export function tallyText(tally: RecordTallyParams, lang: Lang): string {
  // Tallies recorded before the members were kept: the members not recused.
  const members = tally.members ?? tally.eligible;
  const recused = members - tally.eligible;
  return (
    t(lang, tally.outcome === 'passed' ? 'tally.passed' : 'tally.failed', { yes: tally.yes, no: tally.no, abstain: tally.abstain, members }) +
    (recused > 0 ? ` ${t(lang, 'tally.recused', { recused })}` : '') +
    (tally.quorumMet ? '' : ` ${t(lang, 'tally.noQuorum')}`)
  );
}

interface Details {
  eligibility?: {
    failures?: Array<{ ruleId: string; messageVi: string; messageEn: string }>;
    unchecked?: Array<{ ruleId: string; messageVi: string; messageEn: string }>;
    override?: { by: string; reason: string; at: string } | null;
    disciplinary?: Array<{ ruleId: string; messageVi: string; messageEn: string }>;
    unitFigures?: { headcount: number; memberTitles?: Record<string, number | undefined>; alreadyNominated?: number };
  };
  duplicates?: Array<{ trackingCode: string; unitId: string }>;
  dossier?: { items: Array<{ id: string; labelVi: string; labelEn: string }>; missing: string[] };
}

/**
 * What a reviewer must see before acting, at the top of the task page: a unit already proposed
 * the same nominee; the submitter states an official accepted an exception to the eligibility
 * check (who, why, which rules; the submitter's word, so every page says it is unconfirmed and
 * the named official's own page, `viewer`, asks them to refuse it, as that page can, if they did not accept it); a
 * disciplinary measure the history holds against the award (the submitter is not told); rules
 * left to the reviewer; the objection that sent the dossier back.
 */
export function reviewerNotices(progress: NominationProgress, lang: Lang, viewer?: { assignee: string; kind: Exclude<TaskKind, 'resubmit' | 'objection'> }): SafeHtml {
  const details = progress.nomination.details as Details;
  const message = (entry: { messageVi: string; messageEn: string; ruleId: string }) => `${lang === 'vi' ? entry.messageVi : entry.messageEn} (${entry.ruleId})`;
  const override = details.eligibility?.override;
  const duplicates = details.duplicates ?? [];
  const unchecked = details.eligibility?.unchecked ?? [];
  const disciplinary = details.eligibility?.disciplinary ?? [];
  const objection = progress.procedure?.openObjection;
  const figures = details.eligibility?.unitFigures;
  const missing = (details.dossier?.missing ?? []).map((id) => details.dossier!.items.find((item) => item.id === id)).filter((item) => item !== undefined);
  return html`${duplicates.length
    ? html`<div class="notice warning" role="alert" id="duplicate-flag"><h2>${t(lang, 'notice.duplicateTitle')}</h2>
<p>${t(lang, 'notice.duplicate')}</p>
<ul>${duplicates.map((duplicate) => html`<li><a href="/track/${duplicate.trackingCode}">${duplicate.trackingCode}</a> (${duplicate.unitId})</li>`)}</ul></div>`
    : ''}
${override
  ? html`<div class="notice warning" id="eligibility-override"><h2>${t(lang, 'notice.overrideTitle')}</h2>
<p>${t(lang, 'notice.override', { by: override.by, at: formatDateTime(new Date(override.at), lang) })}</p>
<blockquote>${override.reason}</blockquote>
<ul>${(details.eligibility?.failures ?? []).map((failure) => html`<li>${message(failure)}</li>`)}</ul>
<p><strong>${viewer !== undefined && viewer.assignee.toLowerCase() === override.by.toLowerCase() ? t(lang, `notice.overrideYou.${viewer.kind}`) : t(lang, 'notice.overrideUnconfirmed', { by: override.by })}</strong></p></div>`
  : ''}
${disciplinary.length
  ? html`<div class="notice warning" role="alert" id="disciplinary-record"><h2>${t(lang, 'notice.disciplinaryTitle')}</h2>
<p>${t(lang, 'notice.disciplinary')}</p>
<ul>${disciplinary.map((failure) => html`<li>${message(failure)}</li>`)}</ul></div>`
  : ''}
${unchecked.length
  ? html`<div class="notice"><h2>${t(lang, 'notice.uncheckedTitle')}</h2><ul>${unchecked.map((rule) => html`<li>${message(rule)}</li>`)}</ul></div>`
  : ''}
${missing.length
  ? html`<div class="notice warning" id="dossier-missing"><h2>${t(lang, 'notice.dossierMissingTitle')}</h2>
<ul>${missing.map((item) => html`<li>${lang === 'vi' ? item.labelVi : item.labelEn}</li>`)}</ul></div>`
  : ''}
${figures
  ? html`<div class="notice" id="unit-figures"><h2>${t(lang, 'notice.unitFiguresTitle')}</h2><p>${t(lang, 'notice.unitFigures', {
      headcount: figures.headcount,
      laoDongTienTien: figures.memberTitles?.['lao-dong-tien-tien'] ?? '—',
      chienSiThiDuaCoSo: figures.memberTitles?.['chien-si-thi-dua-co-so'] ?? '—',
      alreadyNominated: figures.alreadyNominated ?? 0,
    })}</p></div>`
  : ''}
${objection ? html`<div class="notice warning" role="alert"><h2>${t(lang, 'notice.objectionTitle')}</h2><blockquote>${objection}</blockquote></div>` : ''}`;
}

/**
 * The procedure on the public tracking page: the levels passed, the current level's body and
 * deadline, closed tallies (counts only), objections (their text, never who raised them), the
 * decision number and its documents. No person's name or address.
 */
export function procedureSection(progress: NominationProgress, lang: Lang): SafeHtml {
  const view = progress.procedure;
  if (!view) return html``;
  const name = (level: { nameVi: string; nameEn: string }) => (lang === 'vi' ? level.nameVi : level.nameEn);
  const levelName = (levelId: string) => {
    const level = view.route.find((entry) => entry.id === levelId);
    return level ? name(level) : levelId;
  };
  const openDue = progress.openTasks.map((task) => task.dueAt).filter((due): due is Date => due !== null).sort((a, b) => a.getTime() - b.getTime())[0];
  const due = view.postedUntil ?? openDue ?? null;
  const code = progress.nomination.trackingCode;
  return html`<h2>${t(lang, 'track.route')}</h2>
${view.simplified ? html`<p>${t(lang, 'summary.procedure.simplified')}</p>` : ''}
<ol class="route">${view.route.map((level) => {
  const status = levelStatusOf(view, level);
  return html`<li class="level-${status}"><span class="visually-hidden">${t(lang, `track.level.${status}`)}: </span>${name(level)}${status === 'current' ? html` <strong>(${t(lang, 'track.level.current')})</strong>` : status === 'ended' ? html` <strong>(${t(lang, 'track.level.endedHere')})</strong>` : status === 'passed' ? ' ✓' : ''}</li>`;
})}</ol>
${view.currentLevel && due
  ? html`<dl class="summary-list">
<div><dt>${t(lang, view.postedUntil ? 'track.postedUntil' : 'track.deadline')} (${name(view.currentLevel)})</dt><dd><time datetime="${due.toISOString()}">${formatDateTime(due, lang)}</time></dd></div>
</dl>`
  : ''}
${view.tallies.length
  ? html`<h2>${t(lang, 'track.tallies')}</h2><ul>${view.tallies.map((tally) => html`<li>${levelName(tally.levelId)}: ${tallyText(tally, lang)}</li>`)}</ul>`
  : ''}
${view.objections.length
  ? html`<h2>${t(lang, 'track.objections')}</h2><ul>${view.objections.map((entry) => html`<li>${levelName(entry.levelId)}: <blockquote>${entry.objection}</blockquote></li>`)}</ul>`
  : ''}
${view.decision
  ? html`<h2>${t(lang, 'track.decision')}</h2>
<dl class="summary-list">
<div><dt>${t(lang, 'track.decisionNumber')}</dt><dd><strong class="code">${view.decision.decisionNumber}</strong></dd></div>
${progress.decisions.at(-1) ? html`<div><dt>${t(lang, 'track.authority')}</dt><dd>${progress.decisions.at(-1)!.authority}</dd></div>` : ''}
<div><dt>${t(lang, 'track.amount')}</dt><dd>${amountText(view.decision.amountVnd, progress.decisions.at(-1)?.amountBasis, lang)}</dd></div>
</dl>
<ul class="files">
<li><a href="/track/${code}/documents/decision" download>${t(lang, 'track.downloadDecision')}</a></li>
<li><a href="/track/${code}/documents/certificate" download>${t(lang, 'track.downloadCertificate')}</a></li>
</ul>`
  : ''}`;
}
