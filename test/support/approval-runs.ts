/**
 * The sample `nomination-approval` procedure as the runtime tests start it: its approvers, its
 * submitter and a nomination stored with the instance.
 */
import { randomUUID } from 'node:crypto';
import type { Engine } from '@vinh-danh/engine';

export const approvers = {
  unitLeader: 'lanh.dao@donvi.gov.vn',
  unitLeaderEscalation: 'cap.tren@donvi.gov.vn',
  officer: 'thi.dua@sonoivu.gov.vn',
  officerEscalation: 'truong.ban@sonoivu.gov.vn',
};
export const submitter = 'can.bo@donvi.gov.vn';

/** Starts an instance with a fresh nomination; `timing` overrides the procedure's (ms). */
export async function startApproval(engine: Engine, timing: Record<string, number> = {}): Promise<{ instanceId: string; nominationId: string }> {
  const nominationId = randomUUID();
  const { instanceId } = await engine.startInstance({
    definitionId: 'nomination-approval',
    input: { nominationId, submitter, approvers, timing },
    nomination: {
      nominationId,
      trackingCode: `VD-${nominationId.slice(0, 8)}`,
      unitId: 'so-noi-vu-bac-giang',
      awardTypeId: 'bang-khen-tinh',
      period: '2025',
      nominee: { fullName: 'Nguyễn Văn An' },
      details: {},
    },
  });
  return { instanceId, nominationId };
}
