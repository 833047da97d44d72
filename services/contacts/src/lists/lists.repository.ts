import { Inject, Injectable } from '@nestjs/common';
import { Connection } from 'mongoose';
import { MONGO_CONNECTION, TenantScopedRepository } from '@roster/persistence';
import { ContactList, ContactListSchema } from './list.schema';

@Injectable()
export class ListsRepository extends TenantScopedRepository<ContactList> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<ContactList>('ContactList', ContactListSchema));
  }
}
