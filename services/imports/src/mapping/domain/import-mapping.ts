import { IMPORT_FIELDS, IMPORT_SPECIAL_TARGETS } from '@roster/contracts';
import { ColumnTarget, CustomFieldRef, SpecialTarget, StandardField } from './column-mapper';

/**
 * A mapping as tenants write it: header name → `phone`, another standard field, `custom:<key>`,
 * `tags`, `lists`, `consent` or `ignore`. Columns it does not name are ignored.
 */
export type MappingByHeader = Record<string, string>;

export interface MappingProblem {
  problem: 'unknown-column' | 'unknown-target' | 'unknown-custom-field' | 'phone-not-mapped' | 'field-mapped-twice';
  column?: string;
  detail: string;
}

export function targetName(target: ColumnTarget): string {
  switch (target.kind) {
    case 'field':
      return target.field;
    case 'custom':
      return `custom:${target.key}`;
    default:
      return target.kind;
  }
}

export function parseTarget(name: string): ColumnTarget | undefined {
  if (name === 'ignore') return { kind: name };
  if ((IMPORT_SPECIAL_TARGETS as readonly string[]).includes(name)) return { kind: name as SpecialTarget };
  if (name.startsWith('custom:') && name.length > 7) return { kind: 'custom', key: name.slice(7) };
  return (IMPORT_FIELDS as readonly string[]).includes(name) ? { kind: 'field', field: name as StandardField } : undefined;
}

/**
 * As stored: one target name per header, in the file's order. Headers are the tenant's text (`Tel.`,
 * `$amount`) and cannot be document keys.
 */
export type StoredMapping = string[];

export function storedMapping(targets: readonly ColumnTarget[]): StoredMapping {
  return targets.map(targetName);
}

/** Imports stored before mappings were kept by position hold them keyed by header. */
export function mappingByHeader(headers: readonly string[], stored: StoredMapping | MappingByHeader): MappingByHeader {
  if (!Array.isArray(stored)) return { ...stored };
  return Object.fromEntries(headers.map((header, i) => [header, stored[i] ?? 'ignore']));
}

/** Checks a mapping against the file's headers and the tenant's custom fields; returns one target per column. */
export function resolveMapping(
  headers: readonly string[],
  mapping: MappingByHeader,
  customFields: readonly CustomFieldRef[],
): { ok: true; columns: ColumnTarget[] } | { ok: false; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  for (const column of Object.keys(mapping)) {
    if (!headers.includes(column)) {
      problems.push({ problem: 'unknown-column', column, detail: `the file has no column "${column}" (its columns: ${headers.join(', ')})` });
    }
  }
  const customKeys = new Set(customFields.map((f) => f.key));
  const used = new Map<string, string>();
  const columns = headers.map((header): ColumnTarget => {
    const name = mapping[header] ?? 'ignore';
    const target = parseTarget(name);
    if (!target) {
      problems.push({ problem: 'unknown-target', column: header, detail: `"${name}" is not a contact field; use one of ${IMPORT_FIELDS.join(', ')}, custom:<key>, ${IMPORT_SPECIAL_TARGETS.join(', ')} or ignore` });
      return { kind: 'ignore' };
    }
    if (target.kind === 'custom' && !customKeys.has(target.key)) {
      problems.push({ problem: 'unknown-custom-field', column: header, detail: `"${target.key}" is not a custom field of this tenant` });
    }
    if (target.kind === 'field' || target.kind === 'custom' || target.kind === 'consent') {
      const earlier = used.get(name);
      if (earlier !== undefined) problems.push({ problem: 'field-mapped-twice', column: header, detail: `columns "${earlier}" and "${header}" are both mapped to ${name}` });
      used.set(name, header);
    }
    return target;
  });
  if (!used.has('phone')) problems.push({ problem: 'phone-not-mapped', detail: 'no column is mapped to phone: every contact needs one' });
  return problems.length ? { ok: false, problems } : { ok: true, columns };
}
