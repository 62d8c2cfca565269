/**
 * How the demo's simulated people answer a page: approvers move the nomination forward, council
 * members vote yes, cluster members sign, assess and score within each criterion's scale, and
 * vote, mostly for the best-ranked candidate (the ballot lists them by rank), now and then for
 * another. Every choice is drawn from a generator seeded by
 * the person and the field, so a replay with the same seed makes the same choices.
 */
import type { Answers } from './page-forms.ts';

/** The positive action of each kind of task, in the order they are looked for among a group's values. */
const PREFERRED = ['sign', 'forward', 'approve', 'yes', 'resubmit', 'consolidate'];

/** FNV-1a: a stable 32-bit seed from text. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/** A number in [0, 1) fixed by `seed` and `key` (mulberry32, one step). */
export function draw(seed: number, key: string): number {
  let value = (hash(key) + seed + 0x6d2b79f5) >>> 0;
  value = Math.imul(value ^ (value >>> 15), value | 1);
  value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
  return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
}

/** What a field asks for, by its name, when the person must write something. */
function textFor(name: string): string {
  if (/reason|lydo|ly-do/i.test(name)) return 'Đã quá hạn ký; các thành viên còn lại đồng ý tiếp tục.';
  if (/evidence|minh-?chung/i.test(name)) return 'bao-cao-tong-ket-nam.pdf';
  return 'Nhất trí.';
}

/**
 * The answers of `person`. A score falls in the upper part of its scale, drawn per person and
 * field; a ballot goes to the round's first (best-ranked) candidate four times in five, else to
 * one drawn from them all.
 */
export function demoAnswers(person: string, seed: number): Answers {
  return {
    choose(name, values) {
      const preferred = PREFERRED.find((value) => values.includes(value));
      if (preferred) return preferred;
      if (values.length === 0) return undefined;
      const key = `${person}|${name}|${values.join(',')}`;
      if (name === 'choice' && draw(seed, `${key}|ranked`) < 0.8) return values[0];
      return values[Math.floor(draw(seed, key) * values.length)];
    },
    number(name, { min, max, step }) {
      const low = min ?? 0;
      const high = max ?? low + 10;
      const unit = step && step > 0 ? step : 1;
      const slots = Math.floor((high - low) / unit);
      // Mostly the upper part of the scale, as real assessments are.
      const share = 0.55 + 0.45 * draw(seed, `${person}|${name}`);
      return Math.min(high, low + Math.round(share * slots) * unit);
    },
    text(name, current) {
      return current.trim() !== '' ? current : textFor(name);
    },
    tick() {
      return true;
    },
  };
}
