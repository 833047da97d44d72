import { KeyboardEvent, useId, useState } from 'react';

/**
 * Tags as removable chips; the catalogue's tags are offered as one types (datalist), and Enter or a
 * comma adds what was typed. What is typed but not yet added counts too (`pending`).
 */
export function TagInput({ label, value, onChange, suggestions }: { label: string; value: string[]; onChange: (tags: string[]) => void; suggestions: string[] }) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const add = (raw: string) => {
    const tags = raw.split(',').map((t) => t.trim()).filter(Boolean);
    const known = new Set(value.map((t) => t.toLowerCase()));
    const fresh = tags.filter((t) => !known.has(t.toLowerCase()));
    if (fresh.length) onChange([...value, ...fresh]);
    setTyped('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'Enter' || e.key === ',') && typed.trim()) {
      e.preventDefault();
      add(typed);
    }
  };
  return (
    <div className="field">
      <label htmlFor={`${id}-tag`}>{label}</label>
      <ul className="chips" aria-label={`${label} chosen`}>
        {value.map((tag) => (
          <li key={tag}>
            {tag} <button type="button" className="link" aria-label={`Remove tag ${tag}`} onClick={() => onChange(value.filter((t) => t !== tag))}>×</button>
          </li>
        ))}
      </ul>
      <input id={`${id}-tag`} list={`${id}-catalogue`} value={typed} maxLength={64} placeholder="Type a tag, Enter to add"
        onChange={(e) => (e.target.value.endsWith(',') ? add(e.target.value) : setTyped(e.target.value))} onKeyDown={onKey} onBlur={() => typed.trim() && add(typed)} />
      <datalist id={`${id}-catalogue`}>{suggestions.map((s) => <option key={s} value={s} />)}</datalist>
    </div>
  );
}
