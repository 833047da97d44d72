import { Static, TObject, TProperties, Type } from '@sinclair/typebox';
import { defineEvent } from '../envelope';
import { Topics } from '../topics';

/**
 * Message outcomes reported by campaign services on `roster.messages.v1` (or over HTTP, same data).
 * Envelope `subject` is the message id and `sequence` any positive integer: a message's state comes
 * from its statuses by rank (sent < failed < delivered < read), so order and replays do not matter.
 */
const MessageRefProperties = {
  messageId: Type.String({ minLength: 1, maxLength: 200, description: 'The provider message id (WhatsApp wamid)' }),
  contactId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The contact, by id; or give phone' })),
  phone: Type.Optional(Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'The contact, by phone in E.164; used when contactId is absent' })),
  campaignId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  conversationId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  occurredAt: Type.String({ format: 'date-time' }),
};

const messageData = <P extends TProperties>(extra: P): TObject<typeof MessageRefProperties & P> =>
  Type.Object({ ...MessageRefProperties, ...extra }, { additionalProperties: false });

const example = { messageId: 'wamid.HBgLNDkxNTEyMzQ1Njc4OQ', phone: '+4915123456789', campaignId: 'cmp_spring', occurredAt: '2026-03-01T10:00:00.000Z' };

export const MessageSent = defineEvent({
  name: 'MessageSent',
  type: 'roster.message.sent.v1',
  topic: Topics.Messages,
  description: 'A campaign service sent a message to a contact.',
  data: messageData({}),
  example,
});

export const MessageDelivered = defineEvent({
  name: 'MessageDelivered',
  type: 'roster.message.delivered.v1',
  topic: Topics.Messages,
  description: "A message reached the contact's device.",
  data: messageData({}),
  example,
});

export const MessageRead = defineEvent({
  name: 'MessageRead',
  type: 'roster.message.read.v1',
  topic: Topics.Messages,
  description: 'The contact read a message.',
  data: messageData({}),
  example,
});

export const MessageFailed = defineEvent({
  name: 'MessageFailed',
  type: 'roster.message.failed.v1',
  topic: Topics.Messages,
  description: 'A message could not be delivered, with the WhatsApp error code and title.',
  data: messageData({
    error: Type.Object({ code: Type.Integer(), title: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
  }),
  example: { ...example, error: { code: 131026, title: 'Message undeliverable' } },
});

export const MessageReceived = defineEvent({
  name: 'MessageReceived',
  type: 'roster.message.received.v1',
  topic: Topics.Messages,
  description: 'The contact sent a message (inbound), with its text and the message it answers, if any.',
  data: messageData({
    text: Type.String({ maxLength: 4096 }),
    replyTo: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  }),
  example: { ...example, messageId: 'wamid.HBgLNDkxNTEyMzQ1Njc4OR', text: 'Yes please!', replyTo: 'wamid.HBgLNDkxNTEyMzQ1Njc4OQ' },
});

export const MESSAGE_EVENTS = [MessageSent, MessageDelivered, MessageRead, MessageFailed, MessageReceived] as const;

/** What a message event reports: an outbound status, or an inbound message. */
export const MESSAGE_OUTCOMES = ['sent', 'delivered', 'read', 'failed', 'received'] as const;
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

export const outcomeOfType: Readonly<Record<string, MessageOutcome>> = Object.fromEntries(
  MESSAGE_EVENTS.map((e) => [e.type, e.type.split('.')[2] as MessageOutcome]),
);

/** The data of any message event: the shared reference, plus the error or the inbound text. */
export type MessageEventData = Static<typeof MessageSent.data> & Partial<Static<typeof MessageFailed.data>> & Partial<Static<typeof MessageReceived.data>>;

/**
 * The Kafka key a campaign service gives a message event: the contact (its id, else its phone), so
 * that one contact's outcomes keep their order and different contacts' are applied side by side.
 */
export const messageEventKey = (data: Pick<MessageEventData, 'contactId' | 'phone' | 'messageId'>): string => data.contactId ?? data.phone ?? data.messageId;

/**
 * WhatsApp errors that mean the number cannot receive messages (as opposed to a template, rate,
 * payment or 24-hour-window problem, which say nothing about the number). Only these count
 * toward a tenant's "invalid number" rule.
 */
export const HARD_FAILURE_CODES: Readonly<Record<number, string>> = {
  131026: 'Message undeliverable: the number is not on WhatsApp, or cannot receive (terms not accepted, outdated app)',
  1013: 'User is not valid: the number is not a WhatsApp user (On-Premises API)',
  131021: 'Recipient cannot be sender: the number is the business number itself',
};

export const isHardFailure = (code: number) => code in HARD_FAILURE_CODES;
