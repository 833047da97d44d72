import { HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import iconv from 'iconv-lite';
import { ProblemException } from '@roster/http';
import { CsvDialect, MalformedCsvError, csvRecords } from '../files/csv-records';
import { Delimiter, Encoding, detectDelimiter } from '../files/domain/csv-dialect';
import { ImportFileStore } from '../files/import-file.store';
import { ReceivedFile, UploadReceiver } from '../files/upload.receiver';
import { suggestMapping } from '../mapping/domain/column-mapper';
import { resolveMapping, storedMapping } from '../mapping/domain/import-mapping';
import { ContactsClient } from '../runner/contacts.client';
import { ImportQueue } from '../runner/import.queue';
import { MappingDto, UploadQueryDto } from './dto/import.dto';
import { ImportRejectionsRepository, RejectedRow } from './import-rejections.repository';
import { ImportRecord, PassKind, PassState, idlePass } from './import.schema';
import { ImportsRepository } from './imports.repository';

const SAMPLE_ROWS = 10;
/** Sample cells are for a person to recognise the columns; a runaway cell is cut. */
const SAMPLE_CELL_CHARS = 200;
const RERUNNABLE: readonly PassState[] = ['idle', 'completed', 'failed', 'cancelled'];

const problem = (status: HttpStatus, slug: string, detail: string, extensions?: Record<string, unknown>) => new ProblemException(status, slug, detail, extensions);

/** Uploads, mappings and the life of an import, from the HTTP side; the passes run in the workers. */
@Injectable()
export class ImportsService {
  constructor(
    private readonly imports: ImportsRepository,
    private readonly rejections: ImportRejectionsRepository,
    private readonly files: ImportFileStore,
    private readonly uploads: UploadReceiver,
    private readonly contacts: ContactsClient,
    private readonly queue: ImportQueue,
  ) {}

  async upload(tenantId: string, createdBy: string | null, request: Request, query: UploadQueryDto): Promise<ImportRecord> {
    const file = await this.uploads.receive(tenantId, request);
    try {
      const dialect = this.dialect(file, query);
      const { headers, sampleRows } = await this.preview(file, dialect);
      const tenant = await this.contacts.tenant(tenantId);
      // A file like one imported before gets that import's mapping, as the people who checked it left it.
      const previous = await this.imports.lastMappedWith(tenantId, headers);
      const now = new Date();
      return await this.imports.create({
        tenantId, fileName: file.fileName, fileId: file.fileId, sizeBytes: file.sizeBytes, dataRows: file.dataRows, chunkCount: file.chunkCount, ...dialect, headers, sampleRows,
        mapping: previous?.mapping ?? storedMapping(suggestMapping(headers, tenant.customFields)),
        ...(previous ? { mappingFrom: { importId: String(previous._id), fileName: previous.fileName, at: previous.createdAt } } : {}),
        options: { mode: 'upsert' },
        dryRun: idlePass(), run: idlePass(), cancelRequested: false, createdBy, createdAt: now, updatedAt: now,
      });
    } catch (error) {
      await this.files.delete(tenantId, file.fileId);
      if (error instanceof MalformedCsvError) throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'malformed-csv', `the file cannot be read as CSV at ${error.message}`);
      throw error;
    }
  }

  private dialect(file: ReceivedFile, query: UploadQueryDto): CsvDialect {
    const encoding: Encoding = query.encoding ?? file.sniff.encoding.encoding;
    const text = iconv.decode(file.head, encoding === 'windows-1252' ? 'win1252' : encoding);
    const delimiter: Delimiter = query.delimiter === 'tab' ? '\t' : (query.delimiter ?? detectDelimiter(text));
    return { encoding, delimiter };
  }

  private async preview(file: ReceivedFile, dialect: CsvDialect): Promise<{ headers: string[]; sampleRows: Array<{ cells: string[] }> }> {
    const records: string[][] = [];
    for await (const { cells } of csvRecords(this.files.reader(file), dialect)) {
      records.push(cells);
      if (records.length > SAMPLE_ROWS) break;
    }
    if (records.length === 0) throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'empty-file', 'the file holds no rows, only blank lines');
    const headers = records[0].map((h, i) => h.trim() || `column ${i + 1}`);
    const repeated = [...new Set(headers.filter((h, i) => headers.indexOf(h) !== i))];
    if (repeated.length) {
      throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'duplicate-headers', `column names must be unique; repeated: ${repeated.join(', ')}`, { columns: repeated });
    }
    if (records.length === 1) throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'header-only', 'the file has a header row but no rows of contacts');
    return { headers, sampleRows: records.slice(1).map((cells) => ({ cells: cells.map((c) => (c.length > SAMPLE_CELL_CHARS ? `${c.slice(0, SAMPLE_CELL_CHARS)}…` : c)) })) };
  }

  async get(tenantId: string, id: string): Promise<ImportRecord> {
    const found = await this.imports.findById(tenantId, id);
    if (!found) throw problem(HttpStatus.NOT_FOUND, 'import-not-found', `no import ${id}`);
    return found;
  }

  list(tenantId: string, cursor: string | undefined) {
    return this.imports.page(tenantId, {}, cursor, 50, 'desc');
  }

  async setMapping(tenantId: string, id: string, dto: MappingDto): Promise<ImportRecord> {
    const record = await this.get(tenantId, id);
    if (record.run.state !== 'idle') throw problem(HttpStatus.CONFLICT, 'import-started', 'the import has started; its mapping can no longer change');
    if (['queued', 'running'].includes(record.dryRun.state)) throw problem(HttpStatus.CONFLICT, 'dry-run-in-progress', 'wait for the dry run to end (or cancel it) before changing the mapping');
    const invalid = Object.entries(dto.columns).filter(([, target]) => typeof target !== 'string').map(([column]) => column);
    if (invalid.length) throw problem(HttpStatus.BAD_REQUEST, 'validation-failed', `each column's target must be a string: ${invalid.join(', ')}`);
    const tenant = await this.contacts.tenant(tenantId);
    const resolved = resolveMapping(record.headers, dto.columns, tenant.customFields);
    if (!resolved.ok) {
      const first = resolved.problems[0];
      throw problem(HttpStatus.UNPROCESSABLE_ENTITY, first.problem, resolved.problems.map((p) => p.detail).join('; '), { problems: resolved.problems });
    }
    const options = dto.options ?? record.options;
    if (options.listId && !(await this.contacts.listExists(tenantId, options.listId))) {
      throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'unknown-list', `no contact list ${options.listId}`);
    }
    // A new mapping makes the earlier dry run stale.
    await this.imports.update(tenantId, record._id, { mapping: storedMapping(resolved.columns), options, dryRun: idlePass() });
    await this.rejections.deleteAll(tenantId, String(record._id), 'dryRun');
    return this.get(tenantId, id);
  }

  async requestDryRun(tenantId: string, id: string, correlationId?: string): Promise<ImportRecord> {
    const record = await this.get(tenantId, id);
    if (record.run.state !== 'idle') throw problem(HttpStatus.CONFLICT, 'import-started', 'the import has started; a dry run would tell nothing new');
    await this.queuePass(record, 'dryRun', RERUNNABLE, 'a dry run is already under way', correlationId);
    return this.get(tenantId, id);
  }

  async start(tenantId: string, id: string, correlationId?: string): Promise<ImportRecord> {
    const record = await this.get(tenantId, id);
    if (!record.options.consent && (await this.contacts.tenant(tenantId)).importConsentRequired) {
      throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'consent-attestation-required', 'this workspace asks every import to say how and where its contacts consented (options.consent: status, method, source) before it runs');
    }
    if (['queued', 'running'].includes(record.dryRun.state)) throw problem(HttpStatus.CONFLICT, 'dry-run-in-progress', 'wait for the dry run to end (or cancel it) before running the import');
    await this.queuePass(record, 'run', ['idle'], `the import has already ${record.run.state === 'running' || record.run.state === 'queued' ? 'started' : record.run.state}`, correlationId);
    return this.get(tenantId, id);
  }

  private async queuePass(record: ImportRecord, pass: PassKind, from: readonly PassState[], refusal: string, correlationId?: string): Promise<void> {
    if (pass === 'dryRun') await this.rejections.deleteAll(record.tenantId, String(record._id), 'dryRun');
    const reset = Object.fromEntries(Object.entries(idlePass()).filter(([key]) => key !== 'state').map(([key, value]) => [`${pass}.${key}`, value]));
    const queued = await this.imports.transition(record.tenantId, record._id, pass, from, 'queued', { ...reset, cancelRequested: false });
    if (!queued) throw problem(HttpStatus.CONFLICT, 'import-state-conflict', refusal);
    await this.queue.enqueue({ tenantId: record.tenantId, importId: String(record._id), kind: pass === 'run' ? 'run' : 'dry-run', ...(correlationId ? { correlationId } : {}) });
  }

  async cancel(tenantId: string, id: string): Promise<ImportRecord> {
    const record = await this.get(tenantId, id);
    const active = (['run', 'dryRun'] as const).some((p) => ['queued', 'running'].includes(record[p].state));
    if (!active) throw problem(HttpStatus.CONFLICT, 'import-not-running', 'there is nothing to cancel: neither a dry run nor the import is under way');
    await this.imports.update(tenantId, record._id, { cancelRequested: true });
    return this.get(tenantId, id);
  }

  async rejectedRows(tenantId: string, id: string, pass: PassKind): Promise<{ record: ImportRecord; rows: AsyncGenerator<RejectedRow> }> {
    const record = await this.get(tenantId, id);
    return { record, rows: this.rejections.rows(tenantId, String(record._id), pass, record[pass].nextChunk + 1) };
  }
}
