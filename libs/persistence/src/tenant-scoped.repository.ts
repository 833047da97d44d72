import { QueryFilter, Model, ProjectionType, Types, UpdateQuery } from 'mongoose';
import { Page, decodeCursor, encodeCursor } from './cursor';

export class MissingTenantError extends Error {
  constructor() {
    super('a tenant id is required for every query');
  }
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the pagination cursor is malformed');
  }
}

export interface TenantDocument {
  tenantId: string;
}

/**
 * The one place where queries get their tenant scope. A subclass never writes `tenantId` into a
 * filter by hand: every method takes the tenant first and overrides any `tenantId` in the filter,
 * so a caller cannot reach another tenant's documents whatever ids it sends.
 */
export abstract class TenantScopedRepository<T extends TenantDocument> {
  protected constructor(protected readonly model: Model<T>) {}

  protected scope(tenantId: string, filter: QueryFilter<T> = {}): QueryFilter<T> {
    if (!tenantId) throw new MissingTenantError();
    return { ...filter, tenantId } as QueryFilter<T>;
  }

  /** Indexes an earlier version built and this one replaced: dropped once their successors exist. */
  protected readonly retiredIndexes: readonly string[] = [];

  /** Builds the collection's indexes; Nest calls this once at start-up for every repository. */
  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
    if (this.retiredIndexes.length === 0) return;
    const present = new Set((await this.model.collection.listIndexes().toArray()).map((index) => index.name as string));
    for (const name of this.retiredIndexes.filter((retired) => present.has(retired))) await this.model.collection.dropIndex(name);
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  /**
   * By primary key alone (the one lookup every MongoDB-compatible server serves from an index), then
   * the tenant check here: a document of another tenant is as absent as a missing one. `select`
   * is a mongoose selection, e.g. `+field` for a field the schema leaves out.
   */
  async findById(tenantId: string, id: string, select?: string): Promise<T | null> {
    if (!tenantId) throw new MissingTenantError();
    if (!Types.ObjectId.isValid(id)) return null;
    const query = this.model.findOne({ _id: new Types.ObjectId(id) } as QueryFilter<T>);
    const found = await (select ? query.select(select) : query).lean<T>().exec();
    return found && found.tenantId === tenantId ? found : null;
  }

  async findOne(tenantId: string, filter: QueryFilter<T>, projection?: ProjectionType<T>): Promise<T | null> {
    return this.model.findOne(this.scope(tenantId, filter), projection).lean<T>().exec();
  }

  async count(tenantId: string, filter: QueryFilter<T> = {}): Promise<number> {
    return this.model.countDocuments(this.scope(tenantId, filter)).exec();
  }

  async insert(tenantId: string, document: Omit<T, 'tenantId'> & Partial<TenantDocument>): Promise<T> {
    if (!tenantId) throw new MissingTenantError();
    const [created] = await this.model.insertMany([{ ...document, tenantId }]);
    return (created as unknown as { toObject(): T }).toObject();
  }

  async updateOne(tenantId: string, filter: QueryFilter<T>, update: UpdateQuery<T>): Promise<boolean> {
    const result = await this.model.updateOne(this.scope(tenantId, filter), update).exec();
    return result.matchedCount > 0;
  }

  async findOneAndUpdate(tenantId: string, filter: QueryFilter<T>, update: UpdateQuery<T>): Promise<T | null> {
    return this.model
      .findOneAndUpdate(this.scope(tenantId, filter), update, { returnDocument: 'after' })
      .lean<T>()
      .exec();
  }

  async deleteOne(tenantId: string, filter: QueryFilter<T>): Promise<boolean> {
    const result = await this.model.deleteOne(this.scope(tenantId, filter)).exec();
    return result.deletedCount > 0;
  }

  /** Keyset pagination in `_id` order: stable while documents are added or removed. */
  async page(tenantId: string, filter: QueryFilter<T>, cursor: string | undefined, limit: number, order: 'asc' | 'desc' = 'asc'): Promise<Page<T>> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && (after === undefined || !Types.ObjectId.isValid(after))) throw new InvalidCursorError();
    const beyond = { _id: { [order === 'asc' ? '$gt' : '$lt']: new Types.ObjectId(after) } };
    const scoped = this.scope(tenantId, after ? ({ ...filter, ...beyond } as QueryFilter<T>) : filter);
    const items = await this.model.find(scoped).sort({ _id: order === 'asc' ? 1 : -1 }).limit(limit + 1).lean<T[]>().exec();
    const more = items.length > limit;
    const pageItems = more ? items.slice(0, limit) : items;
    const last = pageItems[pageItems.length - 1] as (T & { _id: Types.ObjectId }) | undefined;
    return { items: pageItems, nextCursor: more && last ? encodeCursor(String(last._id)) : null };
  }
}
