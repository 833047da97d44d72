import { mappingByHeader } from '../mapping/domain/import-mapping';
import { ImportPass, ImportRecord } from './import.schema';

function passView(pass: ImportPass, sizeBytes: number, now: Date) {
  const { chunkRows: _chunkRows, nextChunk: _nextChunk, ...shown } = pass;
  const end = pass.finishedAt ?? now;
  const seconds = pass.startedAt ? Math.max((end.getTime() - pass.startedAt.getTime()) / 1000, 0.001) : 0;
  const running = pass.state === 'running';
  const bytesPerSecond = seconds ? pass.bytesRead / seconds : 0;
  return {
    ...shown,
    progress: {
      bytesRead: pass.bytesRead,
      percent: sizeBytes ? Math.min(100, Math.round((pass.bytesRead / sizeBytes) * 1000) / 10) : 0,
      rowsPerSecond: seconds ? Math.round(pass.counts.read / seconds) : 0,
      etaSeconds: running && bytesPerSecond > 0 ? Math.round((sizeBytes - pass.bytesRead) / bytesPerSecond) : null,
    },
  };
}

export function renderImport(record: ImportRecord, now = new Date()) {
  return {
    id: String(record._id),
    fileName: record.fileName,
    sizeBytes: record.sizeBytes,
    encoding: record.encoding,
    delimiter: record.delimiter,
    headers: record.headers,
    sampleRows: record.sampleRows.map((r) => r.cells),
    mapping: mappingByHeader(record.headers, record.mapping),
    options: record.options,
    status: record.run.state === 'idle' ? 'draft' : record.run.state,
    cancelRequested: record.cancelRequested,
    dryRun: passView(record.dryRun, record.sizeBytes, now),
    run: passView(record.run, record.sizeBytes, now),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export type ImportView = ReturnType<typeof renderImport>;
