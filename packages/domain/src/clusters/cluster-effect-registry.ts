/**
 * Names from before `proposeAward` and `handOverChair` were registered in `../effects.ts`. They
 * are the same registry now: prefer `EffectParamsByType`, `EffectType`, `effectPayloadSchemas`
 * and `isEffectType`.
 */
import { effectPayloadSchemas, isEffectType, type EffectParamsByType, type EffectType } from '../effects.ts';

/** @deprecated Use `EffectParamsByType`: it lists the cluster effects too. */
export type AnyEffectParamsByType = EffectParamsByType;
/** @deprecated Use `EffectType`. */
export type AnyEffectType = EffectType;

/** @deprecated Use `effectPayloadSchemas`: it holds the cluster effects' schemas too. */
export const allEffectPayloadSchemas = effectPayloadSchemas;

/** @deprecated Use `isEffectType`. Whether an action type is an effect, i.e. becomes an outbox row or a store write. */
export function isAnyEffectType(type: string): type is AnyEffectType {
  return isEffectType(type);
}
