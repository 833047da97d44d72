import { Injectable } from '@nestjs/common';
import { ActivitiesRepository } from '../activities/activities.repository';

type Eraser = (tenantId: string, contactId: string) => Promise<void>;

/** Everything kept about a contact outside its document, removed by a GDPR erasure; capabilities register theirs. */
@Injectable()
export class ContactErasure {
  private readonly erasers: Eraser[] = [(tenantId, contactId) => this.activities.eraseForContact(tenantId, contactId)];

  constructor(private readonly activities: ActivitiesRepository) {}

  register(eraser: Eraser): void {
    this.erasers.push(eraser);
  }

  async erase(tenantId: string, contactId: string): Promise<void> {
    for (const eraser of this.erasers) await eraser(tenantId, contactId);
  }
}
