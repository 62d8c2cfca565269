/**
 * Tracking codes (`VD-XXXX-XXXX-XXXX`) by which a submitter follows a nomination: 60 random bits
 * in Crockford's base32 without I, L, O, U, so nothing is misread when a code is read out or
 * typed, and a code cannot be guessed to find someone else's nomination.
 */

const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const trackingCodePattern = /^VD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A new random code; Web Crypto's generator, so the domain needs no Node module. */
export function newTrackingCode(): string {
  const chars = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(12)), (byte) => codeAlphabet[byte & 31]).join('');
  return `VD-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}
