/**
 * A cluster's year the store records but nobody has started evaluating (`/clusters/:clusterId/:year`
 * before the evaluation): members, chair and deputy, the central council member responsible, the
 * handover that set the roles, the agreement — criteria, weights, scales, the vote rule in words —
 * and who signed it when.
 */
import { html, type SafeHtml } from '../http/html.ts';
import type { Lang } from '../i18n/i18n.ts';
import { formatDateTime, page } from '../views/layout.ts';
import { signaturesTable, signedCountText } from './cluster-agreement.views.ts';
import { ct } from './cluster-messages.ts';
import { storedUnitName, type StoredClusterYear } from './cluster-stored-year.repository.ts';
import { clusterStyles, criteriaTable, rulesList } from './cluster-tables.views.ts';
import { yearPath } from './cluster-year.views.ts';

/** `/clusters/<id>/<year>` of a stored year. */
export const storedYearPath = (stored: StoredClusterYear): string => yearPath({ clusterId: stored.record.clusterId, year: stored.record.year });

/** The chair and deputy, where they come from, the handover that set them and who at the centre is responsible. */
export function rolesParagraphs(stored: StoredClusterYear, lang: Lang): SafeHtml {
  const { record } = stored;
  return html`<p>${ct(lang, 'year.roles', { chair: storedUnitName(stored, record.chair), deputy: storedUnitName(stored, record.deputy) })}</p>
${record.rolesSource ? html`<p class="hint">${ct(lang, 'stored.rolesSource', { source: record.rolesSource })}</p>` : ''}
${record.handover ? html`<p id="handover">${ct(lang, 'stored.handover', { year: record.year, previous: record.year - 1, at: formatDateTime(record.handover.at, lang) })}</p>` : ''}
<p id="responsible">${record.responsible
    ? ct(lang, 'stored.responsible', { name: record.responsible.name, title: lang === 'vi' ? record.responsible.titleVi : record.responsible.titleEn })
    : ct(lang, 'stored.responsibleNone')}</p>`;
}

export function storedYearPage(stored: StoredClusterYear, lang: Lang): string {
  const { record } = stored;
  const { agreement } = record;
  const title = ct(lang, 'year.title', { cluster: record.nameVi, year: record.year });
  const body = html`${clusterStyles}
<h1>${title}</h1>
<p class="status">${ct(lang, 'stored.notStarted', { year: record.year })}</p>
${rolesParagraphs(stored, lang)}
<p><a href="${storedYearPath(stored)}/record">${ct(lang, 'stored.agreementLink')}</a></p>
<h2>${ct(lang, 'stored.membersTitle')}</h2>
${agreement ? html`<p>${signedCountText(stored, lang)}</p>` : html`<p>${ct(lang, 'stored.noAgreement', { year: record.year })}</p>`}
${signaturesTable(stored, lang)}
${agreement
  ? html`<h2>${ct(lang, 'criteria.title')}</h2>
${criteriaTable({ year: record.year, criteria: agreement.criteria }, lang)}
<p>${ct(lang, 'stored.source', { source: agreement.source })}</p>
<h2>${ct(lang, 'rules.title')}</h2>
${rulesList(agreement, lang)}`
  : ''}`;
  return page({ lang, title, body, langSwitchPath: storedYearPath(stored) });
}
