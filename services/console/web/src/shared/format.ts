/** "1 contact", "12,500 contacts": how counts read everywhere in the console. */
export const contactCount = (n: number) => `${n.toLocaleString('en')} contact${n === 1 ? '' : 's'}`;

export const number = (n: number) => n.toLocaleString('en');
