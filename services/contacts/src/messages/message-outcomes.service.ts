import { HttpStatus, Injectable } from '@nestjs/common';
import { ActivityRecorded, ConsentChanged, ContactSnapshot, MessageEventData, MessageOutcome } from '@roster/contracts';
import { ProblemException } from '@roster/http';
import { UnprocessableEvent } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { Counter } from 'prom-client';
import { ContactRecord } from '../contacts/contact.schema';
import { ContactChange, ContactWriter, WriteContext } from '../contacts/contact-writer';
import { ContactsRepository } from '../contacts/contacts.repository';
import { ContactsService, consentRecord, withConsentRecord } from '../contacts/contacts.service';
import { applyActivity } from '../contacts/domain/traits';
import { OutboundStatus, STATUS_RANK, answeredMessage, statusOfRank, emptyEngagement, withInbound, withOutbound } from './domain/engagement';
import { matchKeyword } from './domain/keywords';
import { MessagingPolicy } from './domain/messaging-policy';
import { MessageRecord, messageKey } from './message.schema';
import { MessagesRepository } from './messages.repository';
import { MessagingPolicies } from './messaging-policies';

/** Why an outcome cannot be applied; it is dead-lettered (Kafka) or refused (HTTP) with the reason. */
export class MessageOutcomeRejected extends UnprocessableEvent {
  constructor(
    readonly reason: 'unknown-contact' | 'no-contact-reference',
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export type OutcomeResult = 'applied' | 'unchanged';

/**
 * Applies message outcomes to contacts: the message's own state first (idempotent by message id
 * and status), then the contact's engagement, status and consent in one versioned write with its
 * event, so segments follow. A replay, or a status the message already passed, changes nothing.
 */
@Injectable()
export class MessageOutcomesService {
  private readonly applied: Counter<'outcome' | 'result'>;

  constructor(
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
    private readonly contactsService: ContactsService,
    private readonly writer: ContactWriter,
    private readonly policies: MessagingPolicies,
    metrics: MetricsRegistry,
  ) {
    this.applied = metrics.counter('roster_message_outcomes_total', 'Message outcomes, by outcome and result (applied, unchanged, or the reason it was refused: unknown-contact, no-contact-reference)', ['outcome', 'result']);
  }

  async apply(context: WriteContext, outcome: MessageOutcome, data: MessageEventData): Promise<OutcomeResult> {
    try {
      const policy = await this.policies.of(context.tenantId);
      const contactId = await this.contactOf(context, outcome, data, policy);
      const result = outcome === 'received' ? await this.inbound(context, contactId, data, policy) : await this.outbound(context, contactId, outcome, data, policy);
      this.applied.inc({ outcome, result });
      return result;
    } catch (error) {
      if (error instanceof MessageOutcomeRejected) this.applied.inc({ outcome, result: error.reason });
      throw error;
    }
  }

  private async contactOf(context: WriteContext, outcome: MessageOutcome, data: MessageEventData, policy: MessagingPolicy): Promise<string> {
    if (data.contactId) return data.contactId;
    if (!data.phone) throw new MessageOutcomeRejected('no-contact-reference', `message ${data.messageId} names neither a contact id nor a phone`);
    const found = await this.contacts.findByPhone(context.tenantId, data.phone);
    if (found && !found.deletedAt) return String(found._id);
    if (outcome === 'received' && policy.createContactOnInbound) {
      try {
        return String((await this.contactsService.create(context, { phone: data.phone }, null))._id);
      } catch (error) {
        // Created meanwhile by another inbound message from the same number.
        const existing = await this.contacts.findByPhone(context.tenantId, data.phone);
        if (existing && !existing.deletedAt) return String(existing._id);
        throw error;
      }
    }
    throw new MessageOutcomeRejected('unknown-contact', `no contact has the phone ${data.phone}`);
  }

  private async outbound(context: WriteContext, contactId: string, status: OutboundStatus, data: MessageEventData, policy: MessagingPolicy): Promise<OutcomeResult> {
    const at = new Date(data.occurredAt);
    const before = await this.messages.get(context.tenantId, data.messageId);
    if (!MessagesRepository.changes(before, { status, at })) return 'unchanged';
    const rank = Math.max(before?.rank ?? 0, STATUS_RANK[status]);
    const folded = before?.foldedRank ?? 0;
    const owner = before?.contactId ?? contactId;
    const outcome = {
      tenantId: context.tenantId, messageId: data.messageId, contactId: owner, campaignId: data.campaignId ?? null, conversationId: data.conversationId ?? null,
      status, at, failure: data.error,
    };
    if (rank <= folded) {
      // Only an earlier time for a status the contact has taken in: the message keeps it.
      await this.messages.applyOutbound(outcome, folded, true);
      return 'unchanged';
    }
    const earliest = (x: Date | undefined) => (x && x < at ? x : at);
    const readAt = status === 'read' ? earliest(before?.readAt) : (before?.readAt ?? null);
    const failureCode = (rank === STATUS_RANK.failed ? (data.error ?? before?.failure)?.code : undefined) ?? null;
    const message = {
      messageId: data.messageId, campaignId: before?.campaignId ?? outcome.campaignId, sentAt: before ? earliest(before.at) : at, status: statusOfRank(rank)!, failureCode, readAt,
      repliedAt: before?.repliedAt ?? null,
    };
    let answeredAt: Date | undefined;

    // The contact first, then the message with what the contact has taken in: a failure between
    // the two has the outcome applied again, and the contact's recent messages keep it from counting twice.
    const result = await this.writer.modify(context, owner, (current) => {
      const engagement = current.engagement ?? emptyEngagement();
      const known = engagement.recent.find((m) => m.messageId === data.messageId);
      if (known && STATUS_RANK[known.status] >= rank) return null;
      const next = withOutbound(engagement, message, { firstSeen: folded === 0, becameRead: rank === STATUS_RANK.read && folded < rank }, policy, new Date());
      // Answered by an inbound message taken in before this message was: its record learns it too.
      const answered = !message.repliedAt && next.recent.some((m) => m.messageId === data.messageId && m.replied) && !known?.replied;
      answeredAt = answered && next.lastInboundAt ? new Date(next.lastInboundAt) : undefined;
      const set: Partial<ContactRecord> = { engagement: next, ...statusForNumber(current, next) };
      if (message.status === 'read' && readAt) set.traits = applyActivity(current.traits, { kind: 'message.read', occurredAt: readAt });
      return activityChange(set, data.messageId, `message.${message.status}`, at);
    });
    if (!result) throw new MessageOutcomeRejected('unknown-contact', `no contact ${owner}`);
    await this.messages.applyOutbound({ ...outcome, repliedAt: answeredAt }, rank, before !== null);
    return 'applied';
  }

  private async inbound(context: WriteContext, contactId: string, data: MessageEventData, policy: MessagingPolicy): Promise<OutcomeResult> {
    const at = new Date(data.occurredAt);
    const record: MessageRecord = {
      _id: messageKey(context.tenantId, data.messageId), tenantId: context.tenantId, messageId: data.messageId, contactId, direction: 'inbound',
      campaignId: data.campaignId ?? null, conversationId: data.conversationId ?? null, rank: 0, foldedRank: 0, at, text: data.text ?? '',
      textExpiresAt: new Date(at.getTime() + policy.textRetentionDays * 86_400_000), replyTo: data.replyTo ?? null, createdAt: new Date(),
    };
    if (!(await this.messages.addInbound(record))) return 'unchanged';
    const keyword = matchKeyword(data.text ?? '', policy.keywords);
    let answered: string | null = null;

    const result = await this.writer.modify(context, contactId, (current) => {
      const engagement = current.engagement ?? emptyEngagement();
      answered = answeredMessage(engagement, at, data.replyTo ?? null);
      const next = withInbound(engagement, at, answered, new Date());
      const set: Partial<ContactRecord> = {
        engagement: next,
        traits: applyActivity(current.traits, { kind: 'message.replied', occurredAt: at }),
        ...statusOnInbound(current, policy),
      };
      const consent = keyword && (keyword.kind === 'opt-out' || policy.optInPolicy === 'grant') ? consentByKeyword(current, keyword.kind, data, at) : null;
      if (!consent) return activityChange(set, data.messageId, 'message.received', at);
      return { set: { ...set, consent: consent.consent }, event: ConsentChanged, data: consent.data };
    });
    if (!result) throw new MessageOutcomeRejected('unknown-contact', `no contact ${contactId}`);
    if (answered) await this.messages.markReplied(context.tenantId, answered, at);
    await this.messages.markFolded(context.tenantId, data.messageId);
    return 'applied';
  }
}

function activityChange(set: Partial<ContactRecord>, messageId: string, kind: string, at: Date): ContactChange {
  return { set, event: ActivityRecorded, data: (contact) => ({ contact, activity: { id: messageId, kind, occurredAt: at.toISOString() } }) };
}

/** The invalid-number rule's effect on the status: marks it, and gives back the earlier status once the number works. */
function statusForNumber(current: ContactRecord, engagement: ReturnType<typeof withOutbound>): Partial<ContactRecord> {
  if (engagement.invalidNumber && current.status !== 'invalid' && current.status !== 'blocked') {
    return { status: 'invalid', statusBeforeInvalid: current.status };
  }
  if (!engagement.invalidNumber && current.status === 'invalid' && current.engagement?.invalidNumber) {
    return { status: current.statusBeforeInvalid ?? 'active', statusBeforeInvalid: undefined };
  }
  return {};
}

/** An inbound message proves the number works and, per the tenant's rule, sets the status; blocked stays blocked. */
function statusOnInbound(current: ContactRecord, policy: MessagingPolicy): Partial<ContactRecord> {
  if (current.status === 'blocked') return {};
  const restored = current.status === 'invalid' && current.engagement?.invalidNumber ? (current.statusBeforeInvalid ?? 'active') : current.status;
  const status = policy.statusOnInbound ?? restored;
  return status === current.status ? {} : { status, statusBeforeInvalid: undefined };
}

/** A keyword changes WhatsApp consent at once, with the message as proof in the history. */
function consentByKeyword(current: ContactRecord, kind: 'opt-out' | 'opt-in', data: MessageEventData, at: Date) {
  const status = kind === 'opt-out' ? ('opted_out' as const) : ('opted_in' as const);
  const previousStatus = current.consent.whatsapp.status;
  if (previousStatus === status) return null;
  const record = consentRecord(
    { status, method: 'keyword', source: 'whatsapp-inbound', proof: `message ${data.messageId}: "${(data.text ?? '').slice(0, 200)}"`, at: at.toISOString() },
    null,
  );
  return {
    consent: withConsentRecord(current, record),
    data: (contact: ContactSnapshot) => ({ contact, channel: 'whatsapp', previousStatus, status, source: 'whatsapp-inbound' }),
  };
}

export function rejectedProblem(error: MessageOutcomeRejected): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, error.reason, error.message);
}
