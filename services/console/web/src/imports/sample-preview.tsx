import { IMPORT_ENCODINGS } from '@roster/contracts/import-options';
import { useId } from 'react';

const DELIMITERS: Array<[string, string]> = [[',', 'comma ,'], [';', 'semicolon ;'], ['tab', 'tab'], ['|', 'bar |']];
const delimiterName = (d: string) => (d === '\t' ? 'tab' : d);

/** The encoding and delimiter as read (changing one reads the file again) and its first rows. */
export function SamplePreview({ encoding, delimiter, headers, rows, onReread, busy }: {
  encoding: string;
  delimiter: string;
  headers: string[];
  rows: string[][];
  onReread: (dialect: { encoding: string; delimiter: string }) => void;
  busy: boolean;
}) {
  const id = useId();
  return (
    <div className="sample">
      <div className="field-row">
        <span className="filter">
          <label htmlFor={`${id}-encoding`}>Encoding</label>
          <select id={`${id}-encoding`} value={encoding} disabled={busy} onChange={(e) => onReread({ encoding: e.target.value, delimiter: delimiterName(delimiter) })}>
            {IMPORT_ENCODINGS.map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </span>
        <span className="filter">
          <label htmlFor={`${id}-delimiter`}>Delimiter</label>
          <select id={`${id}-delimiter`} value={delimiterName(delimiter)} disabled={busy} onChange={(e) => onReread({ encoding, delimiter: e.target.value })}>
            {DELIMITERS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </span>
      </div>
      <div className="sample-scroller">
        <table className="grid">
          <caption>The file's first rows</caption>
          <thead><tr>{headers.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
          <tbody>{rows.slice(0, 5).map((row, i) => <tr key={i}>{headers.map((h, j) => <td key={h}>{row[j] ?? ''}</td>)}</tr>)}</tbody>
        </table>
      </div>
    </div>
  );
}
