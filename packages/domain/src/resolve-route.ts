/**
 * Resolves a catalogue route (roles, working days) into the commendation machine's input
 * (people, milliseconds) for one proposing unit: roles through the directory (directory.ts),
 * durations through the route timing (route-timing.ts), the decision's signatory and document
 * code from the profile of the body holding the deciding role. Pure: the caller loads the chain.
 */
import { findAwardType } from './award-types.ts';
import { issuerCode, type IssuingBody } from './catalogue/issuer-codes.ts';
import { findRole, type DirectoryUnit, type RoleHolder } from './directory.ts';
import type { ResolvedLevel, RouteLevel } from './procedure-route.ts';
import { calendarDaysMs, reminderBeforeMs, workingDaysMs, type RouteTiming } from './route-timing.ts';

/** Why a level could not be resolved: nobody holds a role, or its holder cannot sign. */
export interface RouteProblem {
  levelId: string;
  role: string;
  /** The unit the role was looked up for (unit roles) or found at (signing problems). */
  unitId: string;
  unitNameVi: string;
  unitNameEn: string;
  messageVi: string;
  messageEn: string;
}

export type RouteResolution = { ok: true; route: ResolvedLevel[] } | { ok: false; problems: RouteProblem[] };

export interface ResolveRouteInput {
  awardTypeId: string;
  /** The catalogue's levels (`routeFor`). */
  levels: readonly RouteLevel[];
  /** The proposing unit, then the bodies above it (`unitChain`). Must not be empty. */
  chain: readonly DirectoryUnit[];
  timing: RouteTiming;
}

function missing(level: RouteLevel, role: string, chain: readonly DirectoryUnit[]): RouteProblem {
  const unit = chain[0]!;
  return {
    levelId: level.id,
    role,
    unitId: unit.unitId,
    unitNameVi: unit.nameVi,
    unitNameEn: unit.nameEn,
    messageVi: `Chưa có người giữ vai trò "${role}" (${level.nameVi}) cho đơn vị "${unit.unitId}" (${unit.nameVi}) hoặc cơ quan cấp trên`,
    messageEn: `Nobody holds the role "${role}" (${level.nameEn}) for the unit "${unit.unitId}" (${unit.nameEn}) or the bodies above it`,
  };
}

function cannotSign(level: RouteLevel, holder: RoleHolder, whyVi: string, whyEn: string): RouteProblem {
  const { unit } = holder;
  return {
    levelId: level.id,
    role: level.role,
    unitId: unit.unitId,
    unitNameVi: unit.nameVi,
    unitNameEn: unit.nameEn,
    messageVi: `Vai trò "${level.role}" ở "${unit.unitId}" (${unit.nameVi}) ${whyVi}`,
    messageEn: `The role "${level.role}" at "${unit.unitId}" (${unit.nameEn}) ${whyEn}`,
  };
}

/** The issuing body the catalogue's `issuerCode` needs, from the signing unit's profile. */
function issuingBodyOf(unit: DirectoryUnit): IssuingBody | undefined {
  const profile = unit.profile ?? {};
  if (profile.issuingBody === 'province') return { kind: 'province' };
  if (!profile.abbreviation) return undefined;
  return profile.issuingBody === 'ministry' ? { kind: 'ministry', abbreviation: profile.abbreviation } : { kind: 'unit', abbreviation: profile.abbreviation };
}

/** The signatory, document code and issuing unit of a decision level, or why the holder cannot sign. */
function signing(awardTypeId: string, level: RouteLevel, holder: RoleHolder): { authority: string; issuerCode: string; issuingUnitId: string } | RouteProblem {
  const signatories = holder.unit.profile?.signatories ?? {};
  const authority = Object.hasOwn(signatories, level.role) ? signatories[level.role]?.trim() : undefined;
  if (!authority) return cannotSign(level, holder, 'không ghi người ký quyết định', 'names no signatory for its decisions');
  const awardType = findAwardType(awardTypeId)!;
  let body: IssuingBody | undefined = issuingBodyOf(holder.unit);
  // A unit head's decision is coded by the unit's abbreviation, whatever kind of body it is, or
  // by its role's own where the role decides under one (the Văn phòng's QĐ-VP).
  const roleAbbreviations = holder.unit.profile?.roleAbbreviations ?? {};
  const ownAbbreviation = Object.hasOwn(roleAbbreviations, level.role) ? roleAbbreviations[level.role] : undefined;
  if (awardType.decidingAuthority === 'unitHead' && holder.unit.profile?.abbreviation) body = { kind: 'unit', abbreviation: holder.unit.profile.abbreviation };
  if (awardType.decidingAuthority === 'unitHead' && ownAbbreviation) body = { kind: 'unit', abbreviation: ownAbbreviation };
  try {
    return { authority, issuerCode: issuerCode(awardType.decidingAuthority, body), issuingUnitId: holder.unit.unitId };
  } catch {
    return cannotSign(level, holder, 'không có ký hiệu văn bản hợp lệ', 'has no valid document code (profile abbreviation / issuing body)');
  }
}

/**
 * The route with people and milliseconds, or every problem found (each names the role and the
 * unit). Councils get the listed members, the first being the chair; other levels the first
 * person listed for their role. Escalation roles must resolve too: a level whose escalation
 * nobody holds would expire where the catalogue expects a hand-over.
 */
export function resolveRoute(input: ResolveRouteInput): RouteResolution {
  const { chain, timing } = input;
  if (chain.length === 0) throw new RangeError('resolveRoute needs the proposing unit in the chain');
  const problems: RouteProblem[] = [];
  const route: ResolvedLevel[] = [];
  for (const level of input.levels) {
    const holder = findRole(chain, level.role);
    if (!holder) problems.push(missing(level, level.role, chain));
    const escalation = level.escalationRole ? findRole(chain, level.escalationRole) : null;
    if (level.escalationRole && !escalation) problems.push(missing(level, level.escalationRole, chain));
    if (!holder) continue;
    const deadlineMs = level.kind === 'disclosure' ? calendarDaysMs(timing, level.postingDays ?? level.deadlineWorkingDays) : workingDaysMs(timing, level.deadlineWorkingDays);
    const members = level.kind === 'council' ? [...new Set(holder.people)] : [];
    const resolved: ResolvedLevel = {
      id: level.id,
      kind: level.kind,
      nameVi: level.nameVi,
      nameEn: level.nameEn,
      assignee: holder.people[0]!,
      ...(escalation ? { escalationAssignee: escalation.people[0]! } : {}),
      members,
      ...(level.vote ? { vote: { ...level.vote } } : {}),
      deadlineMs,
      reminderBeforeMs: reminderBeforeMs(timing, deadlineMs),
      escalationWindowMs: workingDaysMs(timing, timing.escalationWorkingDays),
      ...(level.kind === 'disclosure' ? { postingDays: level.postingDays ?? level.deadlineWorkingDays } : {}),
      ...(level.kind !== 'disclosure' && timing.workingCalendar && Number.isInteger(level.deadlineWorkingDays) && Number.isInteger(timing.escalationWorkingDays)
        ? { deadlineWorkingDays: level.deadlineWorkingDays, escalationWorkingDays: timing.escalationWorkingDays }
        : {}),
    };
    if (level.kind === 'decision') {
      const signed = signing(input.awardTypeId, level, holder);
      if ('messageEn' in signed) {
        problems.push(signed);
        continue;
      }
      Object.assign(resolved, signed);
    }
    route.push(resolved);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, route };
}
