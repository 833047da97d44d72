import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ProblemException, SETTINGS } from '@roster/http';
import { ContactsSettings } from '../contacts.settings';
import { CustomFieldDefinition } from '../contacts/domain/custom-fields';
import { SetPlanDto, UpdateTenantDto } from './dto/update-tenant.dto';
import { MessagingPolicy } from '../messages/domain/messaging-policy';
import { Tenant } from './tenant.schema';
import { TenantsRepository } from './tenants.repository';


@Injectable()
export class TenantsService {
  constructor(
    private readonly tenants: TenantsRepository,
    @Inject(SETTINGS) private readonly settings: ContactsSettings,
  ) {}

  get(tenantId: string): Promise<Tenant> {
    return this.tenants.getOrCreate(tenantId, { planLimit: this.settings.CONTACTS_DEFAULT_PLAN_LIMIT });
  }

  async update(tenantId: string, dto: UpdateTenantDto | SetPlanDto): Promise<Tenant> {
    await this.get(tenantId);
    if ('customFields' in dto && dto.customFields) this.checkDefinitions(dto.customFields as CustomFieldDefinition[]);
    // A plan limit below the current count is allowed: new contacts are refused until it is back under.
    const updated = await this.tenants.findOneAndUpdate(tenantId, {}, { $set: dto });
    return updated!;
  }

  /** Replaces the tenant's messaging policy (the caller merges changes into the current one). */
  async setMessaging(tenantId: string, messaging: Partial<MessagingPolicy>): Promise<void> {
    await this.get(tenantId);
    await this.tenants.findOneAndUpdate(tenantId, {}, { $set: { messaging } });
  }

  async usage(tenantId: string): Promise<{ contacts: number; limit: number }> {
    const tenant = await this.get(tenantId);
    return { contacts: tenant.contactCount, limit: tenant.planLimit };
  }

  /**
   * Reserves up to `wanted` slots under the plan limit and returns how many were granted.
   * Compare-and-set on the counter: racing requests and bulk batches can never push it past the limit.
   */
  async reserve(tenantId: string, wanted: number): Promise<number> {
    if (wanted <= 0) return 0;
    for (let attempt = 0; attempt < 100; attempt++) {
      const tenant = await this.get(tenantId);
      const grant = Math.min(wanted, tenant.planLimit - tenant.contactCount);
      if (grant <= 0) return 0;
      if (await this.tenants.moveCounter(tenantId, tenant.contactCount, grant)) return grant;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
    }
    throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'plan-counter-busy', 'Too many concurrent writes for this tenant; retry.');
  }

  /** Gives back slots reserved for contacts that were not stored, or frees those of deleted contacts. */
  async release(tenantId: string, count: number): Promise<void> {
    if (count > 0) await this.tenants.addToCounter(tenantId, -count);
  }

  /** Contacts that come back (a merge undone) count again, even past the limit: they were stored before. */
  async restore(tenantId: string, count: number): Promise<void> {
    if (count > 0) await this.tenants.addToCounter(tenantId, count);
  }

  private checkDefinitions(definitions: CustomFieldDefinition[]): void {
    const keys = new Set<string>();
    for (const definition of definitions) {
      if (keys.has(definition.key)) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', `custom field ${definition.key} is defined twice`, {
          errors: [{ field: 'customFields', messages: [`duplicate key ${definition.key}`] }],
        });
      }
      keys.add(definition.key);
      if (definition.type === 'enum' && !(definition.options?.length)) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', `enum custom field ${definition.key} needs options`, {
          errors: [{ field: 'customFields', messages: [`${definition.key}: an enum needs at least one option`] }],
        });
      }
    }
  }
}
