import { HttpStatus, Injectable } from '@nestjs/common';
import { ContactSnapshot } from '@roster/contracts';
import { ProblemException } from '@roster/http';
import { MergePlan, planMerge } from '@roster/merge';
import { DedupeContactsRepository } from '../candidates/candidates.repositories';

/** The contact a merge would leave, computed from the contacts as their last events carried them. */
@Injectable()
export class MergePreviewService {
  constructor(private readonly contacts: DedupeContactsRepository) {}

  async preview(tenantId: string, contactIds: string[], survivorId?: string): Promise<MergePlan> {
    const group = await this.group(tenantId, contactIds);
    if (survivorId !== undefined && !contactIds.includes(survivorId)) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'survivor-not-in-group', `The survivor ${survivorId} is not one of the contacts to merge`);
    }
    return planMerge(group, {}, survivorId);
  }

  /** The live contacts named, each once, all of this tenant. */
  async group(tenantId: string, contactIds: string[]): Promise<ContactSnapshot[]> {
    const repeated = contactIds.filter((id, i) => contactIds.indexOf(id) !== i);
    if (repeated.length > 0) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'contact-repeated', `A contact is named twice: ${[...new Set(repeated)].join(', ')}`);
    if (contactIds.length < 2) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'too-few-contacts', 'A merge needs at least two contacts');
    const found = new Map((await this.contacts.many(tenantId, contactIds)).map((r) => [r.contactId, r.contact]));
    const missing = contactIds.filter((id) => !found.get(id));
    if (missing.length > 0) throw new ProblemException(HttpStatus.NOT_FOUND, 'contact-not-found', `No such contacts: ${missing.join(', ')}`);
    return contactIds.map((id) => found.get(id)!);
  }
}
