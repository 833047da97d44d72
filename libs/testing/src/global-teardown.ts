/** Stops containers this run started; local-script infrastructure stays up for the next run. */
export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __rosterContainers?: Array<{ stop(): Promise<unknown> }> }).__rosterContainers ?? [];
  await Promise.all(started.map((container) => container.stop()));
}
