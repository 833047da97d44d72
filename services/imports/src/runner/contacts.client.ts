import { Inject, Injectable } from '@nestjs/common';
import { BulkUpsertRequest, BulkUpsertResponse, ContactsBulkApi } from '@roster/contracts';
import { SETTINGS, signToken } from '@roster/http';
import { CustomFieldRef } from '../mapping/domain/column-mapper';
import { ImportsSettings } from '../imports.settings';

export interface TenantProfile {
  defaultCountry: string | null;
  customFields: Array<CustomFieldRef & { type: string }>;
}

export interface TenantUsage {
  contacts: number;
  limit: number;
}

/** The contacts service answered, but refused: retrying the same request would not help. */
export class ContactsRefusal extends Error {
  constructor(readonly status: number, detail: string) {
    super(detail);
  }
}

const RETRIES = 4;

/**
 * The contacts service's HTTP API, called as the tenant's own import service. Network failures,
 * 5xx and 429 are retried with backoff; what still fails is thrown for the job to retry later.
 */
@Injectable()
export class ContactsClient {
  constructor(@Inject(SETTINGS) private readonly settings: ImportsSettings) {}

  tenant(tenantId: string): Promise<TenantProfile> {
    return this.call(tenantId, 'GET', '/v1/tenant');
  }

  usage(tenantId: string): Promise<TenantUsage> {
    return this.call(tenantId, 'GET', '/v1/tenant/usage');
  }

  async listExists(tenantId: string, listId: string): Promise<boolean> {
    try {
      await this.call(tenantId, 'GET', `/v1/lists/${encodeURIComponent(listId)}`);
      return true;
    } catch (error) {
      if (error instanceof ContactsRefusal && (error.status === 404 || error.status === 400)) return false;
      throw error;
    }
  }

  upsert(tenantId: string, request: BulkUpsertRequest, correlationId?: string): Promise<BulkUpsertResponse> {
    return this.call(tenantId, 'POST', ContactsBulkApi.upsertPath, request, correlationId);
  }

  preview(tenantId: string, request: BulkUpsertRequest, correlationId?: string): Promise<BulkUpsertResponse> {
    return this.call(tenantId, 'POST', ContactsBulkApi.previewPath, request, correlationId);
  }

  private async call<T>(tenantId: string, method: string, path: string, body?: unknown, correlationId?: string): Promise<T> {
    const token = signToken(this.settings.AUTH_JWT_SECRET, { tenantId, role: 'admin', subject: 'roster-imports' }, 300);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (correlationId) headers['x-correlation-id'] = correlationId;
    let lastError: Error = new Error('no attempt made');
    for (let attempt = 0; attempt <= RETRIES; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      let response: Response;
      try {
        response = await fetch(`${this.settings.CONTACTS_URL}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(120_000) });
      } catch (error) {
        lastError = new Error(`contacts service unreachable: ${(error as Error).message}`);
        continue;
      }
      if (response.ok) return (await response.json()) as T;
      const problem = (await response.json().catch(() => ({}))) as { detail?: string };
      const detail = `contacts service answered ${response.status} to ${method} ${path}: ${problem.detail ?? response.statusText}`;
      if (response.status < 500 && response.status !== 429) throw new ContactsRefusal(response.status, detail);
      lastError = new Error(detail);
    }
    throw lastError;
  }
}
