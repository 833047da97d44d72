import doubleMetaphone from 'talisman/phonetics/double-metaphone';

/** Lower case, accents and punctuation off, spaces collapsed: `José  d'Ávila` → `jose d avila`. */
export function foldText(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Providers known to ignore dots in the local part, and those that deliver `user+tag` to `user`. */
const DOTS_IGNORED = new Set(['gmail.com']);
const PLUS_TAGS = new Set(['gmail.com', 'outlook.com', 'hotmail.com', 'live.com', 'icloud.com', 'me.com', 'protonmail.com', 'proton.me', 'fastmail.com', 'yahoo.com.br']);
const DOMAIN_ALIASES: Record<string, string> = { 'googlemail.com': 'gmail.com' };

/** The mailbox an address delivers to: case, and dots and `+tag` where the provider ignores them. */
export function mailboxOf(email: string | null | undefined): string | null {
  const at = email?.trim().toLowerCase().lastIndexOf('@') ?? -1;
  if (!email || at <= 0) return null;
  const address = email.trim().toLowerCase();
  let local = address.slice(0, at);
  const domain = DOMAIN_ALIASES[address.slice(at + 1)] ?? address.slice(at + 1);
  if (PLUS_TAGS.has(domain)) local = local.split('+')[0];
  if (DOTS_IGNORED.has(domain)) local = local.replace(/\./g, '');
  return local ? `${local}@${domain}` : null;
}

/** Common short forms, so `Bob` meets `Robert` and `Zé` meets `José`. */
const NICKNAMES: Record<string, string> = {
  bob: 'robert', rob: 'robert', bobby: 'robert', bill: 'william', will: 'william', liz: 'elizabeth', beth: 'elizabeth',
  mike: 'michael', jim: 'james', jimmy: 'james', kate: 'katherine', katie: 'katherine', tom: 'thomas', tony: 'anthony',
  ze: 'jose', pepe: 'jose', chico: 'francisco', paco: 'francisco', pancho: 'francisco', beto: 'roberto', guto: 'augusto',
  nando: 'fernando', rafa: 'rafael', gabi: 'gabriela', dani: 'daniela', fer: 'fernanda', lu: 'luciana', manu: 'manuela',
  juca: 'joao', joca: 'joao', tonho: 'antonio', toninho: 'antonio', lupe: 'guadalupe', hansi: 'hans', sepp: 'josef',
};

/** A first name in its folded, long form. */
export function givenName(value: string | null | undefined): string {
  const folded = foldText(value);
  return NICKNAMES[folded] ?? folded;
}

/** The primary Double Metaphone code of each word, joined: names that sound alike share it. */
export function soundKey(value: string | null | undefined): string {
  return foldText(value)
    .split(' ')
    .filter(Boolean)
    .map((word) => doubleMetaphone(word)[0])
    .join(' ');
}
