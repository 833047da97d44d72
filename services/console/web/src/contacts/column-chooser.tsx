import { useId } from 'react';
import type { GridColumn } from './columns';

/** Which columns the grid shows, in the catalogue's order; at least one stays. */
export function ColumnChooser({ columns, chosen, onChange }: { columns: GridColumn[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  const id = useId();
  const toggle = (column: string, on: boolean) => {
    const next = columns.map((c) => c.id).filter((c) => (c === column ? on : chosen.includes(c)));
    if (next.length) onChange(next);
  };
  return (
    <details className="column-chooser">
      <summary>Columns</summary>
      <fieldset aria-labelledby={`${id}-legend`}>
        <legend id={`${id}-legend`}>Shown columns</legend>
        {columns.map((column) => (
          <label key={column.id}>
            <input type="checkbox" checked={chosen.includes(column.id)} onChange={(e) => toggle(column.id, e.target.checked)} /> {column.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
