import { PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';

export interface LogContext {
  tenantId?: string;
  correlationId?: string;
  [key: string]: unknown;
}

/**
 * Runs work that no HTTP request carries (an event handler, a queued job) with its tenant and
 * correlation id on every log line it writes, as HTTP handlers have them from the request.
 */
export function withLogContext<T>(context: LogContext, work: () => Promise<T>): Promise<T> {
  const root = PinoLogger.root as PinoLogger['logger'] | undefined;
  if (!root) return work();
  return storage.run(new Store(root.child(context)), work);
}
