import { HttpStatus, Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { ProblemException } from '@roster/http';
import { BulkOutcome, BulkService } from '../bulk/bulk.service';
import { mutations } from '../contacts/contact-mutations';
import { WriteContext } from '../contacts/contact-writer';
import { ContactsRepository } from '../contacts/contacts.repository';
import { byIds } from '../contacts/contact-filter';
import { tagKey } from '../contacts/domain/tags';
import { CreateListDto, UpdateListDto } from './dto/list.dto';
import { ContactList } from './list.schema';
import { ListsRepository } from './lists.repository';
import { isDuplicateKeyError } from '@roster/persistence';

export const nameKey = (name: string) => tagKey(name);

@Injectable()
export class ListsService {
  constructor(
    private readonly lists: ListsRepository,
    private readonly contacts: ContactsRepository,
    private readonly bulk: BulkService,
  ) {}

  async create(tenantId: string, dto: CreateListDto): Promise<ContactList> {
    try {
      return await this.lists.insert(tenantId, { _id: new Types.ObjectId(), name: dto.name.trim(), nameKey: nameKey(dto.name), description: dto.description ?? null } as never);
    } catch (error) {
      throw this.translate(error, dto.name);
    }
  }

  async get(tenantId: string, id: string): Promise<ContactList> {
    const list = await this.lists.findById(tenantId, id);
    if (!list) throw new ProblemException(HttpStatus.NOT_FOUND, 'list-not-found', `No list ${id} in this tenant.`);
    return list;
  }

  async page(tenantId: string, cursor: string | undefined, limit: number) {
    const page = await this.lists.page(tenantId, {}, cursor, limit);
    const items = await Promise.all(page.items.map(async (list) => ({ ...list, contacts: await this.count(tenantId, String(list._id)) })));
    return { items, nextCursor: page.nextCursor };
  }

  count(tenantId: string, id: string): Promise<number> {
    return this.contacts.count(tenantId, { lists: id, deletedAt: { $exists: false } });
  }

  async update(tenantId: string, id: string, dto: UpdateListDto): Promise<ContactList> {
    await this.get(tenantId, id);
    const set: Partial<ContactList> = {};
    if (dto.name !== undefined) Object.assign(set, { name: dto.name.trim(), nameKey: nameKey(dto.name) });
    if (dto.description !== undefined) set.description = dto.description;
    try {
      return (await this.lists.findOneAndUpdate(tenantId, { _id: id }, { $set: set }))!;
    } catch (error) {
      throw this.translate(error, dto.name ?? '');
    }
  }

  /** Deletes a list; its contacts leave it (moved first to `moveTo` when given). Contacts stay. */
  async delete(context: WriteContext, id: string, moveTo?: string): Promise<BulkOutcome> {
    await this.get(context.tenantId, id);
    if (moveTo === id) throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid-move', 'A list cannot be moved into itself.');
    if (moveTo) await this.get(context.tenantId, moveTo);
    const outcome = await this.bulk.apply(context, { lists: id }, mutations.lists(moveTo ? [moveTo] : [], [id]));
    await this.lists.deleteOne(context.tenantId, { _id: id });
    return outcome;
  }

  async addMembers(context: WriteContext, id: string, contactIds: string[]): Promise<BulkOutcome> {
    await this.get(context.tenantId, id);
    return this.bulk.apply(context, byIds(contactIds), mutations.lists([id], []));
  }

  async removeMembers(context: WriteContext, id: string, contactIds: string[]): Promise<BulkOutcome> {
    await this.get(context.tenantId, id);
    return this.bulk.apply(context, byIds(contactIds), mutations.lists([], [id]));
  }

  /** List names by id, for exports that name lists the way people do. */
  async namesById(tenantId: string): Promise<Map<string, string>> {
    return new Map((await this.lists.all(tenantId)).map((list) => [String(list._id), list.name]));
  }

  /**
   * The ids of lists named in rows (an import of an export), by name key; with `create`, lists that
   * do not exist yet are made, so a backup restores into a fresh tenant.
   */
  async idsForNames(tenantId: string, names: string[], create: boolean): Promise<Map<string, string>> {
    const ids = new Map((await this.lists.all(tenantId)).map((list) => [list.nameKey, String(list._id)]));
    for (const name of names) {
      if (ids.has(nameKey(name)) || !create) continue;
      try {
        ids.set(nameKey(name), String((await this.create(tenantId, { name }))._id));
      } catch (error) {
        if (!(error instanceof ProblemException) || error.getStatus() !== HttpStatus.CONFLICT) throw error;
        const raced = await this.lists.findOne(tenantId, { nameKey: nameKey(name) });
        if (raced) ids.set(nameKey(name), String(raced._id));
      }
    }
    return ids;
  }

  private translate(error: unknown, name: string): unknown {
    if (isDuplicateKeyError(error)) {
      return new ProblemException(HttpStatus.CONFLICT, 'list-exists', `A list named "${name}" already exists.`);
    }
    return error;
  }
}
