import { randomUUID } from 'node:crypto';
import type {
  ClusterAgreement,
  EventMeta,
  NewClusterYear,
  NewInstance,
  NewNomination,
  NewTask,
  OutboxRow,
  TimerRow,
  TransitionCommit,
} from '../store.port.ts';

/** Builders of valid port inputs with fresh ids, so tests sharing one store never collide. */

const hour = 3_600_000;

export const apiMeta: EventMeta = { actor: 'can-bo@so-noi-vu.gov.vn', source: 'api', via: 'req-1' };

export function newInstance(overrides: Partial<NewInstance> = {}): NewInstance {
  return {
    instanceId: randomUUID(),
    definitionId: 'bang-khen-ubnd-tinh',
    definitionVersion: 1,
    snapshot: { value: 'unitReview', context: { round: 1 } },
    status: 'active',
    stateValue: 'unitReview',
    nominationId: null,
    startEvent: { eventId: randomUUID(), event: { type: 'SUBMIT' }, meta: apiMeta },
    outbox: [],
    timers: [],
    ...overrides,
  };
}

export function outboxRow(instanceId: string, overrides: Partial<OutboxRow> = {}): OutboxRow {
  return {
    effectId: randomUUID(),
    instanceId,
    queue: 'mail',
    type: 'sendMail',
    payload: { template: 'task', to: 'truong-phong@so-noi-vu.gov.vn' },
    ...overrides,
  };
}

/** A timer of `instanceId` for `sendId`, due `dueInMs` from now (negative: already due). */
export function timerRow(instanceId: string, sendId: string, dueInMs = hour, dueAt = new Date(Date.now() + dueInMs)): TimerRow {
  return {
    // The id is unique per scheduling, as `${instanceId}.${version}.${sendId}` is in the engine.
    timerId: `${instanceId}:${sendId}:${randomUUID()}`,
    instanceId,
    sendId,
    event: { type: `xstate.after.${sendId}` },
    dueAt,
  };
}

/** A transition of `instance` computed from its current version. */
export function transition(
  instance: { instanceId: string; version: number; stateValue?: string },
  overrides: Partial<TransitionCommit> = {},
): TransitionCommit {
  return {
    instanceId: instance.instanceId,
    expectedVersion: instance.version,
    eventId: randomUUID(),
    event: { type: 'APPROVE', comment: 'Đồng ý' },
    meta: { actor: 'truong-phong@so-noi-vu.gov.vn', source: 'task-link', via: 'task-1' },
    snapshot: { value: 'councilReview', context: { round: 1 } },
    status: 'active',
    fromState: instance.stateValue ?? 'unitReview',
    toState: 'councilReview',
    changed: true,
    outbox: [],
    timers: [],
    cancelSendIds: [],
    ...overrides,
  };
}

export function newTask(instanceId: string, overrides: Partial<NewTask> = {}): NewTask {
  return {
    taskId: randomUUID(),
    instanceId,
    nominationId: null,
    step: 'unitLeaderReview',
    assignee: `${randomUUID()}@so-noi-vu.gov.vn`,
    dueAt: new Date(Date.now() + 72 * hour),
    tokenHash: randomUUID().replaceAll('-', ''),
    tokenExpiresAt: new Date(Date.now() + 72 * hour),
    ...overrides,
  };
}

export function newNomination(overrides: Partial<NewNomination> = {}): NewNomination {
  const nominationId = randomUUID();
  return {
    nominationId,
    trackingCode: `VD-${nominationId.slice(0, 8).toUpperCase()}`,
    unitId: randomUUID(),
    awardTypeId: 'bang-khen-ubnd-tinh',
    period: '2025',
    nominee: { fullName: 'Nguyễn Thị Hoa', position: 'Chuyên viên' },
    details: { achievements: ['Chiến sĩ thi đua cơ sở 2023', 'Chiến sĩ thi đua cơ sở 2024'] },
    instanceId: null,
    ...overrides,
  };
}

/** An agreement of two criteria on different scales, signed by two members on 10 March 2023. */
export function clusterAgreement(overrides: Partial<ClusterAgreement> = {}): ClusterAgreement {
  return {
    criteria: [
      { criterionId: 'phat-trien-kt-xh', nameVi: 'Thực hiện các chỉ tiêu phát triển kinh tế – xã hội', nameEn: 'Economic and social targets met', weight: 5, scale: { min: 0, max: 10, step: 0.5 } },
      { criterionId: 'hoat-dong-cum', nameVi: 'Tham gia hoạt động của Cụm thi đua', nameEn: 'Taking part in the cluster’s activities', weight: 1, scale: { min: 0, max: 10, step: 1 } },
    ],
    ranking: 'competition',
    selfAssessmentWeight: 0.25,
    vote: { seatAwards: ['co-thi-dua-chinh-phu', 'bang-khen-thu-tuong'], quorum: 2 / 3, secret: true, selfVote: false, maxRunoffs: 2 },
    source: 'Giao ước thi đua năm 2023 – "bản ký"',
    signatures: [
      { memberId: 'ubnd-tinh-bac-giang', signedBy: 'ban-tdkt@bacgiang.example', signedAt: new Date('2023-03-10T02:15:00.123Z') },
      { memberId: 'ubnd-tinh-bac-kan', signedBy: null, signedAt: new Date('2023-03-10T02:16:00.000Z') },
    ],
    ...overrides,
  };
}

/** A cluster year with a fresh cluster id: three members, the first chairing, the second deputising. */
export function newClusterYear(overrides: Partial<NewClusterYear> = {}): NewClusterYear {
  const members = ['ubnd-tinh-bac-giang', 'ubnd-tinh-bac-kan', 'ubnd-tinh-thai-nguyen'];
  return {
    clusterId: `cum-${randomUUID()}`,
    year: 2022,
    kind: 'cluster',
    nameVi: 'Cụm thi đua các tỉnh Trung du và miền núi phía Bắc',
    nameEn: 'Emulation cluster of the Northern Midlands and Mountains provinces',
    members,
    rotationOrder: [...members, 'ubnd-tinh-ha-giang'],
    chair: members[0]!,
    deputy: members[1]!,
    responsible: { name: 'Lương Quốc Đoàn', titleVi: 'Ủy viên Hội đồng TĐKT Trung ương phụ trách Cụm', titleEn: 'Central council member responsible for the cluster' },
    rolesSource: 'Báo cáo hội nghị ngày 10/3/2023',
    agreement: clusterAgreement(),
    ...overrides,
  };
}

/**
 * Resolves once the wall clock has passed `moment`, so the next row the database stamps
 * with `now()` is at least a millisecond later — what `Date`'s precision can tell apart.
 * It waits on the condition, not for a guessed duration.
 */
export async function clockPast(moment: Date): Promise<void> {
  while (Date.now() <= moment.getTime()) await new Promise((resolve) => setImmediate(resolve));
}
