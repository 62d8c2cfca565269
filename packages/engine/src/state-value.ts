import type { StateValue } from 'xstate';

/** `{ review: 'pending' }` → `review.pending`; parallel regions are joined with `,`. */
export function stateValueToString(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => (child === undefined || (typeof child === 'object' && Object.keys(child).length === 0) ? key : `${key}.${stateValueToString(child)}`))
    .join(',');
}
