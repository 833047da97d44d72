/** "1 contact", "12,500 contacts": how counts read everywhere in the console. */
export const contactCount = (n: number) => `${n.toLocaleString('en')} contact${n === 1 ? '' : 's'}`;

export const number = (n: number) => n.toLocaleString('en');

type Named = { firstName?: string | null; lastName?: string | null; phone?: string };

/** A contact in words: its name, else its phone, else "(no name)". */
export const personName = (c: Named) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.phone || '(no name)';
