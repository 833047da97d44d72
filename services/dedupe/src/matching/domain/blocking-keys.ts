import { MatchableContact } from './pair-scorer';
import { phoneIdentity } from './phone-identity';
import { foldText, givenName, mailboxOf, soundKey } from './text-keys';

/**
 * The blocks a contact falls in: only contacts sharing a block are compared, so finding
 * candidates costs a few lookups per contact instead of a comparison with every other one.
 * Blocks follow what can make a pair reach the threshold: the same line (in any written form), the
 * same mailbox, or a name at the same company: one block per word of the name, so swapped names
 * meet, and a typo in one word does not split a pair that shares another. A name alone never does, so there is no
 * block by name alone: those would be the largest of all.
 */
export function blockingKeys(contact: MatchableContact): string[] {
  const keys = [`phone:${phoneIdentity(contact.phone)}`];
  const mailbox = mailboxOf(contact.email);
  if (mailbox) keys.push(`mail:${mailbox}`);
  const company = foldText(contact.company);
  if (company) {
    const names = new Set(`${soundKey(givenName(contact.firstName))} ${soundKey(contact.lastName)}`.split(' ').filter(Boolean));
    for (const name of names) keys.push(`company:${company}:${name}`);
  }
  return keys;
}
