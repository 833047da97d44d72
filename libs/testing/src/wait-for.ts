/** Polls until `probe` returns a value other than undefined, or fails naming what it waited for. */
export async function waitFor<T>(what: string | (() => string), probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, pollMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
