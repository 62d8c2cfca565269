import { dayKeyOf, firstCheckablePeriod, normaliseIdentifier, webAddress } from '@vinh-danh/domain';
import { z } from 'zod';
import { isCleanText, typedText } from '../http/body-safety.ts';
import type { FieldProblem } from '../http/http-errors.ts';
import { both, type MessageKey } from '../i18n/i18n.ts';

/** Limits of the nomination's text fields, in characters after trimming. */
export const textLimits = { name: 200, position: 1000, summary: 5000, contactName: 200, email: 254, id: 100, identifier: 50, reason: 2000 } as const;

/** The earliest award year: the first the catalogue's eligibility rules can judge. */
export const firstYear = firstCheckablePeriod();
/** The latest award year accepted: next year in Vietnam, for nominations prepared in advance. */
export const lastYear = (now: Date) => Number(dayKeyOf(now.getTime()).slice(0, 4)) + 1;

/**
 * Typed text ({@link typedText}: NFC, as Vietnamese typed on some systems arrives decomposed;
 * trimmed; blank when nothing in it shows) of 1..max characters with no control characters
 * (a NUL could not even be stored).
 */
export const cleanText = (max: number) =>
  z
    .string()
    .transform(typedText)
    .pipe(z.string().min(1).max(max).refine(isCleanText, { params: { code: 'badCharacters' } }));

/**
 * A nominee's name: typed text without a web address. It goes into the subjects and bodies of
 * the system's own mails to officials, where one would be a link under the system's name.
 * The search takes time growing with the square of the text's length, so it reads only a name
 * within its limit: zod runs a refinement even after the length check failed, and a body of
 * 100 KB in one name held the process for seconds.
 */
const nameText = (max: number) =>
  cleanText(max).refine((value) => value.length > max || !webAddress.test(value), { params: { code: 'webAddressInName' } });

/** The id of a directory entry or catalogue item (a unit, an award type), as a form's choice sends it. */
export const idText = () => cleanText(textLimits.id);

/** Optional text: absent, null or blank (nothing in it shows) means "not given". */
const optionalText = (max: number) =>
  z.preprocess((value) => (value === null || (typeof value === 'string' && typedText(value) === '') ? undefined : value), cleanText(max).optional());

const attachmentSchema = z
  .object({
    filename: z.string().min(1).max(255).refine(isCleanText, { params: { code: 'badCharacters' } }),
    contentType: z.string().min(1).max(100).refine(isCleanText, { params: { code: 'badCharacters' } }),
    contentBase64: z.string().min(1),
    /** The dossier item the file is (a `dossierFor` id of the award: `toTrinh`, `baoCaoThanhTich`, …). */
    item: z.string().trim().min(1).max(textLimits.id).optional(),
  })
  .strict();

/** The largest headcount a unit's figures may give. */
export const maxHeadcount = 1_000_000;

/** Titles whose holders a unit's figures count: those the catalogue's share rules read. */
export const countedTitles = ['lao-dong-tien-tien', 'chien-si-thi-dua-co-so'] as const;

const wholeNumber = (min: number) => z.number().int().min(min).max(maxHeadcount);

/**
 * A unit's figures for the period, for the share rules (a capped share of the unit, a share of
 * members holding a title): of the proposing unit for an individual's title, of the nominated
 * collective for a collective's. Holders of a title are at most the headcount.
 */
const unitFiguresSchema = z
  .object({
    headcount: wholeNumber(1),
    memberTitles: z.object(Object.fromEntries(countedTitles.map((id) => [id, wholeNumber(0).optional()])) as Record<(typeof countedTitles)[number], z.ZodOptional<z.ZodNumber>>).strict().optional(),
  })
  .strict()
  .superRefine((figures, context) => {
    for (const [id, count] of Object.entries(figures.memberTitles ?? {})) {
      if (count !== undefined && count > figures.headcount) {
        context.addIssue({ code: 'custom', path: ['memberTitles', id], params: { code: 'titleHoldersOverHeadcount', headcount: figures.headcount } });
      }
    }
  });

/** The JSON body of `POST /api/nominations`; the web form is mapped onto the same shape. */
export function nominationRequestSchema(options: { now: Date; maxAttachments: number }) {
  const maxYear = lastYear(options.now);
  return z
    .object({
      nominee: z
        .object({
          kind: z.enum(['individual', 'collective']),
          name: nameText(textLimits.name),
          position: optionalText(textLimits.position),
          // Citizen id (CCCD) or staff code of a person, unit code of a collective: award histories follow it.
          identifier: cleanText(textLimits.identifier).refine((value) => normaliseIdentifier(value).length >= 3, { params: { code: 'invalidIdentifier' } }),
        })
        .strict(),
      unitId: idText(),
      awardTypeId: idText(),
      period: z
        .string()
        .trim()
        .refine((year) => /^\d{4}$/.test(year) && Number(year) >= firstYear && Number(year) <= maxYear, {
          params: { code: 'invalidYear', min: firstYear, max: maxYear },
        }),
      achievementSummary: cleanText(textLimits.summary),
      contact: z
        .object({
          name: cleanText(textLimits.contactName),
          email: z.string().trim().max(textLimits.email).pipe(z.email()),
        })
        .strict(),
      attachments: z.array(attachmentSchema).max(options.maxAttachments).optional(),
      /** The simplified procedure (thủ tục đơn giản) for an ad-hoc (đột xuất) achievement. */
      simplified: z.boolean().optional(),
      /** The unit's figures, for the share rules; without them those rules are left to the reviewers. */
      unitFigures: unitFiguresSchema.optional(),
      /** An officer accepts a nomination the eligibility check refused, saying why. */
      eligibilityOverride: z
        .object({
          by: z.string().trim().max(textLimits.email).pipe(z.email()),
          reason: cleanText(textLimits.reason),
        })
        .strict()
        .optional(),
    })
    .strict();
}

export type NominationRequest = z.infer<ReturnType<typeof nominationRequestSchema>>;

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), root);

const problem = (field: string, key: MessageKey, params?: Record<string, string | number>): FieldProblem => ({
  field,
  message: both(key, params),
});

const choiceFields = new Set(['nominee.kind', 'unitId', 'awardTypeId']);

/** Turns zod's issues into one clear problem per field, named by its path in the JSON body. */
export function fieldProblems(error: z.ZodError, input: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    // A body of the wrong shape altogether (an array, a string) is named as the body.
    const field = path || '(body)';
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) problems.push(problem(path ? `${path}.${key}` : key, 'error.unknownField'));
        break;
      case 'invalid_type': {
        const value = valueAt(input, issue.path);
        if (value === undefined || value === null) problems.push(problem(field, 'error.required'));
        else problems.push(problem(field, issue.expected === 'string' ? 'error.notText' : issue.expected === 'boolean' ? 'error.notBoolean' : issue.expected === 'number' || issue.expected === 'int' ? 'error.notWholeNumber' : 'error.invalidType'));
        break;
      }
      case 'too_small':
        problems.push(issue.origin === 'number' ? problem(field, 'error.numberTooSmall', { min: Number(issue.minimum) }) : problem(field, 'error.required'));
        break;
      case 'too_big':
        // Lists with a bound of their own say what they hold (a custom check); files are what lists hold in forms.
        if (issue.origin === 'array') problems.push(problem(field, 'error.tooManyFiles', { max: Number(issue.maximum) }));
        else if (issue.origin === 'number') problems.push(problem(field, 'error.numberTooLarge', { max: Number(issue.maximum) }));
        else problems.push(problem(field, 'error.tooLong', { max: Number(issue.maximum) }));
        break;
      case 'invalid_format':
        problems.push(problem(field, issue.format === 'email' ? 'error.invalidEmail' : 'error.invalidType'));
        break;
      case 'invalid_value':
        problems.push(problem(field, 'error.invalidChoice'));
        break;
      case 'custom': {
        const { code, ...params } = (issue.params ?? {}) as { code?: string } & Record<string, string | number>;
        problems.push(problem(field, `error.${code ?? 'invalidType'}` as MessageKey, params));
        break;
      }
      default:
        problems.push(problem(field, 'error.invalidType'));
    }
  }
  // A choice left unmade reads better as "choose one" than as "enter this".
  for (const entry of problems) {
    if (choiceFields.has(entry.field) && entry.message.en === both('error.required').en) entry.message = both('error.invalidChoice');
  }
  // One message per field: the first is the one to fix first.
  return problems.filter((entry, index) => problems.findIndex((other) => other.field === entry.field) === index);
}

/** A one-line English summary for the JSON API: `nominee.name: Enter this information.; …`. */
export const summarize = (problems: readonly FieldProblem[]) =>
  problems.map((entry) => `${entry.field}: ${entry.message.en}`).join(' ');

/**
 * The schema for a latest year and attachment limit, built once: zod compiles a schema on its
 * first parse, which costs milliseconds, so building one per request capped the gateway's
 * throughput (npm run bench:gateway). Keys change once a year; a handful at most are kept.
 */
const schemas = new Map<string, ReturnType<typeof nominationRequestSchema>>();
function schemaFor(options: { now: Date; maxAttachments: number }) {
  const key = `${lastYear(options.now)}/${options.maxAttachments}`;
  let schema = schemas.get(key);
  if (!schema) {
    if (schemas.size >= 8) schemas.clear();
    schema = nominationRequestSchema(options);
    schemas.set(key, schema);
  }
  return schema;
}

/** Validates a request body; returns the request or the problems. */
export function parseNominationRequest(
  input: unknown,
  options: { now: Date; maxAttachments: number },
): { ok: true; request: NominationRequest } | { ok: false; problems: FieldProblem[] } {
  const parsed = schemaFor(options).safeParse(input);
  return parsed.success ? { ok: true, request: parsed.data } : { ok: false, problems: fieldProblems(parsed.error, input) };
}
