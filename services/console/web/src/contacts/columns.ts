import type { ContactRow, Tenant } from './use-contacts';

/** A column of the grid: the API field it needs and how a row shows it. */
export interface GridColumn {
  id: string;
  label: string;
  field: string;
  value: (row: ContactRow) => string;
}

const text = (value: unknown) => (value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value));
const date = (value: string | undefined) => (value ? new Date(value).toLocaleDateString() : '');

export const STANDARD_COLUMNS: GridColumn[] = [
  { id: 'name', label: 'Name', field: 'firstName', value: (r) => [r.firstName, r.lastName].filter(Boolean).join(' ') },
  { id: 'phone', label: 'Phone', field: 'phone', value: (r) => text(r.phone) },
  { id: 'email', label: 'Email', field: 'email', value: (r) => text(r.email) },
  { id: 'company', label: 'Company', field: 'company', value: (r) => text(r.company) },
  { id: 'tags', label: 'Tags', field: 'tags', value: (r) => text(r.tags) },
  { id: 'status', label: 'Status', field: 'status', value: (r) => text(r.status) },
  { id: 'consent', label: 'WhatsApp consent', field: 'consent', value: (r) => text(r.consent?.whatsapp.status) },
  { id: 'leadSource', label: 'Lead source', field: 'leadSource', value: (r) => text(r.leadSource) },
  { id: 'language', label: 'Language', field: 'language', value: (r) => text(r.language) },
  { id: 'country', label: 'Country', field: 'location', value: (r) => text(r.location?.country) },
  { id: 'createdAt', label: 'Created', field: 'createdAt', value: (r) => date(r.createdAt) },
  { id: 'updatedAt', label: 'Updated', field: 'updatedAt', value: (r) => date(r.updatedAt) },
];

export const DEFAULT_COLUMNS = ['name', 'phone', 'email', 'company', 'tags', 'status'];

/** Standard columns, then one per custom field the tenant defines. */
export function allColumns(tenant: Tenant | undefined): GridColumn[] {
  const custom = (tenant?.customFields ?? []).map<GridColumn>((f) => ({
    id: `cf.${f.key}`, label: f.label, field: 'customFields', value: (r) => text(r.customFields?.[f.key]),
  }));
  return [...STANDARD_COLUMNS, ...custom];
}

/** The API fields the chosen columns need (the name column also needs lastName). */
export function fieldsFor(columns: readonly GridColumn[]): string[] {
  const fields = new Set(columns.map((c) => c.field));
  if (fields.has('firstName')) fields.add('lastName');
  return [...fields].sort();
}
