import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { WHITELIST } from '@roster/http';
import { ContactUpdated } from '@roster/contracts';
import { inLane } from '@roster/persistence';
import { ContactRecord } from '../contacts/contact.schema';
import { ContactWriter, WriteContext } from '../contacts/contact-writer';
import { ContactsRepository } from '../contacts/contacts.repository';
import { consentRecord, withConsentRecord, newContactRecord } from '../contacts/contacts.service';
import { ContactFields, ContactInput, TenantRules, changedFields, pickFields, resolveContactFields } from '../contacts/domain/contact-input';
import { normalizeTags } from '../contacts/domain/tags';
import { ConsentInputDto } from '../contacts/dto/contact.dto';
import { ListsService, nameKey } from '../lists/lists.service';
import { TenantsService } from '../tenants/tenants.service';
import { RowResult } from './bulk-batch.schema';
import { BulkBatchesRepository } from './bulk-batches.repository';
import { BulkRowDto, BulkRowsDto, BulkUpsertDto } from './bulk-upsert.dto';

interface PreparedRow {
  row: number;
  input: ContactInput;
  fields: ContactFields;
  /** The lists the row names (ids), besides the batch's list. */
  lists: string[];
  consent?: ConsentInputDto;
}

const unite = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/**
 * A row's consent on an existing contact: taken where the contact's consent is unknown, or as an
 * opt-out; an opt-in from a file never overrides an opt-out.
 */
function consentChange(current: ContactRecord, input: ConsentInputDto, recordedBy: string | null): ContactRecord['consent'] | undefined {
  const now = current.consent.whatsapp.status;
  if (now === input.status || (input.status === 'opted_in' && now === 'opted_out')) return undefined;
  return withConsentRecord(current, consentRecord(input, recordedBy));
}

const rejected = (row: number, reason: string, field?: string): RowResult => ({ row, status: 'rejected', reason, ...(field ? { field } : {}) });

/** Adds the batch's common tags and list to a row, keeping the row's own. */
function withBatchDefaults(input: ContactInput, dto: BulkRowsDto): ContactInput {
  return {
    ...input,
    ...(dto.tags?.length ? { tags: [...(input.tags ?? []), ...dto.tags] } : {}),
    ...(dto.leadSource && input.leadSource === undefined ? { leadSource: dto.leadSource } : {}),
  };
}

/**
 * Upserts up to 1,000 contacts for an import. Idempotent under the batch key: results are stored
 * once and returned again on retry, and contacts carry the key of the batch that created or last
 * updated them, so a batch retried after a crash reports the same rows without counting twice.
 */
/** A batch of up to this many contacts is an API client editing a few; a larger one is bulk work. */
export const INTERACTIVE_BATCH_MAX = 10;

@Injectable()
export class BulkUpsertService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly tenants: TenantsService,
    private readonly lists: ListsService,
    private readonly batches: BulkBatchesRepository,
    private readonly writer: ContactWriter,
  ) {}

  async upsert(context: WriteContext, dto: BulkUpsertDto, recordedBy: string | null): Promise<RowResult[]> {
    const lane = dto.contacts.length > INTERACTIVE_BATCH_MAX ? 'bulk' : context.lane ?? 'interactive';
    // Its events go in the bulk lane, and its database requests batch beside a person's, not ahead.
    return inLane(lane, () => this.upsertBatch({ ...context, batchKey: dto.batchKey, lane }, dto, recordedBy));
  }

  private async upsertBatch(context: WriteContext, dto: BulkUpsertDto, recordedBy: string | null): Promise<RowResult[]> {
    const known = await this.batches.results(context.tenantId, dto.batchKey);
    if (known) return known;
    if (dto.listId) await this.lists.get(context.tenantId, dto.listId);
    const tenant = await this.tenants.get(context.tenantId);

    const results: RowResult[] = [];
    const prepared = await this.prepare(context.tenantId, dto, tenant, results, true);
    // Insert first: the unique phone index tells which rows exist, so a fresh import never reads
    // before it writes. Only rows that collided or found no room under the plan are looked up.
    const { unplaced, overLimit } = dto.mode === 'update'
      ? { unplaced: prepared, overLimit: new Set<PreparedRow>() }
      : await this.insertNew(context, dto, prepared, results, recordedBy);
    const existing = new Map((await this.contacts.findLiveByPhones(context.tenantId, unplaced.map((p) => p.fields.phone))).map((c) => [c.phone, c]));

    for (const row of unplaced) {
      const current = existing.get(row.fields.phone);
      if (!current) {
        if (dto.mode === 'update') results.push(rejected(row.row, 'no contact with this phone (update-only mode)', 'phone'));
        else if (overLimit.has(row)) results.push(rejected(row.row, `plan limit of ${tenant.planLimit} contacts reached`));
        else results.push(rejected(row.row, 'the contact changed during the batch; retry the row'));
      } else if (current.createdByBatch === dto.batchKey) {
        results.push({ row: row.row, status: 'created', contactId: String(current._id) });
      } else if (current.updatedByBatch === dto.batchKey) {
        results.push({ row: row.row, status: 'updated', contactId: String(current._id) });
      } else if (dto.mode === 'create') {
        results.push({ row: row.row, status: 'unchanged', contactId: String(current._id), reason: 'already exists (create-only mode)' });
      } else {
        results.push(await this.update(context, dto, tenant, { ...row, current }, recordedBy));
      }
    }

    results.sort((a, b) => a.row - b.row);
    const stored = await this.batches.remember(context.tenantId, dto.batchKey, results);
    return stored;
  }

  /**
   * Inserts rows as new contacts as far as the plan allows. Returns the rows not created: those whose
   * phone exists (their reserved slots are given back and offered to the rows still waiting) and
   * those for which no slot was left.
   */
  private async insertNew(context: WriteContext, dto: BulkUpsertDto, rows: PreparedRow[], results: RowResult[], recordedBy: string | null) {
    const consent = dto.consent ? consentRecord(dto.consent, recordedBy) : undefined;
    const collided: PreparedRow[] = [];
    let waiting = rows;
    while (waiting.length > 0) {
      const granted = await this.tenants.reserve(context.tenantId, waiting.length);
      if (granted === 0) break;
      const admitted = waiting.slice(0, granted);
      waiting = waiting.slice(granted);
      const records = admitted.map((row) =>
        newContactRecord(this.writer, context, row.fields, row.consent ? consentRecord(row.consent, recordedBy) : consent, unite(dto.listId ? [dto.listId] : [], row.lists)),
      );
      const { duplicates } = await this.contacts.insertMany(records);
      await this.tenants.release(context.tenantId, duplicates.length);
      this.writer.announceCreated(context.tenantId, records.filter((_, i) => !duplicates.includes(i)));
      admitted.forEach((row, i) => {
        if (duplicates.includes(i)) collided.push(row);
        else results.push({ row: row.row, status: 'created', contactId: String(records[i]._id) });
      });
    }
    return { unplaced: [...collided, ...waiting], overLimit: new Set(waiting) };
  }

  /**
   * Validates each row on its own; returns the valid ones, first occurrence of each phone. Lists
   * named in rows are found by name, and with `createLists` made where missing.
   */
  private async prepare(tenantId: string, dto: BulkRowsDto, tenant: TenantRules, results: RowResult[], createLists: boolean): Promise<PreparedRow[]> {
    const rows: PreparedRow[] = [];
    const seen = new Map<string, number>();
    const named = dto.contacts.flatMap((raw) => (Array.isArray(raw.lists) ? raw.lists.filter((n): n is string => typeof n === 'string' && n.trim() !== '') : []));
    const listIds = named.length ? await this.lists.idsForNames(tenantId, [...new Set(named.map((n) => n.trim()))], createLists) : new Map<string, string>();
    dto.contacts.forEach((raw, row) => {
      const shape = validateSync(plainToInstance(BulkRowDto, raw), WHITELIST);
      if (shape.length) {
        const first = shape[0];
        return results.push(rejected(row, `${first.property}: ${Object.values(first.constraints ?? { invalid: 'is invalid' })[0]}`, first.property));
      }
      const { lists: rowLists, consent: rowConsent, ...fields } = raw as unknown as BulkRowDto;
      const input = withBatchDefaults(fields as ContactInput, dto);
      const resolved = resolveContactFields(input, tenant, undefined, dto.defaultCountry);
      if (!resolved.ok) {
        const first = resolved.errors[0];
        return results.push(rejected(row, `${first.field}: ${first.messages[0]}`, first.field));
      }
      const earlier = seen.get(resolved.fields.phone);
      if (earlier !== undefined) return results.push(rejected(row, `duplicate of row ${earlier} in this batch`, 'phone'));
      seen.set(resolved.fields.phone, row);
      const lists = (rowLists ?? []).map((name) => listIds.get(nameKey(name.trim()))).filter((id): id is string => id !== undefined);
      rows.push({ row, input, fields: resolved.fields, lists, consent: rowConsent });
    });
    return rows;
  }

  /** What a row would change on its contact: a rejection, nothing, or the fields to set. */
  private planUpdate(dto: BulkRowsDto, tenant: TenantRules, row: PreparedRow, current: ContactRecord, recordedBy: string | null) {
    // Tags from a file add to the contact's tags; they do not replace them.
    const input = { ...row.input, ...(row.input.tags ? { tags: [...current.tags.map((t) => t.label), ...row.input.tags] } : {}) };
    const resolved = resolveContactFields(input, tenant, pickFields(current), dto.defaultCountry);
    if (!resolved.ok) return { failure: rejected(row.row, `${resolved.errors[0].field}: ${resolved.errors[0].messages[0]}`, resolved.errors[0].field) };
    const lists = unite(current.lists, [...(dto.listId ? [dto.listId] : []), ...row.lists]);
    const changed = changedFields(pickFields(current), resolved.fields);
    if (lists.length !== current.lists.length) changed.push('lists');
    const consent = row.consent && consentChange(current, row.consent, recordedBy);
    if (consent) changed.push('consent');
    if (changed.length === 0) return { changed };
    return { changed, set: { ...resolved.fields, tags: normalizeTags(resolved.fields.tags.map((t) => t.label)), lists, ...(consent ? { consent } : {}) } };
  }

  private async update(context: WriteContext, dto: BulkUpsertDto, tenant: TenantRules, row: PreparedRow & { current: ContactRecord }, recordedBy: string | null): Promise<RowResult> {
    let failure: RowResult | undefined;
    const result = await this.writer.modify(context, row.current._id, (current) => {
      const plan = this.planUpdate(dto, tenant, row, current, recordedBy);
      failure = plan.failure;
      if (!plan.set) return null;
      return { set: plan.set, event: ContactUpdated, data: (contact) => ({ contact, changedFields: plan.changed }) };
    });
    if (failure) return failure;
    if (!result) return rejected(row.row, 'the contact was deleted during the batch');
    return { row: row.row, status: result.changed ? 'updated' : 'unchanged', contactId: String(result.after._id) };
  }

  /**
   * The results the batch would have, without writing anything (an import's dry run). Rows that
   * would be new are reported as created; the caller weighs them against the plan limit.
   */
  async preview(tenantId: string, dto: BulkRowsDto): Promise<RowResult[]> {
    if (dto.listId) await this.lists.get(tenantId, dto.listId);
    const tenant = await this.tenants.get(tenantId);
    const results: RowResult[] = [];
    const prepared = await this.prepare(tenantId, dto, tenant, results, false);
    const existing = new Map((await this.contacts.findLiveByPhones(tenantId, prepared.map((p) => p.fields.phone))).map((c) => [c.phone, c]));
    for (const row of prepared) {
      const current = existing.get(row.fields.phone);
      if (!current) {
        results.push(dto.mode === 'update' ? rejected(row.row, 'no contact with this phone (update-only mode)', 'phone') : { row: row.row, status: 'created' });
      } else if (dto.mode === 'create') {
        results.push({ row: row.row, status: 'unchanged', contactId: String(current._id), reason: 'already exists (create-only mode)' });
      } else {
        const plan = this.planUpdate(dto, tenant, row, current, null);
        results.push(plan.failure ?? { row: row.row, status: plan.set ? 'updated' : 'unchanged', contactId: String(current._id) });
      }
    }
    return results.sort((a, b) => a.row - b.row);
  }
}
