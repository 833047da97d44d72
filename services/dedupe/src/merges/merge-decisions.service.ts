import { createHash } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { MergeDecided, MergeUndoDecided, createEvent } from '@roster/contracts';
import { ProblemException } from '@roster/http';
import { DedupeContactsRepository } from '../candidates/candidates.repositories';
import { DedupeSettings } from '../settings/dedupe-settings';
import { DedupeOutbox } from './dedupe-outbox';
import { MergeDecisionRecord } from './merge-decision.schema';
import { MergeDecisionsRepository } from './merge-decisions.repository';
import { MergePreviewService } from './merge-preview.service';

export interface MergeRequest {
  contactIds: string[];
  survivorId?: string;
  /** The version of each contact as reviewed: a contact changed since then refuses the merge. */
  expectedVersions?: Record<string, number>;
  fieldChoices?: Record<string, string>;
}

/**
 * Decides merges. The decision goes out as MergeDecided; the contacts service applies it and
 * announces ContactsMerged, which marks the decision applied here. A decision is identified by
 * the group and the versions it was made on, so retrying a request decides nothing twice.
 */
@Injectable()
export class MergeDecisionsService {
  constructor(
    private readonly previews: MergePreviewService,
    private readonly decisions: MergeDecisionsRepository,
    private readonly outbox: DedupeOutbox,
    private readonly contacts: DedupeContactsRepository,
    private readonly settings: DedupeSettings,
  ) {}

  async decide(tenantId: string, decidedBy: string, request: MergeRequest, correlationId?: string): Promise<{ decision: MergeDecisionRecord; created: boolean }> {
    const badVersion = Object.entries(request.expectedVersions ?? {}).find(([, v]) => !Number.isInteger(v) || v < 0);
    if (badVersion) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'validation-failed', `expectedVersions.${badVersion[0]} must be a non-negative integer`);
    const badChoice = Object.entries(request.fieldChoices ?? {}).find(([, v]) => typeof v !== 'string');
    if (badChoice) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'validation-failed', `fieldChoices.${badChoice[0]} must be a contact id`);
    // With the versions as reviewed, a retry finds its decision even after the merge was applied.
    const reviewed = request.expectedVersions;
    const fullyReviewed = reviewed !== undefined && request.contactIds.every((id) => reviewed[id] !== undefined);
    if (fullyReviewed) {
      const retried = await this.decisions.get(tenantId, decisionId(tenantId, request.contactIds.map((id) => [id, reviewed[id]] as const), request.survivorId, request.fieldChoices));
      if (retried) return { decision: retried, created: false };
    }
    const group = await this.previews.group(tenantId, request.contactIds);
    const changed = group.filter((c) => reviewed?.[c.id] !== undefined && reviewed[c.id] !== c.version);
    if (changed.length > 0) {
      throw new ProblemException(HttpStatus.CONFLICT, 'group-changed', `Contacts changed since they were reviewed: ${changed.map((c) => c.id).join(', ')}; review the group again`);
    }
    const id = decisionId(tenantId, group.map((c) => [c.id, c.version] as const), request.survivorId, request.fieldChoices);
    // Fully reviewed and unchanged, this is the id looked up above.
    const existing = fullyReviewed ? null : await this.decisions.get(tenantId, id);
    if (existing) return { decision: existing, created: false };
    const busy = await this.decisions.pendingInvolving(tenantId, request.contactIds);
    if (busy.length > 0) {
      throw new ProblemException(HttpStatus.CONFLICT, 'merge-in-progress', `A merge of some of these contacts is being applied (${busy.map((d) => d._id).join(', ')}); wait for it`);
    }
    const plan = await this.previews.plan(tenantId, group, request.survivorId, request.fieldChoices);
    const survivor = group.find((c) => c.id === plan.survivorId)!;
    const decision: MergeDecisionRecord = {
      _id: id, tenantId, survivorId: plan.survivorId, mergedIds: plan.mergedIds, versions: Object.fromEntries(group.map((c) => [c.id, c.version])),
      // Every field's source as previewed (tenant rules and reviewer's choices): the contacts service applies exactly that.
      fieldChoices: plan.sources, decidedBy, state: 'decided', decidedAt: new Date(), appliedAt: null,
    };
    // Keyed by the survivor, after its current version: the contacts service applies each decision once.
    const event = createEvent(MergeDecided, {
      tenantId, subject: plan.survivorId, sequence: survivor.version + 1, source: '/roster/dedupe', correlationId,
      data: { decisionId: id, survivorId: plan.survivorId, mergedIds: plan.mergedIds, decidedBy, fieldChoices: decision.fieldChoices },
    });
    const created = await this.decisions.insert(decision, event);
    if (created) this.outbox.nudge([id]);
    return { decision: created ? decision : (await this.decisions.get(tenantId, id))!, created };
  }

  recent(tenantId: string): Promise<MergeDecisionRecord[]> {
    return this.decisions.recent(tenantId, 100);
  }

  async get(tenantId: string, id: string): Promise<MergeDecisionRecord> {
    const decision = await this.decisions.get(tenantId, id);
    if (!decision) throw new ProblemException(HttpStatus.NOT_FOUND, 'merge-not-found', `No merge decision ${id}`);
    return decision;
  }

  /** Asks the contacts service to undo an applied merge, within the tenant's window. */
  async undo(tenantId: string, id: string, requestedBy: string, correlationId?: string): Promise<MergeDecisionRecord> {
    const decision = await this.get(tenantId, id);
    if (decision.state === 'undo-requested' || decision.state === 'undone') return decision;
    if (decision.state !== 'applied') throw new ProblemException(HttpStatus.CONFLICT, 'merge-not-applied', `Merge ${id} is not applied yet; wait until it is`);
    const days = (await this.settings.of(tenantId)).undoWindowDays;
    if (Date.now() - decision.appliedAt!.getTime() > days * 86_400_000) {
      throw new ProblemException(HttpStatus.CONFLICT, 'undo-window-passed', `Merge ${id} was applied more than ${days} days ago; it can no longer be undone`);
    }
    const survivor = await this.contacts.get(tenantId, decision.survivorId);
    const event = createEvent(MergeUndoDecided, {
      tenantId, subject: decision.survivorId, sequence: (survivor?.version ?? 0) + 1, source: '/roster/dedupe', correlationId,
      data: { decisionId: id, survivorId: decision.survivorId, requestedBy },
    });
    if (await this.decisions.requestUndo(tenantId, id, requestedBy, event)) this.outbox.nudge([id]);
    return this.get(tenantId, id);
  }
}

function decisionId(tenantId: string, versions: ReadonlyArray<readonly [string, number]>, survivorId = '', choices: Record<string, string> = {}): string {
  const key = JSON.stringify([tenantId, [...versions].sort(), survivorId, Object.entries(choices).sort()]);
  return `mrg_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}
