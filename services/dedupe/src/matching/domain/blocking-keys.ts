import { MatchableContact } from './pair-scorer';
import { phoneIdentity } from './phone-identity';
import { foldText, givenName, mailboxOf, soundKey } from './text-keys';

/**
 * The blocks a contact falls in: only contacts sharing a block are compared, so finding
 * candidates costs a few lookups per contact instead of a comparison with every other one.
 */
export function blockingKeys(contact: MatchableContact): string[] {
  const keys = [`phone:${phoneIdentity(contact.phone)}`];
  const mailbox = mailboxOf(contact.email);
  if (mailbox) keys.push(`mail:${mailbox}`);
  const last = soundKey(contact.lastName);
  const first = givenName(contact.firstName);
  if (last && first) {
    keys.push(`name:${last}:${first[0]}`);
    // Order-free: first and last name swapped still meet.
    keys.push(`person:${[last, soundKey(first)].sort().join(':')}`);
  }
  const company = foldText(contact.company);
  if (company && last) keys.push(`company:${company}:${last}`);
  return keys;
}
