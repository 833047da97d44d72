/**
 * Whether a write failed on a unique index: MongoDB's code 11000, or the local FerretDB's internal
 * error for the same constraint on an update (see deploy/local/README.md).
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: number; message?: string };
  return code === 11000 || (code === 1 && typeof message === 'string' && message.includes('UNIQUE constraint failed'));
}
