/**
 * Every effect payload schema the engine may meet: the core ones of `../effects.ts` and the
 * cluster ones. Until `effects.ts` lists the cluster effects itself, the engine's effect
 * handlers should parse with `allEffectPayloadSchemas` (and dispatch with `isAnyEffectType`).
 */
import { effectPayloadSchemas, isEffectType, type EffectParamsByType } from '../effects.ts';
import { clusterEffectPayloadSchemas, isClusterEffectType, type ClusterEffectParamsByType } from './cluster-effects.ts';

export type AnyEffectParamsByType = EffectParamsByType & ClusterEffectParamsByType;
export type AnyEffectType = keyof AnyEffectParamsByType;

export const allEffectPayloadSchemas = { ...effectPayloadSchemas, ...clusterEffectPayloadSchemas };

/** Whether an action type is an effect (core or cluster), i.e. becomes an outbox row. */
export function isAnyEffectType(type: string): type is AnyEffectType {
  return isEffectType(type) || isClusterEffectType(type);
}
