/**
 * Who acts for each member of a cluster, read from the unit directory: the member's emulation
 * and commendation office (Ban Thi đua – Khen thưởng) signs and scores for it, and its head (the
 * Chairman of the provincial People's Committee, or the Minister for a bloc) is asked when a
 * deadline is missed. Only the member's own roles count: a province does not borrow them from
 * the national bodies above it.
 */
import { findRole } from '@vinh-danh/domain';
import type { Store } from '@vinh-danh/store';
import type { ClusterMemberInput } from '@vinh-danh/workflows';

/** The directory roles read for each member (the names a province's units use; see domain `route-levels.ts`). */
export const memberContactRoles = Object.freeze({ representative: 'provinceOffice', head: 'provinceChairman' });

/** The contacts of `memberIds` in their order, or every member and role the directory lacks. */
export async function memberContacts(
  units: Pick<Store['units'], 'get'>,
  memberIds: readonly string[],
): Promise<{ ok: true; members: ClusterMemberInput[] } | { ok: false; problems: string[] }> {
  const problems: string[] = [];
  const members: ClusterMemberInput[] = [];
  for (const memberId of memberIds) {
    const unit = await units.get(memberId);
    if (!unit) {
      problems.push(`member ${memberId} is not in the unit directory`);
      continue;
    }
    const person = (role: string) => findRole([unit], role)?.people[0];
    const representative = person(memberContactRoles.representative);
    const head = person(memberContactRoles.head);
    if (!representative) problems.push(`nobody holds the role "${memberContactRoles.representative}" (who signs and scores) for member ${memberId}`);
    if (!head) problems.push(`nobody holds the role "${memberContactRoles.head}" (the head asked on a missed deadline) for member ${memberId}`);
    if (representative && head) members.push({ memberId, nameVi: unit.nameVi, representative, head });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, members };
}
