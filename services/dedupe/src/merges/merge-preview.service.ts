import { HttpStatus, Injectable } from '@nestjs/common';
import { ContactSnapshot } from '@roster/contracts';
import { ProblemException } from '@roster/http';
import { MergePlan, isMergeField, planMerge } from '@roster/merge';
import { DedupeContactsRepository } from '../candidates/candidates.repositories';
import { DedupeSettings } from '../settings/dedupe-settings';

/** The contact a merge would leave, computed from the contacts as their last events carried them. */
@Injectable()
export class MergePreviewService {
  constructor(
    private readonly contacts: DedupeContactsRepository,
    private readonly settings: DedupeSettings,
  ) {}

  async preview(tenantId: string, contactIds: string[], survivorId?: string, choices: Record<string, string> = {}): Promise<MergePlan> {
    return this.plan(tenantId, await this.group(tenantId, contactIds), survivorId, choices);
  }

  /** The merge of a group under the tenant's survivor rules and the reviewer's choices. */
  async plan(tenantId: string, group: ContactSnapshot[], survivorId?: string, choices: Record<string, string> = {}): Promise<MergePlan> {
    if (survivorId !== undefined && !group.some((c) => c.id === survivorId)) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'survivor-not-in-group', `The survivor ${survivorId} is not one of the contacts to merge`);
    }
    const badField = Object.keys(choices).find((field) => !isMergeField(field));
    if (badField) throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', `fieldChoices: "${badField}" is not a field a merge resolves`);
    const unknownChoice = Object.entries(choices).find(([, contactId]) => !group.some((c) => c.id === contactId));
    if (unknownChoice) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'choice-not-in-group', `fieldChoices.${unknownChoice[0]} names ${unknownChoice[1]}, which is not one of the contacts to merge`);
    }
    const { survivorRules } = await this.settings.of(tenantId);
    return planMerge(group, { fields: survivorRules }, survivorId, choices);
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
