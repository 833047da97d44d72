import type { Principal } from '@roster/http';
import { mappingByHeader } from '../mapping/domain/import-mapping';
import { ImportPass, ImportRecord } from './import.schema';

/**
 * Progress follows the rows committed against the rows counted at upload; imports stored before
 * rows were counted fall back to the bytes read.
 */
function passView(pass: ImportPass, record: Pick<ImportRecord, 'sizeBytes' | 'dataRows'>, now: Date) {
  const { chunkRows: _chunkRows, nextChunk: _nextChunk, ...shown } = pass;
  const end = pass.finishedAt ?? now;
  const seconds = pass.startedAt ? Math.max((end.getTime() - pass.startedAt.getTime()) / 1000, 0.001) : 0;
  const running = pass.state === 'running';
  const [done, total] = record.dataRows !== undefined ? [pass.counts.read, record.dataRows] : [pass.bytesRead, record.sizeBytes];
  const finished = pass.state === 'completed';
  const perSecond = seconds ? done / seconds : 0;
  return {
    ...shown,
    progress: {
      bytesRead: pass.bytesRead,
      rowsDone: pass.counts.read,
      rowsTotal: record.dataRows ?? null,
      percent: finished ? 100 : total ? Math.min(99.9, Math.round((done / total) * 1000) / 10) : 0,
      rowsPerSecond: seconds ? Math.round(pass.counts.read / seconds) : 0,
      etaSeconds: running && perSecond > 0 ? Math.round(Math.max(total - done, 0) / perSecond) : null,
    },
  };
}

/** Viewers see an import's progress and counts, never the file's cells (unmasked personal data). */
export function renderImport(record: ImportRecord, principal?: Principal, now = new Date()) {
  return {
    id: String(record._id),
    fileName: record.fileName,
    sizeBytes: record.sizeBytes,
    encoding: record.encoding,
    delimiter: record.delimiter,
    headers: record.headers,
    sampleRows: principal?.role === 'viewer' ? [] : record.sampleRows.map((r) => r.cells),
    mapping: mappingByHeader(record.headers, record.mapping),
    mappingFrom: record.mappingFrom ?? null,
    options: record.options,
    status: record.run.state === 'idle' ? 'draft' : record.run.state,
    cancelRequested: record.cancelRequested,
    dryRun: passView(record.dryRun, record, now),
    run: passView(record.run, record, now),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export type ImportView = ReturnType<typeof renderImport>;
