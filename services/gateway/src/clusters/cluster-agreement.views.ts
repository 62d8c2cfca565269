/**
 * The agreement of a cluster's year as the store records it (giao ước thi đua): its criteria,
 * its rules in words, and a table of who signed for each member and on which day — members
 * that have not signed listed as such. Shared by the year page (with or without an evaluation)
 * and the printable signed agreement.
 */
import type { ClusterSignature } from '@vinh-danh/store';
import { html, type SafeHtml } from '../http/html.ts';
import type { Lang } from '../i18n/i18n.ts';
import { formatDate } from './cluster-format.ts';
import { ct } from './cluster-messages.ts';
import { storedUnitName, type StoredClusterYear } from './cluster-stored-year.repository.ts';
import { criteriaTable } from './cluster-tables.views.ts';

interface SignatoryRow {
  memberId: string;
  /** False for a unit that signed and has left the cluster since (merged away). */
  member: boolean;
  signature: ClusterSignature | null;
}

/**
 * Who the signature table lists: every member of the year, in the record's order, then anyone who
 * signed and is no longer a member, so no recorded signature goes unshown.
 */
export function signatoryRows(stored: StoredClusterYear): SignatoryRow[] {
  const { members, agreement } = stored.record;
  const signatures = agreement?.signatures ?? [];
  // Signatures are in signing order: a member listed twice signed first at the first one.
  const signatureOf = (memberId: string) => signatures.find((signature) => signature.memberId === memberId) ?? null;
  const former = [...new Set(signatures.map((signature) => signature.memberId))].filter((memberId) => !members.includes(memberId));
  return [
    ...members.map((memberId) => ({ memberId, member: true, signature: signatureOf(memberId) })),
    ...former.map((memberId) => ({ memberId, member: false, signature: signatureOf(memberId) })),
  ];
}

/** The member's role in the stored year: chair, deputy, member — or a former member. */
export function storedRoleOf(stored: StoredClusterYear, row: Pick<SignatoryRow, 'memberId' | 'member'>, lang: Lang): string {
  const { chair, deputy } = stored.record;
  if (!row.member) return ct(lang, 'role.former');
  return ct(lang, row.memberId === chair ? 'role.chair' : row.memberId === deputy ? 'role.deputy' : 'role.member');
}

/** `Đã ký: 7/7 thành viên.` — members of the year who signed, of all of them. */
export function signedCountText(stored: StoredClusterYear, lang: Lang): string {
  const rows = signatoryRows(stored).filter((row) => row.member);
  return ct(lang, 'stored.signedCount', { signed: rows.filter((row) => row.signature).length, total: rows.length });
}

/** Every member with its role and its signature: who signed for it and on which day, or that it has not signed. */
export function signaturesTable(stored: StoredClusterYear, lang: Lang): SafeHtml {
  const { record } = stored;
  const dash = ct(lang, 'dash');
  const status = (signature: ClusterSignature | null) =>
    !record.agreement ? ct(lang, 'stored.noAgreementShort') : ct(lang, signature ? 'signed' : 'notSignedYet');
  return html`<div class="table-scroll"><table class="data-table" id="signatures">
<caption>${ct(lang, 'stored.signaturesCaption', { year: record.year })}</caption>
<thead><tr><th scope="col">${ct(lang, 'table.member')}</th><th scope="col">${ct(lang, 'table.role')}</th><th scope="col">${ct(lang, 'table.agreement')}</th><th scope="col">${ct(lang, 'table.signedBy')}</th><th scope="col">${ct(lang, 'table.signedAt')}</th></tr></thead>
<tbody>${signatoryRows(stored).map(
    (row) => html`<tr id="signature-${row.memberId}"><th scope="row">${storedUnitName(stored, row.memberId)}</th><td>${storedRoleOf(stored, row, lang)}</td><td>${status(row.signature)}</td><td>${row.signature ? (row.signature.signedBy ?? ct(lang, 'stored.signedByUnknown')) : dash}</td><td>${row.signature ? formatDate(row.signature.signedAt, lang) : dash}</td></tr>`,
  )}</tbody>
</table></div>`;
}

/**
 * Beside a running evaluation: the agreement the store records, its criteria and the signatures
 * it holds, if any. Nothing when the store records no agreement for the year.
 */
export function storedAgreementSection(stored: StoredClusterYear | null, lang: Lang): SafeHtml | '' {
  const agreement = stored?.record.agreement;
  if (!stored || !agreement) return '';
  return html`<section id="stored-agreement" aria-labelledby="stored-agreement-title">
<h2 id="stored-agreement-title">${ct(lang, 'stored.agreementTitle')}</h2>
${criteriaTable({ year: stored.record.year, criteria: agreement.criteria }, lang, 'stored-criteria')}
<p>${ct(lang, 'stored.source', { source: agreement.source })}</p>
${agreement.signatures.length
  ? html`<p>${signedCountText(stored, lang)}</p>
${signaturesTable(stored, lang)}`
  : html`<p>${ct(lang, 'stored.noSignatures')}</p>`}
</section>`;
}
