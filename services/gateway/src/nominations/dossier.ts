import { CatalogueError, dossierFor, recordedByProcedure, routeDay, type ResolvedLevel } from '@vinh-danh/domain';
import type { FieldProblem } from '../http/http-errors.ts';
import { t } from '../i18n/i18n.ts';

/** The route's levels as far as the dossier reads them: which councils, ballots and postings it has. */
type RouteLevels = ReadonlyArray<Pick<ResolvedLevel, 'id' | 'kind' | 'vote'>>;

/** One item of the award's dossier as the nomination holds it. */
export interface DossierEntry {
  id: string;
  labelVi: string;
  labelEn: string;
  required: boolean;
  /** `procedure`: recorded by the route itself (a council's tally, a posting's result); `unit`: a file of the unit's. */
  recordedBy: 'procedure' | 'unit';
  /** The nomination's files given as this item. */
  attachmentIds: string[];
}

/** What the dossier holds, kept in the nomination's details for the reviewers. */
export interface DossierRecord {
  items: DossierEntry[];
  /** Required items the unit provides that no file was given as: the review returns the dossier for them. */
  missing: string[];
  /** Files given as no item. */
  untagged: string[];
}

/** A file of the submission and the dossier item it is given as, if any. */
export interface DossierFile {
  attachmentId: string;
  /** Its name, for the message when its item is not the award's. */
  filename: string;
  item?: string | undefined;
  /** Where a problem with its item is named: `attachments.0.item` in the API, the file's choice in the form. */
  field: string;
}

/**
 * The award's dossier on this route, in the version in force `now` (as the route is): each item,
 * and whether the unit or the procedure provides it.
 */
export function dossierItemsOf(awardTypeId: string, simplified: boolean, route: RouteLevels, now: Date): Array<Omit<DossierEntry, 'attachmentIds'>> {
  return dossierFor(awardTypeId, { simplified, at: routeDay(now) }).map((item) => ({ ...item, recordedBy: recordedByProcedure(item.id, route) ? 'procedure' : 'unit' }));
}

/**
 * Sorts the submission's files into the award's dossier (Decree 98/2023: hồ sơ đề nghị khen
 * thưởng). A file given as an item the award's dossier does not have is refused (422 naming the
 * file and the items it may be); required items no file was given as are recorded as missing,
 * not refused: the reviewing office returns the dossier for them, as it does on paper.
 */
export function sortDossier(
  awardTypeId: string,
  simplified: boolean,
  route: RouteLevels,
  files: readonly DossierFile[],
  now: Date,
): { ok: true; record: DossierRecord } | { ok: false; problems: FieldProblem[] } {
  let items: ReturnType<typeof dossierItemsOf>;
  try {
    items = dossierItemsOf(awardTypeId, simplified, route, now);
  } catch (error) {
    // No dossier in force for the award today: said, as a route that cannot be resolved is.
    if (!(error instanceof CatalogueError)) throw error;
    return { ok: false, problems: [{ field: 'awardTypeId', message: { vi: error.message, en: error.message } }] };
  }
  const known = new Set(items.map((item) => item.id));
  const problems: FieldProblem[] = files
    .filter((file) => file.item !== undefined && !known.has(file.item))
    .map((file) => ({
      field: file.field,
      message: {
        vi: `“${file.filename}”: ${t('vi', 'error.notDossierItem', { items: items.map((item) => `${item.id} (${item.labelVi})`).join(', ') })}`,
        en: `“${file.filename}”: ${t('en', 'error.notDossierItem', { items: items.map((item) => `${item.id} (${item.labelEn})`).join(', ') })}`,
      },
    }));
  if (problems.length) return { ok: false, problems };
  const entries = items.map((item) => ({ ...item, attachmentIds: files.filter((file) => file.item === item.id).map((file) => file.attachmentId) }));
  return {
    ok: true,
    record: {
      items: entries,
      missing: entries.filter((entry) => entry.required && entry.recordedBy === 'unit' && entry.attachmentIds.length === 0).map((entry) => entry.id),
      untagged: files.filter((file) => file.item === undefined).map((file) => file.attachmentId),
    },
  };
}
