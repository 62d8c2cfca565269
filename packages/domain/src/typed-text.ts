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

/**
 * A web address as mail programs turn one into a link: a scheme (`https://`), `www.`, or a host
 * ending in a top-level domain links are made of (`site.vn`, `bit.ly`). Abbreviations with dots
 * and slashes of Vietnamese names (`TP.HCM`, `Q.1/Công an`, `PGS.TS`) end in none of those.
 * The search takes time growing with the square of the text's length: test bounded text only.
 */
export const webAddress = /[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|vn|io|co|me|xyz|app|dev|site|online|top|link|click|shop|store|live|asia|gov|edu|example|ru|cn|tk|ly|gl)\b/i;

/** Words longer than this are hidden whole when they may hold a web address (`:`, `.` or `/` in them): the search is not run on them. */
const longWord = 200;

/**
 * Typed text with every word that holds a web address replaced by `hidden`: for text someone
 * outside the system wrote (an objection) that the system's own mails quote to officials, where
 * a mail program would make the address a link under the system's name. Spacing is kept.
 */
export function withoutWebAddresses(text: string, hidden: string): string {
  return text.replace(/\S+/g, (word) => {
    if (word.length > longWord) return /[:./]/.test(word) ? hidden : word;
    // Punctuation ending a sentence or a clause stays after what hides the address.
    let end = word.length;
    while (end > 0 && '.,;:!?)]"\'»”’'.includes(word[end - 1]!)) end -= 1;
    const core = word.slice(0, end);
    return webAddress.test(core) ? `${hidden}${word.slice(end)}` : word;
  });
}
