import { Inject, Injectable } from '@nestjs/common';
import { Connection, Types } from 'mongoose';
import { MONGO_CONNECTION, TenantScopedRepository } from '@roster/persistence';
import { SavedView, SavedViewSchema } from './saved-view.schema';

@Injectable()
export class ViewsRepository extends TenantScopedRepository<SavedView> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<SavedView>('SavedView', SavedViewSchema));
  }

  /** A user's own views and the ones shared in the tenant, by name (people keep tens, not thousands). */
  visibleTo(tenantId: string, owner: string): Promise<SavedView[]> {
    return this.model.find(this.scope(tenantId, { $or: [{ owner }, { shared: true }] })).sort({ name: 1 }).lean<SavedView[]>().exec();
  }

  /** Saves under the owner's name: a view of the same name is replaced. */
  async save(tenantId: string, owner: string, view: Pick<SavedView, 'name' | 'query' | 'columns' | 'shared'>): Promise<SavedView> {
    return (await this.model
      .findOneAndUpdate(this.scope(tenantId, { owner, name: view.name }), { $set: view }, { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true })
      .lean<SavedView>()
      .exec())!;
  }

  /** False when the owner has no view by that id (a malformed id included). */
  async remove(tenantId: string, owner: string, id: string): Promise<boolean> {
    return Types.ObjectId.isValid(id) && this.deleteOne(tenantId, { _id: id, owner });
  }
}
