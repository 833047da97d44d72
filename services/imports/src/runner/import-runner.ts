import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@roster/observability';
import { BulkUpsertRequest, ImportCompleted, ImportFailed, ImportRunJob, ImportStarted, RowResult, createEvent } from '@roster/contracts';
import { SETTINGS, ServiceRefusal } from '@roster/http';
import { MalformedCsvError, csvRecords } from '../files/csv-records';
import { ImportFileStore } from '../files/import-file.store';
import { ImportRejectionsRepository, RejectedRow } from '../imports/import-rejections.repository';
import { ImportPass, ImportRecord, PassCounts, PassKind, TERMINAL_STATES, emptyCounts } from '../imports/import.schema';
import { ImportsRepository } from '../imports/imports.repository';
import { EventBacklogGate } from './event-backlog-gate';
import { ImportsSettings } from '../imports.settings';
import { ColumnTarget } from '../mapping/domain/column-mapper';
import { mappingByHeader, resolveMapping } from '../mapping/domain/import-mapping';
import { ContactsClient } from './contacts.client';
import { Rejection, SourceRow, columnOf, prepareChunk, rejectionCode, splitInFileDuplicates } from './domain/chunk-outcome';
import { InFileDuplicates } from './in-file-duplicates';

export type RunOutcome = 'finished' | 'yielded';

interface PassContext {
  record: ImportRecord;
  pass: PassKind;
  columns: ColumnTarget[];
  defaultCountry: string | null;
  correlationId?: string;
}

export const passOf = (job: Pick<ImportRunJob, 'kind'>): PassKind => (job.kind === 'dry-run' ? 'dryRun' : 'run');
const SOURCE = 'roster/imports';

/** Public counts of an event: duplicates within the file are among the rejected. */
const eventCounts = (c: PassCounts) => ({ read: c.read, created: c.created, updated: c.updated, unchanged: c.unchanged, rejected: c.rejected });

/**
 * Runs one pass over an import's file from its last committed chunk: each chunk goes through the
 * contacts bulk upsert (or its preview, for a dry run) under a batch key of its own, and its outcome
 * is committed once, so a pass resumed after a crash neither writes nor counts a row twice.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    private readonly imports: ImportsRepository,
    private readonly rejections: ImportRejectionsRepository,
    private readonly files: ImportFileStore,
    private readonly contacts: ContactsClient,
    private readonly duplicates: InFileDuplicates,
    @Inject(SETTINGS) private readonly settings: ImportsSettings,
    private readonly backlog: EventBacklogGate,
    metrics: MetricsRegistry,
  ) {
    this.rows = metrics.counter('roster_import_rows_total', 'Import rows committed, by pass (dryRun, run) and outcome', ['pass', 'outcome']);
  }

  private readonly rows: Counter<'pass' | 'outcome'>;

  async execute(job: ImportRunJob, shouldYield: () => Promise<boolean>): Promise<RunOutcome> {
    const pass = passOf(job);
    let record = await this.imports.findById(job.tenantId, job.importId);
    if (!record || TERMINAL_STATES.includes(record[pass].state) || record[pass].state === 'idle') return 'finished';
    if (record.cancelRequested) {
      await this.finish(record, pass, 'cancelled');
      return 'finished';
    }
    if (record[pass].state === 'queued') {
      const chunkRows = this.settings.IMPORT_CHUNK_ROWS;
      const started = [createEvent(ImportStarted, {
        source: SOURCE, subject: String(record._id), tenantId: record.tenantId, sequence: 1, correlationId: job.correlationId,
        data: { importId: String(record._id), fileName: record.fileName, sizeBytes: record.sizeBytes, mode: record.options.mode },
      })];
      await this.imports.transition(record.tenantId, record._id, pass, ['queued'], 'running', { [`${pass}.startedAt`]: new Date(), [`${pass}.chunkRows`]: chunkRows }, pass === 'run' ? started : []);
      record = (await this.imports.findById(job.tenantId, job.importId))!;
    }

    try {
      const tenant = await this.contacts.tenant(record.tenantId);
      const mapping = resolveMapping(record.headers, mappingByHeader(record.headers, record.mapping), tenant.customFields);
      if (!mapping.ok) {
        await this.finish(record, pass, 'failed', `the mapping no longer fits: ${mapping.problems.map((p) => p.detail).join('; ')}`);
        return 'finished';
      }
      const context: PassContext = { record, pass, columns: mapping.columns, defaultCountry: record.options.defaultCountry ?? tenant.defaultCountry, correlationId: job.correlationId };
      const outcome = await this.readChunks(context, shouldYield);
      if (outcome === 'cancelled') await this.finish(record, pass, 'cancelled');
      else if (outcome === 'completed') await this.finish(record, pass, 'completed');
      return outcome === 'yielded' ? 'yielded' : 'finished';
    } catch (error) {
      if (error instanceof MalformedCsvError || error instanceof ServiceRefusal) {
        await this.finish(record, pass, 'failed', error.message);
        return 'finished';
      }
      throw error;
    }
  }

  /** After the job ran out of attempts: the pass fails with the last error, keeping what it stored. */
  async giveUp(job: ImportRunJob, reason: string): Promise<void> {
    const record = await this.imports.findById(job.tenantId, job.importId);
    if (record && !TERMINAL_STATES.includes(record[passOf(job)].state)) await this.finish(record, passOf(job), 'failed', reason);
  }

  private async readChunks(context: PassContext, shouldYield: () => Promise<boolean>): Promise<'completed' | 'cancelled' | 'yielded'> {
    const { record, pass } = context;
    const state = record[pass];
    const chunkRows = state.chunkRows ?? this.settings.IMPORT_CHUNK_ROWS;
    let chunk = state.nextChunk;
    const skip = chunk * chunkRows;
    let bytesRead = 0;
    let rows: SourceRow[] = [];
    const source = this.files.reader(record, (n) => (bytesRead += n));
    try {
      for await (const { record: number, cells } of csvRecords(source, record)) {
        if (number === 1 || number - 2 < skip) continue;
        rows.push({ record: number, cells });
        if (rows.length < chunkRows) continue;
        if (!(await this.processChunk(context, chunk, rows, bytesRead))) return 'yielded';
        chunk++;
        rows = [];
        const current = await this.imports.findById(record.tenantId, String(record._id));
        if (current?.cancelRequested) return 'cancelled';
        if (await shouldYield()) return 'yielded';
      }
    } catch (error) {
      // The rows read before the file broke are stored before the pass fails.
      if (error instanceof MalformedCsvError && rows.length > 0) await this.processChunk(context, chunk, rows, bytesRead);
      throw error;
    }
    if (rows.length > 0 && !(await this.processChunk(context, chunk, rows, record.sizeBytes))) return 'yielded';
    return 'completed';
  }

  /** Returns false when another worker had already committed this chunk (it owns the pass now). */
  private async processChunk(context: PassContext, chunk: number, rows: SourceRow[], bytesRead: number): Promise<boolean> {
    const { record, pass, columns } = context;
    const importId = String(record._id);
    const prepared = prepareChunk(rows, record.headers, columns, context.defaultCountry);
    const firstRows = await this.duplicates.firstRows(importId, pass, prepared.candidates.map((c) => ({ phone: c.phone, row: c.source.record })));
    const { unique, duplicates } = splitInFileDuplicates(prepared.candidates, firstRows, record.headers, columns);

    const request: BulkUpsertRequest = { ...record.options, contacts: unique.map((c) => c.contact) };
    let results: RowResult[] = [];
    if (unique.length > 0 && pass === 'run') await this.backlog.waitForRoom(importId);
    if (unique.length > 0) {
      results = pass === 'run'
        ? (await this.contacts.upsert(record.tenantId, { ...request, batchKey: `import-${importId}-${chunk}` }, context.correlationId)).results
        : (await this.contacts.preview(record.tenantId, request, context.correlationId)).results;
    }

    const counts = { ...emptyCounts(), read: rows.length, duplicates: duplicates.length };
    const rejected: Rejection[] = [...prepared.rejections, ...duplicates];
    for (const result of results) {
      counts[result.status]++;
      if (result.status === 'rejected') {
        rejected.push({ source: unique[result.row].source, code: rejectionCode(result), column: columnOf(record.headers, columns, result.field ?? ''), reason: result.reason ?? 'refused' });
      }
    }
    counts.rejected = rejected.length;
    const rejectedByReason: Record<string, number> = {};
    for (const r of rejected) rejectedByReason[r.code] = (rejectedByReason[r.code] ?? 0) + 1;

    const report: RejectedRow[] = rejected
      .sort((a, b) => a.source.record - b.source.record)
      .map((r) => ({ row: r.source.record, cells: r.source.cells, column: r.column, reason: r.reason }));
    await this.rejections.record(record.tenantId, importId, pass, chunk, report);
    const committed = await this.imports.commitChunk(record.tenantId, record._id, pass, chunk, { counts, rejectedByReason, bytesRead });
    if (!committed) this.logger.warn(`import ${importId} ${pass} chunk ${chunk} was already committed: another worker has the import`);
    else for (const outcome of ['created', 'updated', 'unchanged', 'rejected'] as const) this.rows.inc({ pass, outcome }, counts[outcome]);
    return committed;
  }

  private async finish(record: ImportRecord, pass: PassKind, to: 'completed' | 'cancelled' | 'failed', failure?: string): Promise<void> {
    const current = (await this.imports.findById(record.tenantId, String(record._id)))!;
    const state = current[pass];
    const finishedAt = new Date();
    const fields: Record<string, unknown> = { [`${pass}.finishedAt`]: finishedAt, cancelRequested: false };
    if (failure) fields[`${pass}.failure`] = failure;
    if (pass === 'dryRun' && to === 'completed') fields[`${pass}.plan`] = await this.planCheck(current);
    const importId = String(record._id);
    const base = { source: SOURCE, subject: importId, tenantId: record.tenantId, sequence: 2 };
    const durationMs = finishedAt.getTime() - (state.startedAt ?? finishedAt).getTime();
    const events = pass !== 'run'
      ? []
      : to === 'failed'
        ? [createEvent(ImportFailed, { ...base, data: { importId, reason: failure ?? 'failed', counts: eventCounts(state.counts) } })]
        : [createEvent(ImportCompleted, { ...base, data: { importId, counts: eventCounts(state.counts), durationMs, cancelled: to === 'cancelled' } })];
    await this.imports.transition(record.tenantId, record._id, pass, ['queued', 'running'], to, fields, events);
    await this.duplicates.forget(importId, pass);
  }

  /** How the dry run's new contacts weigh against the tenant's plan. */
  private async planCheck(record: ImportRecord): Promise<ImportPass['plan']> {
    const usage = await this.contacts.usage(record.tenantId);
    const wouldCreate = record.dryRun.counts.created;
    const refused = Math.max(0, usage.contacts + wouldCreate - usage.limit);
    const n = (x: number) => x.toLocaleString('en');
    const detail = refused > 0
      ? `${n(usage.contacts)} + ${n(wouldCreate)} new > ${n(usage.limit)}: ${n(refused)} rows would be refused`
      : `${n(usage.contacts)} + ${n(wouldCreate)} new ≤ ${n(usage.limit)}: fits the plan`;
    return { contacts: usage.contacts, limit: usage.limit, wouldCreate, refused, detail };
  }
}
