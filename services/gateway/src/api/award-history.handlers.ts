import { awardFits, findAwardType, isDayKey } from '@vinh-danh/domain';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { GatewayDeps } from '../gateway-deps.ts';
import { badRequest } from '../http/http-errors.ts';
import { officerOf, tokenOfficer } from '../http/officer-access.ts';
import { both } from '../i18n/i18n.ts';
import { nomineeKeyOf } from '../nominations/eligibility.ts';
import { awardNotForKind } from '../nominations/prepare-nomination.ts';
import { cleanText, fieldProblems, idText, lastYear, summarize, textLimits } from '../nominations/nomination.schema.ts';
import { unprocessable } from '../nominations/submit-nomination.ts';

/** Entries one request may import: a career's worth of years. */
export const maxHistoryEntries = 50;

/** The JSON body of `POST /api/award-history`. */
export function awardHistoryRequestSchema(now: Date) {
  const maxYear = lastYear(now);
  const entry = z
    .object({
      awardTypeId: idText().optional(),
      // Checked whole here: zod's own integer bounds would speak of a safe integer, not a year.
      year: z.number().refine((year) => Number.isInteger(year) && year >= 1945 && year <= maxYear, { params: { code: 'invalidYear', min: 1945, max: maxYear } }),
      decisionDate: z.string().refine(isDayKey, { params: { code: 'invalidDate' } }).optional(),
      decisionNumber: cleanText(50).optional(),
      disciplined: z.boolean().optional(),
    })
    .strict()
    // A decision is dated in the award's year or after it, and not after next year.
    .refine((value) => value.decisionDate === undefined || !isDayKey(value.decisionDate) || (value.decisionDate >= `${value.year}-01-01` && value.decisionDate <= `${maxYear}-12-31`), {
      path: ['decisionDate'],
      params: { code: 'decisionDateRange', max: maxYear },
    });
  return z
    .object({
      nominee: z
        .object({ kind: z.enum(['individual', 'collective']), identifier: cleanText(textLimits.identifier) })
        .strict(),
      entries: z.array(entry).min(1).refine((list) => list.length <= maxHistoryEntries, { params: { code: 'tooManyEntries', max: maxHistoryEntries } }),
    })
    .strict();
}

/**
 * `POST /api/award-history`: an officer records awards (and disciplinary measures) a nominee
 * received before the system, so eligibility checks can count them. Entries already recorded
 * (same award, year and discipline) are not added twice, so an import can be re-run.
 */
export function importAwardHistoryHandler(deps: GatewayDeps) {
  return async (req: Request, res: Response) => {
    const parsed = awardHistoryRequestSchema(deps.now()).safeParse(req.body);
    if (!parsed.success) {
      const problems = fieldProblems(parsed.error, req.body);
      throw badRequest('validation_failed', { vi: problems.map((entry) => `${entry.field}: ${entry.message.vi}`).join(' '), en: summarize(problems) }, { fields: problems });
    }
    const { nominee, entries } = parsed.data;
    const problems = entries.flatMap((entry, index) => {
      const field = `entries.${index}.awardTypeId`;
      if (entry.awardTypeId === undefined) return entry.disciplined ? [] : [{ field, message: both('error.historyNeedsAward') }];
      const awardType = findAwardType(entry.awardTypeId);
      if (!awardType) return [{ field, message: both('error.unknownAwardType') }];
      return awardFits(awardType, nominee.kind) ? [] : [{ field, message: awardNotForKind(awardType) }];
    });
    const nomineeKey = nomineeKeyOf(nominee.kind, nominee.identifier);
    if (nomineeKey.length <= nominee.kind.length + 3) problems.push({ field: 'nominee.identifier', message: both('error.invalidIdentifier') });
    if (problems.length) throw unprocessable(problems);
    // All the new entries in one write: a failure stores none of them.
    const recorded = await deps.runtime.store.awardHistory.addUnrecorded(
      entries.map((entry) => ({
        nomineeKey,
        awardTypeId: entry.awardTypeId ?? null,
        year: entry.year,
        decisionDate: entry.decisionDate ? new Date(`${entry.decisionDate}T00:00:00Z`) : null,
        decisionNumber: entry.decisionNumber ?? null,
        disciplined: entry.disciplined === true,
        source: 'import' as const,
      })),
    );
    // A token's officer is named by the request's log already (officerOnly); open routes act as `api`.
    const byToken = tokenOfficer(req) !== undefined;
    req.log.info({ ...(byToken ? {} : { officer: officerOf(req) }), entries: entries.length, recorded }, 'award history imported');
    const history = await deps.runtime.store.awardHistory.listByNominee(nomineeKey);
    res.status(201).json({
      nomineeKey,
      recorded,
      alreadyRecorded: entries.length - recorded,
      history: history.map((entry) => ({
        awardTypeId: entry.awardTypeId,
        year: entry.year,
        decisionDate: entry.decisionDate?.toISOString().slice(0, 10) ?? null,
        decisionNumber: entry.decisionNumber,
        disciplined: entry.disciplined,
        source: entry.source,
      })),
    });
  };
}
