/**
 * Text people type (names, comments, reasons, evidence), as the procedures and the gateway both
 * judge it: text in which nothing shows is no text. A name of zero-width spaces, a BOM or a lone
 * combining mark would otherwise pass as given.
 */

/** A character that shows: not a space, not an invisible format character (zero-width space, BOM…), not a lone combining mark. */
const visibleCharacter = /[^\s\p{Cf}\p{M}]/u;

/** Typed text as kept: NFC, trimmed, and empty when nothing in it shows. */
export function typedText(raw: string): string {
  const text = raw.normalize('NFC').trim();
  return visibleCharacter.test(text) ? text : '';
}

/** Whether `value` is a string in which something shows. */
export const showsText = (value: unknown): value is string => typeof value === 'string' && visibleCharacter.test(value);
