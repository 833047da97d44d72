import { Injectable } from '@nestjs/common';
import { QueryFilter, Types } from 'mongoose';
import { inLane } from '@roster/persistence';
import { ContactRecord } from '../contacts/contact.schema';
import { ContactMutation } from '../contacts/contact-mutations';
import { ContactWriter, WriteContext } from '../contacts/contact-writer';
import { ContactsRepository } from '../contacts/contacts.repository';
import { ContactsService } from '../contacts/contacts.service';

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
    const bulk: WriteContext = { ...context, lane: 'bulk' };
    return inLane('bulk', () => this.forEach(context.tenantId, filter, async (id) => (await this.writer.modify(bulk, id, mutation))?.changed ?? false));
  }

  async delete(context: WriteContext, filter: QueryFilter<ContactRecord>, onErase: (id: string) => Promise<void>): Promise<BulkOutcome> {
    const bulk: WriteContext = { ...context, lane: 'bulk' };
    return inLane('bulk', () => this.forEach(context.tenantId, filter, async (id) => {
      await this.service.delete(bulk, String(id), false, onErase).catch((error) => {
        if (error?.status !== 404) throw error; // deleted meanwhile
      });
      return true;
    }));
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
