import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { UnknownUnitError } from './organisation-errors.ts';
import { organisation2025 } from './province-merger-2025.ts';
import { rollUp, type FigureEntry } from './roll-up.ts';

const units = organisation2025;

/** 2025 commendation figures of three provinces, half-year by half-year (illustrative numbers). */
const entries: FigureEntry[] = [
  { unitId: 'ubnd-tinh-bac-giang', date: '2025-03-10', figures: { decisions: 12, rewardVnd: 23_500_000 } },
  { unitId: 'ubnd-tinh-bac-giang', date: '2025-06-30', figures: { decisions: 3, rewardVnd: 7_020_000 } },
  { unitId: 'ubnd-tinh-bac-ninh', date: '2025-05-05', figures: { decisions: 9, rewardVnd: 21_060_000 } },
  { unitId: 'ubnd-tinh-bac-ninh', date: '2025-09-01', figures: { decisions: 4, rewardVnd: 9_360_000 } },
  { unitId: 'ubnd-tinh-bac-kan', date: '2025-04-01', figures: { decisions: 2 } },
  { unitId: 'ubnd-tinh-thai-nguyen', date: '2025-11-20', figures: { decisions: 6 } },
  { unitId: 'ubnd-huyen-yen-dung', date: '2025-02-14', figures: { decisions: 1 } },
];

const rowOf = (report: ReturnType<typeof rollUp>, unitId: string) => report.rows.find((row) => row.unitId === unitId);

describe('organisation: rollUp across the merger', () => {
  it('when reported on the last day of the old map, then each province stands alone', () => {
    const report = rollUp(entries, units, { to: '2025-06-30' });
    assert.deepEqual(report.rows.map((row) => row.unitId), [
      'ubnd-huyen-yen-dung', 'ubnd-tinh-bac-giang', 'ubnd-tinh-bac-kan', 'ubnd-tinh-bac-ninh',
    ]);
    assert.deepEqual(rowOf(report, 'ubnd-tinh-bac-giang')?.figures, { decisions: 15, rewardVnd: 30_520_000 });
    assert.deepEqual(report.totals, { decisions: 27, rewardVnd: 51_580_000 });
  });

  it('when reported at year end, then Bắc Giang’s figures count towards Bắc Ninh and the total is the plain sum', () => {
    const report = rollUp(entries, units, { from: '2025-01-01', to: '2025-12-31' });
    const bacNinh = rowOf(report, 'ubnd-tinh-bac-ninh')!;
    assert.deepEqual(bacNinh.figures, { decisions: 28, rewardVnd: 60_940_000 });
    assert.deepEqual(bacNinh.contributors, ['ubnd-tinh-bac-giang', 'ubnd-tinh-bac-ninh']);
    assert.equal(rowOf(report, 'ubnd-tinh-bac-giang'), undefined, 'no row for a ceased province with a successor');
    assert.deepEqual(rowOf(report, 'ubnd-tinh-thai-nguyen')?.figures, { decisions: 8 });
    // The district ended without a successor: it keeps its row, marked inactive.
    assert.deepEqual(rowOf(report, 'ubnd-huyen-yen-dung'), {
      unitId: 'ubnd-huyen-yen-dung', nameVi: 'Huyện Yên Dũng', nameEn: 'Yen Dung District', active: false,
      figures: { decisions: 1 }, contributors: ['ubnd-huyen-yen-dung'],
    });
    const plainSum = entries.reduce((sum, entry) => sum + (entry.figures.decisions ?? 0), 0);
    assert.equal(report.totals.decisions, plainSum);
    // Half-years add up to the year, whichever map each half was reported on.
    const firstHalf = rollUp(entries, units, { to: '2025-06-30' });
    const secondHalf = rollUp(entries, units, { from: '2025-07-01', to: '2025-12-31' });
    assert.equal((firstHalf.totals.decisions ?? 0) + (secondHalf.totals.decisions ?? 0), report.totals.decisions);
  });

  it('when an entry names an unknown unit or a figure is not a number, then the report refuses it', () => {
    assert.throws(() => rollUp([{ unitId: 'ubnd-tinh-atlantis', date: '2025-01-01', figures: { decisions: 1 } }], units, { to: '2025-12-31' }), UnknownUnitError);
    assert.throws(() => rollUp([{ unitId: 'ubnd-tinh-bac-kan', date: '2025-01-01', figures: { decisions: Number.NaN } }], units, { to: '2025-12-31' }), /decisions of ubnd-tinh-bac-kan/);
  });

  it('when any entries are reported on any day, then the rows add up to the entries in the period', () => {
    const unitIds = units.map((unit) => unit.unitId);
    const day = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
    const entry = fc.record({ unitId: fc.constantFrom(...unitIds), date: day, figures: fc.record({ decisions: fc.integer({ min: 0, max: 50 }) }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), day, (generated, to) => {
        const report = rollUp(generated, units, { to });
        const inPeriod = generated.filter((item) => item.date <= to);
        const expected = inPeriod.reduce((sum, item) => sum + item.figures.decisions, 0);
        const rowsSum = report.rows.reduce((sum, row) => sum + (row.figures.decisions ?? 0), 0);
        assert.equal(rowsSum, expected);
        assert.equal(report.totals.decisions ?? 0, expected);
        // After the merger date no row is a province that ceased into another.
        if (to >= '2025-07-01') assert.ok(report.rows.every((row) => row.active || row.unitId === 'ubnd-huyen-yen-dung'));
      }),
      { numRuns: 200 },
    );
  });
});
