/**
 * Effect descriptors of the cluster procedures, in the shape of `../effects.ts`: what the pure
 * cluster-evaluation machine asks the world to do once the year is evaluated.
 *
 * Registered in `../effects.ts` (`EffectParamsByType`, `effectTypes`, `effectPayloadSchemas`)
 * like every other effect; this file does not import it, so that import has no cycle.
 */
import { z } from 'zod';

/**
 * The chair proposes a leading unit for an award (the Government's emulation flag, the Prime
 * Minister's certificate of merit). The receiver opens a commendation nomination for the unit
 * (collective nominee, period = the year) keyed by the effect id, so a redelivered effect opens
 * nothing new; one evaluation instance per cluster and year makes that one per seat.
 */
export interface ProposeAwardParams {
  awardTypeId: 'co-thi-dua-chinh-phu' | 'bang-khen-thu-tuong';
  unitId: string;
  clusterId: string;
  year: number;
  /** Seat won in the vote, 0 best; the round and how it was decided are in the instance's output. */
  position: number;
}

/**
 * The cluster's roles for the next year: the receiver records them on the cluster's record of
 * that year. Dedupe on the effect id: a year's handover is recorded once.
 */
export interface HandOverChairParams {
  clusterId: string;
  /** The year the new chair and deputy serve. */
  year: number;
  chair: string;
  deputy: string;
}

export interface ClusterEffectParamsByType {
  proposeAward: ProposeAwardParams;
  handOverChair: HandOverChairParams;
}

export type ClusterEffectType = keyof ClusterEffectParamsByType;

/** What the engine adds to every payload (see `effects.ts`); repeated here to keep this file cycle-free. */
const planned = { nominationId: z.string().nullable().default(null), dueAt: z.string().datetime().optional() };
const year = z.number().int().min(2000).max(2100);
const unitId = z.string().min(1).max(200);

export const clusterEffectPayloadSchemas = {
  // Strict, like recordTally: a payload carrying more (a ballot, a voter) is refused, not stripped.
  proposeAward: z.strictObject({
    awardTypeId: z.enum(['co-thi-dua-chinh-phu', 'bang-khen-thu-tuong']),
    unitId,
    clusterId: unitId,
    year,
    position: z.number().int().nonnegative(),
    ...planned,
  }),
  handOverChair: z.strictObject({ clusterId: unitId, year, chair: unitId, deputy: unitId, ...planned }),
} satisfies Record<ClusterEffectType, z.ZodType>;
