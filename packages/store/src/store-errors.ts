/**
 * Rows of a whole-store copy that the target cannot take: a table or column it does not know,
 * a value of the wrong kind, or a constraint the rows break. Nothing of the failing batch is kept.
 */
export class StoreImportError extends Error {
  override readonly name = 'StoreImportError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
