import { useId, useState } from 'react';
import { useLists } from '../lists/use-lists';
import { COUNTRIES } from '../shared/countries';
import type { ContactFilters } from './contact-query';
import { Tenant, useTags } from './use-contacts';

const STATUSES = ['active', 'inactive', 'invalid', 'blocked'];
const CONSENT = [['opted_in', 'opted in'], ['opted_out', 'opted out'], ['unknown', 'unknown']];
const SORTS = [['createdAt:desc', 'Newest first'], ['createdAt:asc', 'Oldest first'], ['updatedAt:desc', 'Recently changed']];

type Choices = Array<[string, string]>;

/** Filters by status, consent, tag, list, lead source, country and a custom field, and the grid's order. */
export function ContactFilterBar({ tenant, filters, onChange }: { tenant: Tenant | undefined; filters: ContactFilters; onChange: (next: ContactFilters) => void }) {
  const id = useId();
  const lists = useLists();
  // The catalogue counts every contact: read when the tag filter is first used, not with the grid.
  const [tagsWanted, setTagsWanted] = useState(filters.tag !== '');
  const tags = useTags(tagsWanted);
  const tagChoices: Choices = (tags.data ?? []).map((t) => [t.label, `${t.label} (${t.contacts})`]);
  if (filters.tag && !tagChoices.some(([value]) => value === filters.tag)) tagChoices.unshift([filters.tag, filters.tag]);
  const select = (key: keyof ContactFilters, label: string, options: Choices, any = 'any') => (
    <span className="filter">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={filters[key]} onChange={(e) => onChange({ ...filters, [key]: e.target.value })}
        onFocus={key === 'tag' ? () => setTagsWanted(true) : undefined} onPointerDown={key === 'tag' ? () => setTagsWanted(true) : undefined}>
        {any && <option value="">{any}</option>}
        {options.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
      </select>
    </span>
  );
  return (
    <div className="filters" role="group" aria-label="Filters">
      {select('status', 'Status', STATUSES.map((s) => [s, s]))}
      {select('consent', 'WhatsApp consent', CONSENT as Choices)}
      {select('tag', 'Tag', tagChoices)}
      {select('list', 'List', (lists.data ?? []).map((l) => [l.id, l.name]))}
      {select('leadSource', 'Lead source', (tenant?.leadSources ?? []).map((s) => [s, s]))}
      {select('country', 'Country', COUNTRIES)}
      {tenant && tenant.customFields.length > 0 && <CustomFieldFilter tenant={tenant} value={filters.custom} onChange={(custom) => onChange({ ...filters, custom })} />}
      {select('sort', 'Order', SORTS as Choices, '')}
    </div>
  );
}

/** One custom field equal to a value (`key:value`), the value input fitting the field's type. */
function CustomFieldFilter({ tenant, value, onChange }: { tenant: Tenant; value: string; onChange: (custom: string) => void }) {
  const id = useId();
  const split = value.indexOf(':');
  const key = split > 0 ? value.slice(0, split) : '';
  const wanted = split > 0 ? value.slice(split + 1) : '';
  const field = tenant.customFields.find((f) => f.key === key);
  const choices: string[] | null = field?.type === 'enum' ? field.options ?? [] : field?.type === 'boolean' ? ['true', 'false'] : null;
  return (
    <span className="filter custom-filter">
      <label htmlFor={`${id}-field`}>Custom field</label>
      <span className="field-row">
        <select id={`${id}-field`} value={key} onChange={(e) => onChange(e.target.value ? `${e.target.value}:` : '')}>
          <option value="">any</option>
          {tenant.customFields.map((f) => <option key={f.key} value={f.key}>{f.label}</option>)}
        </select>
        {field && (choices ? (
          <select aria-label={`${field.label} is`} value={wanted} onChange={(e) => onChange(`${key}:${e.target.value}`)}>
            <option value="">any</option>
            {choices.map((c) => <option key={c} value={c}>{field.type === 'boolean' ? (c === 'true' ? 'yes' : 'no') : c}</option>)}
          </select>
        ) : (
          <input aria-label={`${field.label} is`} type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'} value={wanted}
            onChange={(e) => onChange(`${key}:${e.target.value}`)} />
        ))}
      </span>
    </span>
  );
}
