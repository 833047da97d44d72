import { HttpStatus, Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { EventDefinition, EventEnvelope, Lane, createEvent } from '@roster/contracts';
import { ProblemException } from '@roster/http';
import { StoredEvent, eventOf, withOutbox } from '@roster/messaging';
import { ContactRecord } from './contact.schema';
import { toSnapshot } from './contact.snapshot';
import { ContactsOutbox } from './contacts-outbox';
import { ContactsRepository } from './contacts.repository';
import { searchTerms } from './domain/search-terms';
import { TagCatalogue } from '../tags/tag-catalogue';

export const CONTACTS_SOURCE = '/roster/contacts';

/** A change to one contact: the fields to set and the event it emits (built from the new state). */
export interface ContactChange {
  set: Partial<ContactRecord>;
  event: EventDefinition;
  data: (snapshot: ReturnType<typeof toSnapshot>) => unknown;
}

export function concurrentModification(): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, 'concurrent-modification', 'The contact is being changed by many writers at once; retry.');
}

export interface WriteContext {
  tenantId: string;
  correlationId?: string;
  batchKey?: string;
  /** `bulk` for bulk work: its events travel in the bulk lane, behind no person's edit. */
  lane?: Lane;
}

/**
 * The one way a contact changes: read, decide, then write the new state together with its event
 * (sequence = new version) in one atomic, version-checked update. A concurrent writer makes the
 * check fail and the change is decided again on the fresh state.
 */
@Injectable()
export class ContactWriter {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly outbox: ContactsOutbox,
    private readonly tags?: TagCatalogue,
  ) {}

  event(definition: EventDefinition, record: ContactRecord, data: unknown, context: WriteContext): EventEnvelope {
    return createEvent(definition, {
      tenantId: record.tenantId,
      subject: String(record._id),
      sequence: record.version,
      source: CONTACTS_SOURCE,
      correlationId: context.correlationId,
      lane: context.lane,
      data: data as never,
    });
  }

  /** Contacts just inserted with their creation events: published without a relay round. */
  announceCreated(tenantId: string, records: ReadonlyArray<Pick<ContactRecord, '_id' | 'version' | 'tags'> & { outbox: StoredEvent[] }>): void {
    if (records.some((r) => r.tags.length > 0)) this.tags?.changed(tenantId);
    this.outbox.handOver(records.map((r) => ({ _id: r._id, version: r.version, events: r.outbox.map(eventOf) })));
  }

  /** Contacts' tags changed by a write outside `modify` (a deletion): the catalogue counts again. */
  tagsChanged(tenantId: string): void {
    this.tags?.changed(tenantId);
  }

  /** Returns the contact after the change (unchanged when `decide` returns null), or null if absent. */
  async modify(
    context: WriteContext,
    id: string | Types.ObjectId,
    decide: (current: ContactRecord) => ContactChange | null,
  ): Promise<{ before: ContactRecord; after: ContactRecord; changed: boolean } | null> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.contacts.findForWrite(context.tenantId, String(id));
      if (!current) return null;
      const change = decide(current);
      if (!change) return { before: current, after: current, changed: false };
      const now = new Date();
      const after: ContactRecord = { ...current, ...change.set, updatedAt: now, version: current.version + 1 };
      after.searchTerms = searchTerms(after);
      const event = this.event(change.event, after, change.data(toSnapshot(after)), context);
      const set: Record<string, unknown> = { ...change.set, searchTerms: after.searchTerms, updatedAt: now, version: after.version };
      if (context.batchKey) set.updatedByBatch = context.batchKey;
      if (await this.contacts.replaceVersioned(context.tenantId, current._id, current.version, withOutbox({ $set: set }, [event]))) {
        // With nothing pending before, the outbox now holds just this event (writes check the version).
        if (current.outboxPendingSince) this.outbox.nudge([current._id], context.lane);
        else this.outbox.handOver([{ _id: current._id, version: after.version, events: [event] }]);
        if ('tags' in change.set) this.tags?.changed(context.tenantId);
        return { before: current, after, changed: true };
      }
      await new Promise((r) => setTimeout(r, Math.random() * 3 * (attempt + 1)));
    }
    throw concurrentModification();
  }
}
