/**
 * Ids the cluster procedures derive rather than draw, so a repeated request finds what the first
 * one made, and the one random id they draw in the gateway's format.
 */
import { createHash } from 'node:crypto';

/**
 * A UUID derived from `name` (RFC 9562 version 8, "custom": the first 122 bits of its SHA-256):
 * the same name always gives the same id, in the format every instance id of the gateway has.
 */
export function uuidFrom(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The year-end evaluation of a cluster: one instance per cluster and year, so starting it twice starts it once. */
export const clusterEvaluationInstanceId = (clusterId: string, year: number) => `cluster-evaluation.${clusterId}.${year}`;

/** The commendation procedure a `proposeAward` effect starts: keyed by the effect, so a redelivery starts nothing new. */
export const proposalInstanceId = (effectId: string) => uuidFrom(`proposeAward:${effectId}`);

export { newTrackingCode } from '@vinh-danh/domain';
