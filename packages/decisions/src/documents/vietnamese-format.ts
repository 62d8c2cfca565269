/**
 * How numbers, amounts and dates are written in Vietnamese administrative documents
 * (Nghị định 30/2020/NĐ-CP về công tác văn thư, Phụ lục I): thousands grouped with dots,
 * decimals with a comma, and the place-and-date line "Bắc Giang, ngày 05 tháng 02 năm 2025".
 */

/** `2340000` → `2.340.000`. Whole numbers only; the amounts are whole VND. */
export function formatThousands(value: number): string {
  const digits = String(Math.trunc(Math.abs(value)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return value < 0 ? `-${grouped}` : grouped;
}

/** `3510000` → `3.510.000 đồng`. */
export function formatVnd(amountVnd: number): string {
  return `${formatThousands(amountVnd)} đồng`;
}

/** A multiplier with a decimal comma and at least one decimal: `1.5` → `1,5`, `3` → `3,0`. */
export function formatMultiplier(multiplier: number): string {
  const [whole, fraction = '0'] = String(multiplier).split('.');
  return `${whole},${fraction}`;
}

/** The parts of a `YYYY-MM-DD` day. */
export function dayParts(isoDay: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!match) throw new RangeError(`expected YYYY-MM-DD, got "${isoDay}"`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/**
 * `ngày 05 tháng 02 năm 2025`: the day below 10 and the months January and February take a
 * leading zero, as Nghị định 30/2020/NĐ-CP asks (so no digit can be added in front later).
 */
export function dateWords(isoDay: string): string {
  const { year, month, day } = dayParts(isoDay);
  const dayText = day < 10 ? `0${day}` : String(day);
  const monthText = month <= 2 ? `0${month}` : String(month);
  return `ngày ${dayText} tháng ${monthText} năm ${year}`;
}

/** `Bắc Giang, ngày 10 tháng 3 năm 2025`. */
export function placeAndDate(place: string, isoDay: string): string {
  return `${place}, ${dateWords(isoDay)}`;
}

/** Upper case as Vietnamese headings are set; JavaScript maps every Vietnamese letter (ệ → Ệ, đ → Đ). */
export function upper(text: string): string {
  return text.toLocaleUpperCase('vi');
}
