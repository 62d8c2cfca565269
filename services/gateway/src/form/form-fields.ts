import type { FormFields } from '../http/form-body.ts';
import type { FieldProblem } from '../http/http-errors.ts';
import type { MessageKey } from '../i18n/i18n.ts';

/** The nomination form's inputs: flat names in the page, a path each in the JSON request. */
export const formFields = {
  nomineeKind: { path: 'nominee.kind', label: 'form.nomineeKind' },
  nomineeName: { path: 'nominee.name', label: 'form.nomineeName' },
  nomineePosition: { path: 'nominee.position', label: 'form.nomineePosition' },
  nomineeIdentifier: { path: 'nominee.identifier', label: 'form.nomineeIdentifier' },
  unitId: { path: 'unitId', label: 'form.unitId' },
  awardTypeId: { path: 'awardTypeId', label: 'form.awardTypeId' },
  simplified: { path: 'simplified', label: 'form.simplified' },
  period: { path: 'period', label: 'form.period' },
  achievementSummary: { path: 'achievementSummary', label: 'form.achievementSummary' },
  headcount: { path: 'unitFigures.headcount', label: 'form.headcount' },
  laoDongTienTien: { path: 'unitFigures.memberTitles.lao-dong-tien-tien', label: 'form.laoDongTienTien' },
  chienSiThiDuaCoSo: { path: 'unitFigures.memberTitles.chien-si-thi-dua-co-so', label: 'form.chienSiThiDuaCoSo' },
  contactName: { path: 'contact.name', label: 'form.contactName' },
  contactEmail: { path: 'contact.email', label: 'form.contactEmail' },
  overrideBy: { path: 'eligibilityOverride.by', label: 'form.overrideBy' },
  overrideReason: { path: 'eligibilityOverride.reason', label: 'form.overrideReason' },
} as const satisfies Record<string, { path: string; label: MessageKey }>;

export type FormFieldName = keyof typeof formFields;
export type FormValues = Record<FormFieldName, string>;

export const formFieldNames = Object.keys(formFields) as FormFieldName[];

/** Where the eligibility check's refusals are shown: the officer's override section. */
export const eligibilityInputId = 'eligibility';

/** The id of the input a request path is shown at; files at the file input, eligibility at the override section, a share rule at the headcount. */
export function inputIdOf(path: string): FormFieldName | 'attachments' | typeof eligibilityInputId {
  if (path.startsWith('attachments')) return 'attachments';
  if (path === 'unitFigures' || path === 'unitFigures.memberTitles') return 'headcount';
  if (path === 'eligibility') return eligibilityInputId;
  if (path === 'eligibilityOverride') return 'overrideReason';
  return formFieldNames.find((name) => formFields[name].path === path) ?? 'nomineeName';
}

export const emptyValues = (): FormValues => Object.fromEntries(formFieldNames.map((name) => [name, ''])) as FormValues;

/** The form's values as typed; a missing field is blank. */
export function valuesFrom(fields: FormFields): FormValues {
  return Object.fromEntries(formFieldNames.map((name) => [name, fields.get(name) ?? ''])) as FormValues;
}

/** A count as typed: digits become a number; anything else stays text, for the check to name it. */
const countOf = (value: string): number | string | undefined => {
  const typed = value.trim();
  if (!typed) return undefined;
  return /^\d{1,9}$/.test(typed) ? Number(typed) : typed;
};

/** The unit's figures, when any of them is typed: the headcount then is needed. */
function unitFiguresFrom(values: FormValues): Record<string, unknown> | undefined {
  const [headcount, laoDongTienTien, chienSiThiDuaCoSo] = [values.headcount, values.laoDongTienTien, values.chienSiThiDuaCoSo].map(countOf);
  if (headcount === undefined && laoDongTienTien === undefined && chienSiThiDuaCoSo === undefined) return undefined;
  const memberTitles = {
    ...(laoDongTienTien !== undefined ? { 'lao-dong-tien-tien': laoDongTienTien } : {}),
    ...(chienSiThiDuaCoSo !== undefined ? { 'chien-si-thi-dua-co-so': chienSiThiDuaCoSo } : {}),
  };
  return { headcount, ...(Object.keys(memberTitles).length ? { memberTitles } : {}) };
}

/** The JSON request the form stands for; blank optional fields are left out, blank required ones stay to be reported. */
export function requestFromValues(values: FormValues): Record<string, unknown> {
  const override = values.overrideBy.trim() || values.overrideReason.trim();
  const unitFigures = unitFiguresFrom(values);
  return {
    nominee: {
      kind: values.nomineeKind || undefined,
      name: values.nomineeName,
      ...(values.nomineePosition.trim() ? { position: values.nomineePosition } : {}),
      identifier: values.nomineeIdentifier,
    },
    unitId: values.unitId || undefined,
    awardTypeId: values.awardTypeId || undefined,
    period: values.period,
    achievementSummary: values.achievementSummary,
    contact: { name: values.contactName, email: values.contactEmail },
    // A checkbox sends its value only when ticked.
    ...(values.simplified === 'yes' ? { simplified: true } : {}),
    ...(unitFigures ? { unitFigures } : {}),
    ...(override ? { eligibilityOverride: { by: values.overrideBy, reason: values.overrideReason } } : {}),
  };
}

/** Problems keyed by the input they belong to, the first per input. */
export function problemsByInput(problems: readonly FieldProblem[]): Map<string, FieldProblem> {
  const byInput = new Map<string, FieldProblem>();
  for (const entry of problems) {
    const id = inputIdOf(entry.field);
    if (!byInput.has(id)) byInput.set(id, entry);
  }
  return byInput;
}
