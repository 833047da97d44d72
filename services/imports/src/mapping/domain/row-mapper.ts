import { unguardFormula } from '@roster/contracts';
import { ColumnTarget } from './column-mapper';
import { spreadsheetDamage } from './phone-cell';

/** Longest cell accepted; anything longer is no contact data (often a quote left open upstream). */
export const MAX_CELL_LENGTH = 10_000;

export type RejectionCode =
  | 'ragged-row' | 'cell-too-long' | 'phone-empty' | 'phone-scientific-notation' | 'phone-invalid' | 'duplicate-in-file' | 'consent-invalid';

export interface RowRejection {
  code: RejectionCode;
  column?: string;
  reason: string;
}

export type MappedRow = { ok: true; contact: Record<string, unknown> } | ({ ok: false } & RowRejection);

const TAG_SEPARATORS = /[,;|]/;
/** List names may hold commas; exports join them with `;`. */
const LIST_SEPARATOR = ';';

const CONSENT_VALUES: Record<string, 'opted_in' | 'opted_out' | null> = {
  opted_in: 'opted_in', 'opted-in': 'opted_in', yes: 'opted_in', true: 'opted_in',
  opted_out: 'opted_out', 'opted-out': 'opted_out', no: 'opted_out', false: 'opted_out',
  unknown: null,
};

/** Turns one CSV record into the contact fields the bulk upsert takes; empty cells set nothing. */
export function mapRow(cells: readonly string[], headers: readonly string[], columns: readonly ColumnTarget[]): MappedRow {
  if (cells.length !== headers.length) {
    return { ok: false, code: 'ragged-row', reason: `the row has ${cells.length} fields; the header has ${headers.length}` };
  }
  const contact: Record<string, unknown> = {};
  const location: Record<string, string> = {};
  const customFields: Record<string, string> = {};
  for (let i = 0; i < columns.length; i++) {
    const target = columns[i];
    if (target.kind === 'ignore') continue;
    const value = unguardFormula(cells[i].trim());
    if (value.length > MAX_CELL_LENGTH) {
      return { ok: false, code: 'cell-too-long', column: headers[i], reason: `the cell holds ${value.length.toLocaleString('en')} characters; the limit is ${MAX_CELL_LENGTH.toLocaleString('en')}` };
    }
    if (value === '') continue;
    if (target.kind === 'tags') contact.tags = value.split(TAG_SEPARATORS).map((t) => t.trim()).filter(Boolean);
    else if (target.kind === 'lists') contact.lists = value.split(LIST_SEPARATOR).map((t) => t.trim()).filter(Boolean);
    else if (target.kind === 'consent') {
      const status = CONSENT_VALUES[value.toLowerCase()];
      if (status === undefined) return { ok: false, code: 'consent-invalid', column: headers[i], reason: `consent must be opted_in, opted_out or unknown, not "${value}"` };
      if (status) contact.consent = { status, method: 'csv-import', source: `column "${headers[i]}" of an import` };
    }
    else if (target.kind === 'custom') customFields[target.key] = value;
    else if (target.field === 'country') location.country = value.toUpperCase();
    else if (target.field === 'city') location.city = value;
    else if (target.field === 'status') contact.status = value.toLowerCase();
    // A leading quote is a spreadsheet's "this is text" mark, never part of a number.
    else if (target.field === 'phone') contact.phone = value.replace(/^'/, '');
    else contact[target.field] = value;
  }
  const phoneColumn = headers[columns.findIndex((c) => c.kind === 'field' && c.field === 'phone')];
  if (contact.phone === undefined) return { ok: false, code: 'phone-empty', column: phoneColumn, reason: 'the phone number is empty' };
  const damage = spreadsheetDamage(String(contact.phone));
  if (damage) return { ok: false, code: 'phone-scientific-notation', column: phoneColumn, reason: damage };
  if (Object.keys(location).length) contact.location = location;
  if (Object.keys(customFields).length) contact.customFields = customFields;
  return { ok: true, contact };
}
