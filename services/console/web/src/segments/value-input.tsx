import { useLists } from '../lists/use-lists';
import { useTags } from '../contacts/use-contacts';
import type { RuleField } from './use-segments';

const RELATIVE = ['withinLast', 'moreThanAgo', 'withinNext'];
const numberOr = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
type Bounds = { atLeast?: number; atMost?: number };

/** The value input a field's type and the operator ask for: text, number, date, a span of time, choices, tags or lists. */
export function ValueInput({ field, op, value, units, label, onChange }: {
  field: RuleField;
  op: string;
  value: unknown;
  units: string[];
  label: string;
  onChange: (value: unknown) => void;
}) {
  const tags = useTags(field.field === 'tags');
  const lists = useLists();
  if (op === 'isSet' || op === 'notSet' || !op) return null;
  const v = value as Record<string, unknown> | undefined;

  if (RELATIVE.includes(op)) {
    const span = (v ?? {}) as { amount?: number; unit?: string };
    return (
      <span className="value">
        <input type="number" min={1} aria-label={`${label}: how many`} value={span.amount ?? ''} onChange={(e) => onChange({ amount: numberOr(e.target.value), unit: span.unit ?? 'days' })} />
        <select aria-label={`${label}: unit`} value={span.unit ?? 'days'} onChange={(e) => onChange({ amount: span.amount, unit: e.target.value })}>
          {units.map((u) => <option key={u} value={u}>{u}</option>)}
        </select>
      </span>
    );
  }
  if (op === 'ofLast' || op === 'inLast') {
    const bounds = (v ?? {}) as Bounds & { last?: number; amount?: number; unit?: string };
    const setBound = (key: 'atLeast' | 'atMost', text: string) => {
      const next = { ...bounds, [key]: text === '' ? undefined : numberOr(text) };
      onChange(Object.fromEntries(Object.entries(next).filter(([, x]) => x !== undefined)));
    };
    return (
      <span className="value">
        {op === 'ofLast' ? (
          <input type="number" min={1} aria-label={`${label}: last how many messages`} value={bounds.last ?? ''} onChange={(e) => onChange({ ...bounds, last: numberOr(e.target.value) })} />
        ) : (
          <>
            <input type="number" min={1} aria-label={`${label}: how many`} value={bounds.amount ?? ''} onChange={(e) => onChange({ ...bounds, amount: numberOr(e.target.value), unit: bounds.unit ?? 'days' })} />
            <select aria-label={`${label}: unit`} value={bounds.unit ?? 'days'} onChange={(e) => onChange({ ...bounds, unit: e.target.value })}>
              <option value="days">days</option><option value="weeks">weeks</option>
            </select>
          </>
        )}
        <input type="number" min={0} aria-label={`${label}: at least`} placeholder="at least" value={bounds.atLeast ?? ''} onChange={(e) => setBound('atLeast', e.target.value)} />
        <input type="number" min={0} aria-label={`${label}: at most`} placeholder="at most" value={bounds.atMost ?? ''} onChange={(e) => setBound('atMost', e.target.value)} />
      </span>
    );
  }
  if (field.field === 'lists') {
    const chosen = asList(value);
    return (
      <fieldset className="value choices" aria-label={`${label}: lists`}>
        {(lists.data ?? []).map((l) => (
          <label key={l.id} className="check"><input type="checkbox" checked={chosen.includes(l.id)} onChange={(e) => onChange(e.target.checked ? [...chosen, l.id] : chosen.filter((c) => c !== l.id))} /> {l.name}</label>
        ))}
      </fieldset>
    );
  }
  if (field.type === 'set' || ((op === 'in' || op === 'notIn') && !field.values)) {
    return (
      <span className="value">
        <input aria-label={`${label}: values, comma separated`} list={field.field === 'tags' ? 'rule-tag-catalogue' : undefined} value={asList(value).join(', ')}
          onChange={(e) => onChange(e.target.value.split(',').map((t) => t.trim()).filter(Boolean).map((t) => (field.type === 'number' ? numberOr(t) : t)))} />
        {field.field === 'tags' && <datalist id="rule-tag-catalogue">{(tags.data ?? []).map((t) => <option key={t.key} value={t.label} />)}</datalist>}
      </span>
    );
  }
  if (field.values) {
    if (op === 'in' || op === 'notIn') {
      const chosen = asList(value);
      return (
        <fieldset className="value choices" aria-label={`${label}: values`}>
          {field.values.map((x) => (
            <label key={x} className="check"><input type="checkbox" checked={chosen.includes(x)} onChange={(e) => onChange(e.target.checked ? [...chosen, x] : chosen.filter((c) => c !== x))} /> {x}</label>
          ))}
        </fieldset>
      );
    }
    return (
      <select className="value" aria-label={`${label}: value`} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
        <option value="">choose…</option>
        {field.values.map((x) => <option key={x} value={x}>{x}</option>)}
      </select>
    );
  }
  if (field.type === 'boolean') {
    return (
      <select className="value" aria-label={`${label}: value`} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}>
        <option value="">choose…</option><option value="true">yes</option><option value="false">no</option>
      </select>
    );
  }
  const inputType = field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text';
  const parse = (text: string) => (field.type === 'number' ? numberOr(text) : text);
  if (op === 'between') {
    const [from, to] = Array.isArray(value) ? value : ['', ''];
    return (
      <span className="value">
        <input type={inputType} aria-label={`${label}: from`} value={String(from ?? '')} onChange={(e) => onChange([parse(e.target.value), to])} />
        <span>and</span>
        <input type={inputType} aria-label={`${label}: to`} value={String(to ?? '')} onChange={(e) => onChange([from, parse(e.target.value)])} />
      </span>
    );
  }
  return <input className="value" type={inputType} step="any" aria-label={`${label}: value`} value={String(value ?? '')} onChange={(e) => onChange(parse(e.target.value))} />;
}
