import { Injectable, Logger } from '@nestjs/common';
import { ContactCreated, ContactUpdated, ContactsMerged, EventData, MergeDecided, MergeUndoDecided, tagKey } from '@roster/contracts';
import { withOutbox } from '@roster/messaging';
import { planMerge } from '@roster/merge';
import { ActivitiesRepository } from '../activities/activities.repository';
import { ContactRecord } from '../contacts/contact.schema';
import { toSnapshot } from '../contacts/contact.snapshot';
import { ContactWriter } from '../contacts/contact-writer';
import { ContactsRepository } from '../contacts/contacts.repository';
import { searchTerms } from '../contacts/domain/search-terms';
import { TenantsService } from '../tenants/tenants.service';

export type MergeOutcome = 'merged' | 'undone' | 'already-applied' | 'refused';

type Decision = EventData<typeof MergeDecided>;
type UndoDecision = EventData<typeof MergeUndoDecided>;

/** What a merge changes on the survivor, and an undo puts back. */
const MERGED_FIELDS = [
  'firstName', 'lastName', 'email', 'company', 'language', 'leadSource', 'birthDate', 'status', 'phoneType',
  'tags', 'lists', 'customFields', 'location', 'notes', 'consent', 'traits',
] as const satisfies ReadonlyArray<keyof ContactRecord>;

const date = (iso: string | null) => (iso ? new Date(iso) : null);

/** Whether a survivor holds (has applied, and not undone) this merge. */
const holdsMerge = (survivor: ContactRecord, decisionId: string) => survivor.mergeHistory?.some((h) => h.decisionId === decisionId) ?? false;

const pick = <K extends keyof ContactRecord>(record: ContactRecord, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, record[k]])) as Pick<ContactRecord, K>;

/**
 * Applies a merge decided by the dedupe service. Steps, each safe to repeat, so a redelivered or
 * interrupted decision ends in the same state: (1) the merged-away contacts become tombstones that
 * remember the decision (their phone freed, their state kept for undo); (2) the survivor takes the
 * merged state and emits ContactsMerged, recording the decision; (3) timelines move to the survivor.
 */
@Injectable()
export class ContactMerger {
  private readonly logger = new Logger(ContactMerger.name);

  constructor(
    private readonly contacts: ContactsRepository,
    private readonly writer: ContactWriter,
    private readonly activities: ActivitiesRepository,
    private readonly tenants: TenantsService,
  ) {}

  async apply(tenantId: string, decision: Decision, correlationId?: string): Promise<MergeOutcome> {
    const { decisionId, survivorId, mergedIds } = decision;
    const survivor = await this.contacts.findLive(tenantId, survivorId);
    if (survivor && holdsMerge(survivor, decisionId)) return 'already-applied';
    const merged: ContactRecord[] = [];
    for (const id of mergedIds) {
      const found = id === survivorId ? null : await this.contacts.findById(tenantId, id);
      const mine = found && (!found.deletedAt || found.mergedInto?.decisionId === decisionId);
      if (!mine) return this.refuse(tenantId, decision, `contact ${id} is not a live contact of this tenant (or is the survivor)`);
      merged.push(found!.mergedInto ? { ...found!, phone: found!.mergedInto.phone, lists: found!.mergedInto.lists } : found!);
    }
    if (!survivor) return this.refuse(tenantId, decision, `the survivor ${survivorId} is not a live contact of this tenant`);

    const plan = planMerge([survivor, ...merged].map(toSnapshot), {}, survivorId, decision.fieldChoices);
    const at = new Date();
    let released = 0;
    for (const contact of merged) {
      if (contact.deletedAt) continue; // tombstoned by an earlier attempt of this decision
      const tombstone = {
        $set: {
          deletedAt: at, phone: `merged:${contact._id}`, lists: [], searchTerms: [],
          mergedInto: { survivorId, decisionId, at, phone: contact.phone, lists: contact.lists },
        },
      };
      if (!(await this.contacts.replaceVersioned(tenantId, contact._id, contact.version, tombstone))) {
        throw new Error(`contact ${contact._id} changed while being merged; the decision is retried`);
      }
      released += 1;
    }
    await this.tenants.release(tenantId, released);

    const { result } = plan;
    const notes = [survivor, ...merged].map((c) => c.notes).filter((n): n is string => Boolean(n?.trim()));
    const history = [survivor, ...merged].flatMap((c) => c.consent.history).sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
    const applied = await this.writer.modify({ tenantId, correlationId }, survivorId, (current) =>
      holdsMerge(current, decisionId)
        ? null
        : {
            set: {
              firstName: result.firstName, lastName: result.lastName, email: result.email, company: result.company, language: result.language,
              leadSource: result.leadSource, birthDate: result.birthDate, status: result.status, phoneType: result.phoneType,
              tags: result.tags.map((label) => ({ key: tagKey(label), label })),
              lists: result.lists, customFields: result.customFields, location: result.location,
              notes: notes.length > 0 ? [...new Set(notes)].join('\n\n') : null,
              consent: { whatsapp: { status: result.consent.whatsapp.status, updatedAt: date(result.consent.whatsapp.updatedAt) }, history },
              traits: {
                totalSpent: result.traits.totalSpent, purchaseCount: result.traits.purchaseCount,
                firstPurchaseAt: date(result.traits.firstPurchaseAt), lastPurchaseAt: date(result.traits.lastPurchaseAt),
                lastActivityAt: date(result.traits.lastActivityAt), lastMessageReadAt: date(result.traits.lastMessageReadAt),
              },
              mergeHistory: [...(current.mergeHistory ?? []), { decisionId, mergedIds, at, before: pick(current, MERGED_FIELDS) }],
            },
            event: ContactsMerged,
            data: (contact) => ({ contact, survivorId, mergedIds, decisionId }),
          },
    );
    if (!applied) return this.refuse(tenantId, decision, `the survivor ${survivorId} was deleted while being merged`);
    await this.activities.moveForMerge(tenantId, decisionId, mergedIds, survivorId);
    this.logger.log({ tenantId, decisionId, survivorId, mergedIds }, 'contacts merged');
    return 'merged';
  }

  /**
   * Undoes an applied merge: the survivor gets back its state from before the merge, the
   * merged-away contacts come back as they were (ContactCreated), and moved activities return.
   * Each step is safe to repeat; a merged-away contact whose phone another contact took meanwhile
   * stays merged, with a warning.
   */
  async undo(tenantId: string, decision: UndoDecision, correlationId?: string): Promise<MergeOutcome> {
    const { decisionId, survivorId } = decision;
    const survivor = await this.contacts.findLive(tenantId, survivorId);
    const entry = survivor?.mergeHistory?.find((h) => h.decisionId === decisionId);
    if (!survivor || !entry) return this.refuse(tenantId, decision, `the survivor ${survivorId} holds no merge ${decisionId} to undo`);

    let restored = 0;
    for (const id of entry.mergedIds) {
      const merged = await this.contacts.findById(tenantId, id);
      if (!merged?.deletedAt || merged.mergedInto?.decisionId !== decisionId) continue; // already back
      if (await this.contacts.findByPhone(tenantId, merged.mergedInto.phone)) {
        this.refuse(tenantId, decision, `contact ${id} stays merged: another contact now has its phone ${merged.mergedInto.phone}`);
        continue;
      }
      const back: ContactRecord = { ...merged, phone: merged.mergedInto.phone, lists: merged.mergedInto.lists, version: merged.version + 1, updatedAt: new Date() };
      delete back.deletedAt;
      delete back.mergedInto;
      const event = this.writer.event(ContactCreated, back, { contact: toSnapshot(back) }, { tenantId, correlationId });
      const update = withOutbox(
        { $set: { phone: back.phone, lists: back.lists, version: back.version, updatedAt: back.updatedAt, searchTerms: searchTerms(back) }, $unset: { deletedAt: '', mergedInto: '' } },
        [event],
      );
      if (await this.contacts.replaceVersioned(tenantId, merged._id, merged.version, update)) restored += 1;
    }
    await this.tenants.restore(tenantId, restored);
    await this.activities.moveBack(tenantId, decisionId);

    await this.writer.modify({ tenantId, correlationId }, survivorId, (current) => {
      const held = current.mergeHistory?.find((h) => h.decisionId === decisionId);
      if (!held) return null;
      return {
        set: {
          ...held.before,
          mergeHistory: (current.mergeHistory ?? []).filter((h) => h.decisionId !== decisionId),
        },
        event: ContactUpdated,
        data: (contact) => ({ contact, changedFields: MERGED_FIELDS.filter((f) => JSON.stringify(current[f]) !== JSON.stringify(held.before[f])) }),
      };
    });
    this.logger.log({ tenantId, decisionId, survivorId, restored }, 'merge undone');
    return 'undone';
  }

  private refuse(tenantId: string, decision: Decision | UndoDecision, reason: string): MergeOutcome {
    this.logger.warn({ tenantId, decisionId: decision.decisionId, reason }, 'merge refused');
    return 'refused';
  }
}
