import { MatchableContact } from './pair-scorer';
import { phoneIdentity } from './phone-identity';
import { foldText, givenName, mailboxOf, soundKey } from './text-keys';

/**
 * The blocks a contact falls in: only contacts sharing a block are compared, so finding
 * candidates costs a few lookups per contact instead of a comparison with every other one.
 * Blocks follow what can make a pair reach the threshold: the same line (in any written form), the
 * same mailbox, or a name at the same company (order-free, so swapped names meet; by first name
 * too, so a typo in the last name does not split them). A name alone never does, so there is no
 * block by name alone: those would be the largest of all.
 */
export function blockingKeys(contact: MatchableContact): string[] {
  const keys = [`phone:${phoneIdentity(contact.phone)}`];
  const mailbox = mailboxOf(contact.email);
  if (mailbox) keys.push(`mail:${mailbox}`);
  const company = foldText(contact.company);
  const first = soundKey(givenName(contact.firstName));
  const last = soundKey(givenName(contact.lastName));
  if (company && (first || last)) {
    keys.push(`company:${company}:${[first, last].sort().join(':')}`);
    if (first) keys.push(`company-first:${company}:${first}`);
  }
  return keys;
}
