import { Inject, Injectable } from '@nestjs/common';
import { Connection } from 'mongoose';
import { MONGO_CONNECTION, TenantScopedRepository } from '@roster/persistence';
import { ContactList, ContactListSchema } from './list.schema';

@Injectable()
export class ListsRepository extends TenantScopedRepository<ContactList> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<ContactList>('ContactList', ContactListSchema));
  }

  /** Every list of the tenant: a tenant keeps tens of lists, not thousands. */
  all(tenantId: string): Promise<ContactList[]> {
    return this.model.find(this.scope(tenantId)).lean<ContactList[]>().exec();
  }
}
