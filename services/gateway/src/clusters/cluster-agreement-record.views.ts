/**
 * The printable signed agreement of a year nobody has started evaluating (`/record` before the
 * evaluation): the parties and their roles, the criteria with weights and scales, the ranking and
 * vote rules, and each member's signature — who signed and on which day, or that it has not.
 */
import { html } from '../http/html.ts';
import type { Lang } from '../i18n/i18n.ts';
import { page } from '../views/layout.ts';
import { signaturesTable, signedCountText } from './cluster-agreement.views.ts';
import { ct } from './cluster-messages.ts';
import type { StoredClusterYear } from './cluster-stored-year.repository.ts';
import { rolesParagraphs, storedYearPath } from './cluster-stored-year.views.ts';
import { clusterStyles, criteriaTable, rulesList } from './cluster-tables.views.ts';

export function agreementRecordPage(stored: StoredClusterYear, lang: Lang): string {
  const { record } = stored;
  const { agreement } = record;
  const title = ct(lang, 'agreementRecord.title', { year: record.year });
  const body = html`${clusterStyles}
<article class="record">
<header class="record-header">
<p class="nation"><strong>${ct(lang, 'record.nation')}</strong><br>${ct(lang, 'record.motto')}</p>
<p class="cluster-name"><strong>${record.nameVi}</strong></p>
</header>
<h1>${title}</h1>
<p class="no-print hint">${ct(lang, 'record.printHint')} <a href="${storedYearPath(stored)}">${ct(lang, 'record.back')}</a></p>
${agreement
  ? html`<p>${ct(lang, 'agreementRecord.intro', { cluster: record.nameVi, year: record.year })}</p>

<h2>${ct(lang, 'record.participants')}</h2>
${rolesParagraphs(stored, lang)}

<h2>${ct(lang, 'criteria.title')}</h2>
${criteriaTable({ year: record.year, criteria: agreement.criteria }, lang)}
<p>${ct(lang, 'stored.source', { source: agreement.source })}</p>

<h2>${ct(lang, 'rules.title')}</h2>
${rulesList(agreement, lang)}

<section id="agreement-signatures" aria-labelledby="agreement-signatures-title">
<h2 id="agreement-signatures-title">${ct(lang, 'agreementRecord.signaturesTitle')}</h2>
<p>${signedCountText(stored, lang)}</p>
${signaturesTable(stored, lang)}
</section>`
  : html`<p>${ct(lang, 'stored.noAgreement', { year: record.year })}</p>
<h2>${ct(lang, 'record.participants')}</h2>
${rolesParagraphs(stored, lang)}
${signaturesTable(stored, lang)}`}
<footer class="record-footer"><p>${ct(lang, 'agreementRecord.source', { year: record.year })}</p></footer>
</article>`;
  return page({ lang, title: `${title} – ${record.nameVi}`, body, langSwitchPath: `${storedYearPath(stored)}/record` });
}
