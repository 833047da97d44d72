import { CustomFieldDefinition, CustomFieldValue, FieldError, validateCustomFields } from './custom-fields';
import { normalizePhone } from '@roster/phone';
import { Tag, normalizeTags } from './tags';

export const STANDARD_LEAD_SOURCES = ['ads', 'website', 'qr', 'form', 'chatbot', 'campaign', 'import', 'api'];

/** What a caller may give for a contact (after DTO validation of formats). */
export interface ContactInput {
  phone?: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  company?: string | null;
  language?: string | null;
  leadSource?: string | null;
  tags?: string[];
  status?: 'active' | 'inactive' | 'invalid' | 'blocked';
  location?: { country?: string | null; city?: string | null };
  birthDate?: string | null;
  customFields?: Record<string, unknown>;
  notes?: string | null;
}

export interface TenantRules {
  defaultCountry: string | null;
  requiredFields: string[];
  customFields: CustomFieldDefinition[];
  leadSources: string[];
}

/** The normalized, validated fields of a contact (without identity, consent, traits or versions). */
export interface ContactFields {
  phone: string;
  phoneType: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  company: string | null;
  language: string | null;
  leadSource: string | null;
  tags: Tag[];
  status: 'active' | 'inactive' | 'invalid' | 'blocked';
  location: { country: string | null; city: string | null };
  birthDate: string | null;
  customFields: Record<string, CustomFieldValue>;
  notes: string | null;
}

export type FieldsResult = { ok: true; fields: ContactFields } | { ok: false; errors: FieldError[] };

const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/**
 * Applies input to a contact's fields (or to nothing, for a new contact) under the tenant's rules:
 * phone parsed to E.164 with the default country, tags normalized, lead source and custom fields
 * checked, required fields present. Every failing field is reported, not only the first.
 */
export function resolveContactFields(input: ContactInput, tenant: TenantRules, current?: ContactFields, defaultCountry?: string | null): FieldsResult {
  const errors: FieldError[] = [];
  const next: ContactFields = current
    ? { ...current, location: { ...current.location }, customFields: { ...current.customFields } }
    : {
        phone: '',
        phoneType: null,
        firstName: null,
        lastName: null,
        email: null,
        company: null,
        language: null,
        leadSource: null,
        tags: [],
        status: 'active',
        location: { country: null, city: null },
        birthDate: null,
        customFields: {},
        notes: null,
      };

  if (input.phone !== undefined || !current) {
    const phone = normalizePhone(input.phone, defaultCountry ?? tenant.defaultCountry);
    if (phone.ok) {
      next.phone = phone.e164;
      next.phoneType = phone.type;
    } else {
      errors.push({ field: 'phone', messages: [phone.reason] });
    }
  }
  for (const key of ['firstName', 'lastName', 'company', 'language', 'birthDate', 'notes'] as const) {
    if (input[key] !== undefined) next[key] = clean(input[key]);
  }
  if (input.email !== undefined) next.email = clean(input.email)?.toLowerCase() ?? null;
  if (input.status !== undefined) next.status = input.status;
  if (input.tags !== undefined) next.tags = normalizeTags(input.tags);
  if (input.location !== undefined) {
    if (input.location.country !== undefined) next.location.country = clean(input.location.country)?.toUpperCase() ?? null;
    if (input.location.city !== undefined) next.location.city = clean(input.location.city);
  }
  if (input.leadSource !== undefined) {
    const source = clean(input.leadSource)?.toLowerCase() ?? null;
    if (source && !STANDARD_LEAD_SOURCES.includes(source) && !tenant.leadSources.includes(source)) {
      errors.push({ field: 'leadSource', messages: [`must be one of ${[...STANDARD_LEAD_SOURCES, ...tenant.leadSources].join(', ')}`] });
    } else {
      next.leadSource = source;
    }
  }
  if (input.customFields !== undefined) {
    const checked = validateCustomFields(tenant.customFields, input.customFields);
    if (checked.ok) {
      for (const [key, value] of Object.entries(checked.values)) {
        if (value === null) delete next.customFields[key];
        else next.customFields[key] = value;
      }
    } else {
      errors.push(...checked.errors);
    }
  }
  for (const field of tenant.requiredFields) {
    if (next[field as keyof ContactFields] === null) errors.push({ field, messages: ['is required by this tenant'] });
  }
  return errors.length ? { ok: false, errors } : { ok: true, fields: next };
}

const FIELD_NAMES: Array<keyof ContactFields> = [
  'phone', 'phoneType', 'firstName', 'lastName', 'email', 'company', 'language', 'leadSource',
  'tags', 'status', 'location', 'birthDate', 'customFields', 'notes',
];

/** Names of the fields whose values differ. */
export function changedFields(before: ContactFields, after: ContactFields): string[] {
  return FIELD_NAMES.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

export function pickFields(record: ContactFields): ContactFields {
  return Object.fromEntries(FIELD_NAMES.map((f) => [f, record[f]])) as unknown as ContactFields;
}
