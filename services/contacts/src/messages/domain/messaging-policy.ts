import { CONTACT_STATUSES } from '@roster/contracts';
import { DEFAULT_KEYWORDS, KeywordSet } from './keywords';

/** A tenant's rules for what message outcomes do to its contacts. */
export interface MessagingPolicy {
  /** Outbound messages kept per contact for "of the last N" conditions and the rates. */
  recentMessages: number;
  /** Consecutive hard failures (HARD_FAILURE_CODES) after which a number is marked invalid. */
  hardFailuresToInvalid: number;
  /** The status an inbound message sets (null: leaves it); a blocked contact stays blocked. */
  statusOnInbound: (typeof CONTACT_STATUSES)[number] | null;
  /** Opt-out and opt-in keywords per language; an inbound message that is one of them, whole, acts. */
  keywords: KeywordSet[];
  /** `grant`: an opt-in keyword opts the contact in, with the message as proof; `ignore`: it does nothing. */
  optInPolicy: 'grant' | 'ignore';
  /** Days the text of messages is kept; it is removed after. */
  textRetentionDays: number;
  /** An inbound message from an unknown number creates a contact (else it is dead-lettered). */
  createContactOnInbound: boolean;
}

export const DEFAULT_MESSAGING_POLICY: MessagingPolicy = {
  recentMessages: 10,
  hardFailuresToInvalid: 2,
  statusOnInbound: 'active',
  keywords: DEFAULT_KEYWORDS,
  optInPolicy: 'grant',
  textRetentionDays: 90,
  createContactOnInbound: false,
};

export const MESSAGING_LIMITS = { recentMessages: 50, hardFailuresToInvalid: 10, textRetentionDays: 3650 } as const;

export function messagingPolicyOf(stored: Partial<MessagingPolicy> | undefined): MessagingPolicy {
  return { ...DEFAULT_MESSAGING_POLICY, ...(stored ?? {}) };
}
