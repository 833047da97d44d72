import { Injectable } from '@nestjs/common';
import { QueryFilter, Types } from 'mongoose';
import { ContactUpdated, TagChanged } from '@roster/contracts';
import { ContactRecord } from '../contacts/contact.schema';
import { ContactChange, ContactWriter, WriteContext } from '../contacts/contact-writer';
import { ContactsRepository } from '../contacts/contacts.repository';
import { ContactsService } from '../contacts/contacts.service';
import { changeTags } from '../contacts/domain/tags';

export type ContactMutation = (current: ContactRecord) => ContactChange | null;

export const mutations = {
  tags: (add: string[], remove: string[]): ContactMutation => (current) => {
    const next = changeTags(current.tags, add, remove);
    if (!next.added.length && !next.removed.length) return null;
    return { set: { tags: next.tags }, event: TagChanged, data: (contact) => ({ contact, added: next.added, removed: next.removed }) };
  },
  status: (status: ContactRecord['status']): ContactMutation => (current) =>
    current.status === status ? null : { set: { status }, event: ContactUpdated, data: (contact) => ({ contact, changedFields: ['status'] }) },
  lists: (add: string[], remove: string[]): ContactMutation => (current) => {
    const lists = [...current.lists.filter((l) => !remove.includes(l)), ...add.filter((l) => !current.lists.includes(l))];
    if (lists.length === current.lists.length && lists.every((l, i) => l === current.lists[i])) return null;
    return { set: { lists }, event: ContactUpdated, data: (contact) => ({ contact, changedFields: ['lists'] }) };
  },
};

export interface BulkOutcome {
  matched: number;
  changed: number;
}

/** Applies one change to many contacts, each with its own version-checked write and event. */
@Injectable()
export class BulkService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly writer: ContactWriter,
    private readonly service: ContactsService,
  ) {}

  async apply(context: WriteContext, filter: QueryFilter<ContactRecord>, mutation: ContactMutation): Promise<BulkOutcome> {
    return this.forEach(context.tenantId, filter, async (id) => (await this.writer.modify(context, id, mutation))?.changed ?? false);
  }

  async delete(context: WriteContext, filter: QueryFilter<ContactRecord>, onErase: (id: string) => Promise<void>): Promise<BulkOutcome> {
    return this.forEach(context.tenantId, filter, async (id) => {
      await this.service.delete(context, String(id), false, onErase).catch((error) => {
        if (error?.status !== 404) throw error; // deleted meanwhile
      });
      return true;
    });
  }

  private async forEach(tenantId: string, filter: QueryFilter<ContactRecord>, each: (id: Types.ObjectId) => Promise<boolean>): Promise<BulkOutcome> {
    const outcome: BulkOutcome = { matched: 0, changed: 0 };
    for await (const ids of this.contacts.idsMatching(tenantId, filter)) {
      outcome.matched += ids.length;
      // A few writes in flight: fast enough, and gentle on the database.
      for (let i = 0; i < ids.length; i += 8) {
        const results = await Promise.all(ids.slice(i, i + 8).map(each));
        outcome.changed += results.filter(Boolean).length;
      }
    }
    return outcome;
  }
}
