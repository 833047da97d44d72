import { isCalendarDate } from './calendar-date';
import type { CustomFieldType } from '@roster/contracts';

export type CustomFieldValue = string | number | boolean | null;

export interface CustomFieldDefinition {
  key: string;
  label: string;
  type: CustomFieldType;
  options?: string[];
}

export interface FieldError {
  field: string;
  messages: string[];
}


function check(definition: CustomFieldDefinition, value: unknown): { value?: CustomFieldValue; error?: string } {
  if (value === null) return { value: null };
  switch (definition.type) {
    case 'text':
      if (typeof value !== 'string') return { error: 'must be text' };
      if (value.length > 2000) return { error: 'must be at most 2000 characters' };
      return { value };
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? { value: n } : { error: 'must be a number' };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
      if (['true', 'yes', '1'].includes(text)) return { value: true };
      if (['false', 'no', '0'].includes(text)) return { value: false };
      return { error: 'must be true or false' };
    }
    case 'date':
      return isCalendarDate(value) ? { value } : { error: 'must be a date (YYYY-MM-DD)' };
    case 'enum': {
      const options = definition.options ?? [];
      const match = typeof value === 'string' ? options.find((o) => o.toLowerCase() === value.trim().toLowerCase()) : undefined;
      return match !== undefined ? { value: match } : { error: `must be one of ${options.join(', ')}` };
    }
  }
}

/** Validates values against the tenant's definitions; unknown keys are errors, `null` clears a value. */
export function validateCustomFields(
  definitions: readonly CustomFieldDefinition[],
  values: Record<string, unknown>,
): { ok: true; values: Record<string, CustomFieldValue> } | { ok: false; errors: FieldError[] } {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const errors: FieldError[] = [];
  const result: Record<string, CustomFieldValue> = {};
  for (const [key, raw] of Object.entries(values)) {
    const definition = byKey.get(key);
    if (!definition) {
      errors.push({ field: `customFields.${key}`, messages: [`is not a custom field of this tenant`] });
      continue;
    }
    const checked = check(definition, raw);
    if (checked.error) errors.push({ field: `customFields.${key}`, messages: [`${definition.label} ${checked.error}`] });
    else result[key] = checked.value!;
  }
  return errors.length ? { ok: false, errors } : { ok: true, values: result };
}
