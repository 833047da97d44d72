import { Inject, Injectable } from '@nestjs/common';
import { BulkUpsertRequest, BulkUpsertResponse, ContactsBulkApi } from '@roster/contracts';
import { SETTINGS, ServiceClient, ServiceRefusal } from '@roster/http';
import { CustomFieldRef } from '../mapping/domain/column-mapper';
import { ImportsSettings } from '../imports.settings';

export interface TenantProfile {
  defaultCountry: string | null;
  customFields: Array<CustomFieldRef & { type: string }>;
  importConsentRequired?: boolean;
}

export interface TenantUsage {
  contacts: number;
  limit: number;
}

/**
 * The contacts service's HTTP API, called as the tenant's own import service. Network failures,
 * 5xx and 429 are retried with backoff; what still fails is thrown for the job to retry later.
 */
@Injectable()
export class ContactsClient {
  private readonly client: ServiceClient;

  constructor(@Inject(SETTINGS) settings: ImportsSettings) {
    this.client = new ServiceClient({ baseUrl: settings.CONTACTS_URL, secret: settings.AUTH_JWT_SECRET, subject: 'roster-imports' });
  }

  tenant(tenantId: string): Promise<TenantProfile> {
    return this.client.call(tenantId, 'GET', '/v1/tenant');
  }

  usage(tenantId: string): Promise<TenantUsage> {
    return this.client.call(tenantId, 'GET', '/v1/tenant/usage');
  }

  async listExists(tenantId: string, listId: string): Promise<boolean> {
    try {
      await this.client.call(tenantId, 'GET', `/v1/lists/${encodeURIComponent(listId)}`);
      return true;
    } catch (error) {
      if (error instanceof ServiceRefusal && (error.status === 404 || error.status === 400)) return false;
      throw error;
    }
  }

  upsert(tenantId: string, request: BulkUpsertRequest, correlationId?: string): Promise<BulkUpsertResponse> {
    return this.client.call(tenantId, 'POST', ContactsBulkApi.upsertPath, request, correlationId);
  }

  preview(tenantId: string, request: BulkUpsertRequest, correlationId?: string): Promise<BulkUpsertResponse> {
    return this.client.call(tenantId, 'POST', ContactsBulkApi.previewPath, request, correlationId);
  }
}
