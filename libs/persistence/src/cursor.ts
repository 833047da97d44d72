/** Opaque cursors for keyset pagination: the last item's sort key, base64url-encoded. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  try {
    const key = Buffer.from(cursor, 'base64url').toString('utf8');
    return key.length > 0 ? key : undefined;
  } catch {
    return undefined;
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
