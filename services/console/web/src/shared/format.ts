export const number = (n: number) => n.toLocaleString('en');

/** "1 contact", "12,500 contacts": how counts read everywhere in the console. */
export const contactCount = (n: number) => `${number(n)} contact${n === 1 ? '' : 's'}`;

/** A moment as the reader's browser writes dates and times. */
export const dateTime = (iso: string) => new Date(iso).toLocaleString();

type Named = { firstName?: string | null; lastName?: string | null; phone?: string };

/** A contact in words: its name, else its phone, else "(no name)". */
export const personName = (c: Named) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.phone || '(no name)';
