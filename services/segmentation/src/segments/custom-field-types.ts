import { Inject, Injectable, Logger } from '@nestjs/common';
import { SETTINGS, ServiceClient } from '@roster/http';
import { CustomFieldTypes } from '../rules/domain/rule-validator';
import { SegmentationSettings } from '../segmentation.settings';

const FRESH_FOR_MS = 30_000;

/**
 * The tenant's custom field definitions, from the contacts service (which owns them), so a rule
 * can be checked against each field's type. Cached briefly; when the contacts service cannot be
 * reached, rules are checked without them (each value must still suit its operator).
 */
@Injectable()
export class CustomFieldTypesProvider {
  private readonly logger = new Logger(CustomFieldTypesProvider.name);
  private readonly client: ServiceClient;
  private readonly cache = new Map<string, { at: number; types: CustomFieldTypes }>();

  constructor(@Inject(SETTINGS) settings: SegmentationSettings) {
    this.client = new ServiceClient({ baseUrl: settings.CONTACTS_URL, secret: settings.AUTH_JWT_SECRET, subject: 'roster-segmentation', retries: 1, timeoutMs: 5_000 });
  }

  /** With `fresh`, the contacts service is asked even if a recent answer is cached. */
  async of(tenantId: string, fresh = false): Promise<CustomFieldTypes | undefined> {
    const cached = this.cache.get(tenantId);
    if (!fresh && cached && Date.now() - cached.at < FRESH_FOR_MS) return cached.types;
    try {
      const tenant = await this.client.call<{ customFields: Array<{ key: string; type: CustomFieldTypes[string] }> }>(tenantId, 'GET', '/v1/tenant');
      const types = Object.fromEntries(tenant.customFields.map((f) => [f.key, f.type]));
      this.cache.set(tenantId, { at: Date.now(), types });
      return types;
    } catch (error) {
      this.logger.warn(`custom field definitions of ${tenantId} unavailable, rules checked without them: ${(error as Error).message}`);
      return undefined;
    }
  }
}
