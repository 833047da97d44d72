import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '../clock';
import { inSegment } from '../membership/domain/membership-engine';
import { canMessage } from '../rules/domain/fields';
import { RuleNode, isAny, topLevelParts } from '../rules/domain/rule';
import { SegmentContact } from '../rules/domain/segment-contact';
import { PreviewContacts } from './preview/preview-contacts';
import { SegmentCatalog } from './segment-catalog';

const SAMPLE_SIZE = 10;

export interface SegmentPreviewResult {
  matching: number;
  messageable: number;
  evaluated: number;
  sample: Array<{ id: string; firstName: string | null; lastName: string | null }>;
  conditions: Array<{ rule: RuleNode; matching: number }>;
  tookMs: number;
}

/** What a rule would select now, computed over the tenant's contacts without saving anything. */
@Injectable()
export class SegmentPreview {
  constructor(
    private readonly contacts: PreviewContacts,
    private readonly catalog: SegmentCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async preview(tenantId: string, rule: RuleNode, listId: string | null): Promise<SegmentPreviewResult> {
    const started = Date.now();
    const { lifecycle } = await this.catalog.of(tenantId);
    const context = { now: this.clock.now(), lifecycle };
    const parts = topLevelParts(rule).map((part) => ({ rule: part, definition: { id: 'preview', version: 0, rule: part, listId, retiring: false }, matching: 0 }));
    // The rule's result follows from its top-level parts, each evaluated once.
    const combine = isAny(rule) ? (results: boolean[]) => results.some(Boolean) : (results: boolean[]) => results.every(Boolean);
    const result: SegmentPreviewResult = { matching: 0, messageable: 0, evaluated: 0, sample: [], conditions: [], tookMs: 0 };

    const visit = (contact: SegmentContact) => {
      result.evaluated += 1;
      const results = parts.map((part) => inSegment(part.definition, contact, context));
      results.forEach((matched, i) => matched && (parts[i].matching += 1));
      if (!combine(results)) return;
      result.matching += 1;
      if (canMessage(contact)) result.messageable += 1;
      if (result.sample.length < SAMPLE_SIZE) result.sample.push({ id: contact.id, firstName: contact.firstName, lastName: contact.lastName });
    };
    const contacts = await this.contacts.contactsOf(tenantId);
    // Held in memory: one synchronous pass, with no await per contact.
    if (Symbol.iterator in contacts) for (const contact of contacts) visit(contact);
    else for await (const contact of contacts) visit(contact);
    result.conditions = parts.map(({ rule: part, matching }) => ({ rule: part, matching }));
    result.tookMs = Date.now() - started;
    return result;
  }
}
