import { RowResult } from '@roster/contracts';
import { normalizePhone } from '@roster/phone';
import { ColumnTarget } from '../../mapping/domain/column-mapper';
import { targetName } from '../../mapping/domain/import-mapping';
import { RejectionCode, mapRow } from '../../mapping/domain/row-mapper';

export interface SourceRow {
  /** The record's number in the file, the header being 1. */
  record: number;
  cells: string[];
}

export interface Candidate {
  source: SourceRow;
  phone: string;
  contact: Record<string, unknown>;
}

export interface Rejection {
  source: SourceRow;
  code: RejectionCode | string;
  column: string;
  reason: string;
}

/** Maps a chunk's rows and checks their phones; what fails here never reaches the contacts service. */
export function prepareChunk(rows: readonly SourceRow[], headers: readonly string[], columns: readonly ColumnTarget[], defaultCountry: string | null) {
  const candidates: Candidate[] = [];
  const rejections: Rejection[] = [];
  for (const source of rows) {
    const mapped = mapRow(source.cells, headers, columns);
    if (!mapped.ok) {
      rejections.push({ source, code: mapped.code, column: mapped.column ?? '', reason: mapped.reason });
      continue;
    }
    const phone = normalizePhone(String(mapped.contact.phone), defaultCountry);
    if (!phone.ok) {
      rejections.push({ source, code: 'phone-invalid', column: columnOf(headers, columns, 'phone'), reason: `${phone.reason} (${String(mapped.contact.phone)})` });
      continue;
    }
    candidates.push({ source, phone: phone.e164, contact: { ...mapped.contact, phone: phone.e164 } });
  }
  return { candidates, rejections };
}

/** Splits candidates whose phone an earlier row of the file already had, given each phone's first row. */
export function splitInFileDuplicates(candidates: readonly Candidate[], firstRows: readonly number[], headers: readonly string[], columns: readonly ColumnTarget[]) {
  const unique: Candidate[] = [];
  const duplicates: Rejection[] = [];
  candidates.forEach((candidate, i) => {
    if (firstRows[i] === candidate.source.record) unique.push(candidate);
    else duplicates.push({ source: candidate.source, code: 'duplicate-in-file', column: columnOf(headers, columns, 'phone'), reason: `the phone ${candidate.phone} is already in row ${firstRows[i]} of this file` });
  });
  return { unique, duplicates };
}

/** The header of the column mapped to a contact field path (`email`, `location.country`, `customFields.plan`). */
export function columnOf(headers: readonly string[], columns: readonly ColumnTarget[], field: string): string {
  const target = field.startsWith('customFields.') ? `custom:${field.slice(13)}` : field.replace(/^location\./, '');
  const index = columns.findIndex((c) => targetName(c) === target);
  return index >= 0 ? headers[index] : '';
}

/** A stable, key-safe code for a rejection by the contacts service, to count rejections by reason. */
export function rejectionCode(result: RowResult): string {
  const reason = result.reason ?? '';
  if (/plan limit/i.test(reason)) return 'plan-limit';
  if (/update-only/i.test(reason)) return 'not-found';
  if (/duplicate of row/i.test(reason)) return 'duplicate-in-file';
  return result.field ? `invalid-${result.field.replace(/[^A-Za-z0-9]+/g, '-')}` : 'refused';
}
