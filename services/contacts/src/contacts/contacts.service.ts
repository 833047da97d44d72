import { HttpStatus, Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { ConsentChanged, ContactCreated, ContactDeleted, ContactUpdated, EventEnvelope, TagChanged } from '@roster/contracts';
import { ProblemException } from '@roster/http';
import { StoredEvent, outboxOnInsert, withOutbox } from '@roster/messaging';
import { TenantsService } from '../tenants/tenants.service';
import { Tenant } from '../tenants/tenant.schema';
import { ConsentRecord, ContactRecord, emptyTraits } from './contact.schema';
import { toSnapshot } from './contact.snapshot';
import { ContactWriter, WriteContext, concurrentModification } from './contact-writer';
import { mutations } from './contact-mutations';
import { ContactsOutbox } from './contacts-outbox';
import { ContactsRepository } from './contacts.repository';
import { ContactFields, ContactInput, changedFields, pickFields, resolveContactFields } from './domain/contact-input';
import { FieldError } from './domain/custom-fields';
import { searchTerms } from './domain/search-terms';
import { tagDiff } from './domain/tags';
import { ConsentInputDto } from './dto/contact.dto';
import { isDuplicateKeyError } from '@roster/persistence';

export function invalidFields(errors: FieldError[]): ProblemException {
  return new ProblemException(
    HttpStatus.BAD_REQUEST,
    'validation-failed',
    `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((e) => `${e.field} ${e.messages.join(', ')}`).join('; ')}`,
    { errors },
  );
}

export function notFound(id: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'contact-not-found', `No contact ${id} in this tenant.`);
}

export function planLimitReached(tenant: Pick<Tenant, 'planLimit'>, refused = 1): ProblemException {
  return new ProblemException(
    HttpStatus.CONFLICT,
    'plan-limit-reached',
    `The plan allows ${tenant.planLimit} contacts; ${refused === 1 ? 'this contact' : `${refused} contacts`} would exceed it.`,
    { limit: tenant.planLimit },
  );
}

export function consentRecord(input: ConsentInputDto, recordedBy: string | null): ConsentRecord {
  return {
    channel: 'whatsapp',
    status: input.status,
    at: input.at ? new Date(input.at) : new Date(),
    method: input.method,
    source: input.source,
    proof: input.proof ?? null,
    recordedBy,
  };
}

/** The contact's consent once `record` is added: the newest record is the current state. */
export function withConsentRecord(current: ContactRecord, record: ConsentRecord): ContactRecord['consent'] {
  return { whatsapp: { status: record.status, updatedAt: record.at }, history: [...current.consent.history, record] };
}

/** Builds a new contact document (version 1) with its ContactCreated event in the outbox. */
export function newContactRecord(
  writer: ContactWriter,
  context: WriteContext,
  fields: ContactFields,
  consent?: ConsentRecord,
  lists: string[] = [],
): Record<string, unknown> & ContactRecord & { outbox: StoredEvent[] } {
  const now = new Date();
  const record: ContactRecord = {
    _id: new Types.ObjectId(),
    tenantId: context.tenantId,
    ...fields,
    lists,
    consent: {
      whatsapp: consent ? { status: consent.status, updatedAt: consent.at } : { status: 'unknown', updatedAt: null },
      history: consent ? [consent] : [],
    },
    traits: emptyTraits(),
    searchTerms: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  record.searchTerms = searchTerms(record);
  const event = writer.event(ContactCreated, record, { contact: toSnapshot(record) }, context);
  return { ...record, ...(context.batchKey ? { createdByBatch: context.batchKey } : {}), ...outboxOnInsert([event]) };
}

@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly tenants: TenantsService,
    private readonly writer: ContactWriter,
    private readonly outbox: ContactsOutbox,
  ) {}

  async create(context: WriteContext, input: ContactInput & { consent?: ConsentInputDto }, recordedBy: string | null): Promise<ContactRecord> {
    const tenant = await this.tenants.get(context.tenantId);
    const resolved = resolveContactFields(input, tenant);
    if (!resolved.ok) throw invalidFields(resolved.errors);
    // The unique phone index decides; the phone is looked up only on a collision or a full plan.
    if ((await this.tenants.reserve(context.tenantId, 1)) === 0) {
      const existing = await this.contacts.findByPhone(context.tenantId, resolved.fields.phone);
      throw existing ? this.exists(existing) : planLimitReached(tenant);
    }

    const record = newContactRecord(this.writer, context, resolved.fields, input.consent ? consentRecord(input.consent, recordedBy) : undefined);
    const { duplicates } = await this.contacts.insertMany([record]);
    if (duplicates.length) {
      await this.tenants.release(context.tenantId, 1);
      throw this.exists((await this.contacts.findByPhone(context.tenantId, resolved.fields.phone))!);
    }
    this.writer.announceCreated(context.tenantId, [record]);
    return record;
  }

  async get(tenantId: string, id: string): Promise<ContactRecord> {
    const record = await this.contacts.findLive(tenantId, id);
    if (!record) throw notFound(id);
    return record;
  }

  async update(context: WriteContext, id: string, input: ContactInput): Promise<ContactRecord> {
    const tenant = await this.tenants.get(context.tenantId);
    try {
      const result = await this.writer.modify(context, id, (current) => {
        const resolved = resolveContactFields(input, tenant, pickFields(current));
        if (!resolved.ok) throw invalidFields(resolved.errors);
        const changed = changedFields(pickFields(current), resolved.fields);
        if (changed.length === 0) return null;
        if (changed.length === 1 && changed[0] === 'tags') {
          const diff = tagDiff(current.tags, resolved.fields.tags);
          return { set: { tags: resolved.fields.tags }, event: TagChanged, data: (contact) => ({ contact, ...diff }) };
        }
        return { set: resolved.fields, event: ContactUpdated, data: (contact) => ({ contact, changedFields: changed }) };
      });
      if (!result) throw notFound(id);
      return result.after;
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new ProblemException(HttpStatus.CONFLICT, 'contact-exists', 'Another contact already has this phone number.');
      }
      throw error;
    }
  }

  async changeTags(context: WriteContext, id: string, add: string[], remove: string[]): Promise<ContactRecord> {
    const result = await this.writer.modify(context, id, mutations.tags(add, remove));
    if (!result) throw notFound(id);
    return result.after;
  }

  /** Consent is append-only history; the current state is the newest record. Withdrawal applies at once. */
  async recordConsent(context: WriteContext, id: string, input: ConsentInputDto, recordedBy: string | null): Promise<ContactRecord> {
    const record = consentRecord(input, recordedBy);
    const result = await this.writer.modify(context, id, (current) => {
      const previousStatus = current.consent.whatsapp.status;
      return {
        set: { consent: withConsentRecord(current, record) },
        event: ConsentChanged,
        data: (contact) => ({ contact, channel: 'whatsapp', previousStatus, status: record.status, source: record.source }),
      };
    });
    if (!result) throw notFound(id);
    return result.after;
  }

  /**
   * Deletes a contact, leaving a tombstone until its ContactDeleted event is published. With `erase`,
   * every piece of personal data goes at once: fields, consent proofs, unpublished events that carry
   * the old state, and (through the event) every other service's copy.
   */
  async delete(context: WriteContext, id: string, erase: boolean, onErase: (contactId: string) => Promise<void>): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.contacts.findLive(context.tenantId, id);
      if (!current) throw notFound(id);
      const version = current.version + 1;
      const event = this.writer.event(ContactDeleted, { ...current, version }, { contactId: id, erased: erase }, context);
      const tombstone: Record<string, unknown> = { deletedAt: new Date(), phone: `deleted:${id}`, lists: [], version, searchTerms: [] };
      const update: Record<string, unknown> = erase
        ? {
            $set: {
              ...tombstone,
              firstName: null, lastName: null, email: null, company: null, notes: null, birthDate: null, phoneType: null,
              language: null, leadSource: null, tags: [], customFields: {}, location: { country: null, city: null },
              consent: { whatsapp: { status: 'unknown', updatedAt: null }, history: [] },
              outbox: [event], outboxPendingSince: new Date(),
            },
            $unset: { outboxRejected: '' },
          }
        : withOutbox({ $set: tombstone }, [event]);
      if (await this.contacts.replaceVersioned(context.tenantId, current._id, current.version, update)) {
        await this.tenants.release(context.tenantId, 1);
        if (erase) await onErase(id);
        this.outbox.nudge([current._id], context.lane);
        this.outbox.tombstoned();
        if (current.tags.length) this.writer.tagsChanged(context.tenantId);
        return;
      }
    }
    throw concurrentModification();
  }

  private exists(existing: ContactRecord): ProblemException {
    return new ProblemException(HttpStatus.CONFLICT, 'contact-exists', `A contact with phone ${existing.phone} already exists.`, {
      existingId: String(existing._id),
    });
  }
}
