import { signToken } from './auth';

/** The other service answered, but refused: retrying the same request would not help. */
export class ServiceRefusal extends Error {
  constructor(readonly status: number, detail: string) {
    super(detail);
  }
}

export interface ServiceClientOptions {
  /** `http(s)://host[:port]` of the other service. */
  baseUrl: string;
  /** The shared JWT secret: calls carry a short-lived admin token of the tenant they act for. */
  secret: string;
  /** Who calls, as the token's subject (`roster-imports`). */
  subject: string;
  retries?: number;
  timeoutMs?: number;
}

/**
 * Another Roster service's HTTP API, called on behalf of a tenant. Network failures, 5xx and 429 are
 * retried with backoff; a refusal (other 4xx) is thrown at once as ServiceRefusal.
 */
export class ServiceClient {
  constructor(private readonly options: ServiceClientOptions) {}

  async call<T>(tenantId: string, method: string, path: string, body?: unknown, correlationId?: string): Promise<T> {
    const { baseUrl, secret, subject, retries = 4, timeoutMs = 120_000 } = this.options;
    const headers: Record<string, string> = {
      authorization: `Bearer ${signToken(secret, { tenantId, role: 'admin', subject, service: true }, 300)}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (correlationId) headers['x-correlation-id'] = correlationId;
    let lastError: Error = new Error('no attempt made');
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        lastError = new Error(`${baseUrl} unreachable: ${(error as Error).message}`);
        continue;
      }
      if (response.ok) return (await response.json()) as T;
      const problem = (await response.json().catch(() => ({}))) as { detail?: string };
      const detail = `${baseUrl} answered ${response.status} to ${method} ${path}: ${problem.detail ?? response.statusText}`;
      if (response.status < 500 && response.status !== 429) throw new ServiceRefusal(response.status, detail);
      lastError = new Error(detail);
    }
    throw lastError;
  }
}
