// A tenant with known duplicates: BENCH people, then a share of them entered a second time with the
// corruptions real data has (phone variants of several countries, typos, nicknames, swapped names,
// email variants, missing fields). The truth is the list of (original, duplicate) pairs.
import { MatchableContact } from '../services/dedupe/src/matching/domain/pair-scorer';

const FIRST = [
  'José', 'Francisco', 'Roberto', 'Fernando', 'Rafael', 'Gabriela', 'Daniela', 'João', 'Antonio', 'Maria', 'Ana', 'Juliana', 'Paulo',
  'Lucas', 'Mateus', 'Beatriz', 'Camila', 'Larissa', 'Rodrigo', 'Thiago', 'Guadalupe', 'Alejandro', 'Sofía', 'Valentina', 'Diego',
  'Martín', 'Lucía', 'Carmen', 'Javier', 'Pablo', 'William', 'Robert', 'Michael', 'James', 'Elizabeth', 'Katherine', 'Thomas',
  'Anthony', 'Olivia', 'Amelia', 'Harry', 'Oliver', 'George', 'Emily', 'Lukas', 'Leon', 'Hannah', 'Lena', 'Felix', 'Josef', 'Hans',
  'Manuela', 'Luciana', 'Fernanda', 'Augusto', 'Vitória', 'Renata', 'Eduardo', 'Marcelo', 'Patrícia',
];
const LAST = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins',
  'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira',
  'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Hernández', 'García',
  'Martínez', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Rivera', 'Morales', 'Castillo', 'Romero',
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Müller',
  'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein',
];
const NICK: Record<string, string> = {
  José: 'Zé', Francisco: 'Chico', Roberto: 'Beto', Fernando: 'Nando', Rafael: 'Rafa', Gabriela: 'Gabi', Daniela: 'Dani', João: 'Juca',
  Antonio: 'Toninho', Guadalupe: 'Lupe', William: 'Bill', Robert: 'Bob', Michael: 'Mike', James: 'Jim', Elizabeth: 'Liz',
  Katherine: 'Kate', Thomas: 'Tom', Anthony: 'Tony', Josef: 'Sepp', Manuela: 'Manu', Luciana: 'Lu', Fernanda: 'Fer', Augusto: 'Guto',
};
const SUFFIX = ['Ltda', 'S.A.', 'Comércio', 'Serviços', 'GmbH', 'Ltd', 'S. de R.L.', 'Imports', 'Studio', 'Padaria'];
const PROVIDERS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'icloud.com', 'uol.com.br', 'web.de'];
const SUBADDRESSING = new Set(['hotmail.com', 'outlook.com', 'icloud.com']);
const COUNTRIES = [
  { code: 'BR', weight: 0.4, cities: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Curitiba', 'Recife'] },
  { code: 'MX', weight: 0.2, cities: ['Ciudad de México', 'Guadalajara', 'Monterrey'] },
  { code: 'AR', weight: 0.15, cities: ['Buenos Aires', 'Córdoba', 'Rosario'] },
  { code: 'GB', weight: 0.15, cities: ['London', 'Manchester', 'Leeds'] },
  { code: 'DE', weight: 0.1, cities: ['Berlin', 'Hamburg', 'München'] },
] as const;

/** A generated contact also carries what people fill in besides identifiers (as custom fields in a tenant). */
export interface GeneratedContact extends MatchableContact {
  birthDate: string | null;
  address: string | null;
  postcode: string | null;
}

export interface GeneratedTenant {
  contacts: GeneratedContact[];
  /** The person behind each contact: two contacts are duplicates exactly when they share one. */
  personOf: Map<string, string>;
  /** How many pairs of contacts are duplicates. */
  truePairs: number;
}

/** Digits of n, zero-padded; n is spread so neighbouring people do not share number prefixes. */
const digits = (n: number, length: number) => String((n * 7919 + 104729) % 10 ** length).padStart(length, '0');

function phoneOf(country: string, n: number): string {
  switch (country) {
    case 'BR': return `+55${11 + (n % 89)}9${6 + (n % 4)}${digits(n, 7)}`; // mobiles: 9, then 6–9
    case 'MX': return `+52${['55', '33', '81'][n % 3]}${digits(n, 8)}`;
    case 'AR': return `+549${['11', '351', '341'][n % 3].padEnd(3, '1')}${digits(n, 7)}`;
    case 'GB': return `+447${digits(n, 9)}`;
    default: return `+4915${digits(n, 9)}`;
  }
}

/** The same line written the other way each country allows. */
function phoneVariant(phone: string): string {
  if (phone.startsWith('+55')) return phone.slice(0, 5) + phone.slice(6); // without the 9th digit
  if (phone.startsWith('+52')) return `+521${phone.slice(3)}`; // the old mobile 1
  if (phone.startsWith('+549')) return `+54${phone.slice(4)}`; // without the 9
  if (phone.startsWith('+44')) return `+440${phone.slice(3)}`; // trunk 0 kept
  return `+490${phone.slice(3)}`;
}

function typo(word: string, random: () => number): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  switch (Math.floor(random() * 3)) {
    case 0: return word.slice(0, i) + word.slice(i + 1); // a letter dropped
    case 1: return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // two letters swapped
    default: return word.slice(0, i) + word[i] + word.slice(i); // a letter doubled
  }
}

function emailVariant(email: string, random: () => number): string {
  const [local, domain] = email.split('@');
  switch (Math.floor(random() * 3)) {
    case 0: return email.toUpperCase();
    case 1:
      if (domain === 'gmail.com') return `${local.replace(/\./g, '')}@googlemail.com`;
      // A `+tag` only where the provider delivers it to the same mailbox; elsewhere it is another address.
      return SUBADDRESSING.has(domain) ? `${local}+promo@${domain}` : email.toUpperCase();
    default: return `${local[0].toUpperCase()}${local.slice(1)}@${domain}`;
  }
}

type Corruption = (c: MatchableContact, random: () => number) => void;
const CORRUPTIONS: Corruption[] = [
  (c, r) => (c.lastName = c.lastName && typo(c.lastName, r)),
  (c) => (c.firstName = (c.firstName && NICK[c.firstName]) ?? c.firstName),
  (c) => ([c.firstName, c.lastName] = [c.lastName, c.firstName]),
  (c, r) => (c.email = c.email && emailVariant(c.email, r)),
  (c) => (c.email = null),
  (c) => (c.company = null),
  (c) => (c.location = { country: c.location.country, city: null }),
];

const STREETS = ['Rua das Flores', 'Avenida Paulista', 'Calle Mayor', 'High Street', 'Station Road', 'Hauptstraße', 'Gartenweg', 'Rua Augusta', 'Calle Reforma', 'Church Lane'];

export interface GenerationOptions {
  /**
   * Share of copies entered on another line with no email and no company: only names, birth date
   * and address link them, with typos. Drawn from `evidenceRandom`, so the rest of the tenant is
   * the same with or without them.
   */
  unidentified?: number;
  evidenceRandom?: () => number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

type EvidenceCorruption = (c: GeneratedContact, random: () => number) => void;
const EVIDENCE_CORRUPTIONS: EvidenceCorruption[] = [
  (c, r) => (c.lastName = c.lastName && typo(c.lastName, r)),
  (c, r) => (c.firstName = c.firstName && typo(c.firstName, r)),
  (c) => ([c.firstName, c.lastName] = [c.lastName, c.firstName]),
  (c) => (c.birthDate = c.birthDate && Number(c.birthDate.slice(8)) <= 12 ? `${c.birthDate.slice(0, 5)}${c.birthDate.slice(8)}-${c.birthDate.slice(5, 7)}` : c.birthDate),
  (c, r) => (c.birthDate = c.birthDate && `${c.birthDate.slice(0, 3)}${Math.floor(r() * 10)}${c.birthDate.slice(4)}`),
  (c, r) => (c.address = c.address && typo(c.address, r)),
  (c) => (c.address = null),
  (c) => (c.location = { country: c.location.country, city: null }),
];

export function generateTenant(people: number, duplicateShare: number, random: () => number, options: GenerationOptions = {}): GeneratedTenant {
  const evidence = options.evidenceRandom ?? (() => 0.5);
  const contacts: GeneratedContact[] = [];
  for (let n = 0; n < people; n++) {
    let pick = random();
    const country = COUNTRIES.find((c) => (pick -= c.weight) < 0) ?? COUNTRIES[0];
    const firstName = FIRST[Math.floor(random() * FIRST.length)];
    // Latin American names often carry two surnames.
    const surname = () => LAST[Math.floor(random() * LAST.length)];
    const lastName = country.code === 'GB' || country.code === 'DE' || random() < 0.4 ? surname() : `${surname()} ${surname()}`;
    const plain = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, '').toLowerCase();
    contacts.push({
      id: `p${n}`,
      phone: phoneOf(country.code, n),
      firstName,
      lastName,
      email: random() < 0.7 ? `${plain(firstName)}.${plain(lastName)}${n % 100_000}@${PROVIDERS[Math.floor(random() * PROVIDERS.length)]}` : null,
      company: random() < 0.35 ? `${LAST[Math.floor(random() * LAST.length)]} ${SUFFIX[Math.floor(random() * SUFFIX.length)]} ${Math.floor(random() * 5000)}` : null,
      location: { country: country.code, city: country.cities[Math.floor(random() * country.cities.length)] },
      tags: random() < 0.3 ? ['customer'] : [],
      birthDate: `${1940 + Math.floor(evidence() * 65)}-${pad(1 + Math.floor(evidence() * 12), 2)}-${pad(1 + Math.floor(evidence() * 28), 2)}`,
      address: `${1 + Math.floor(evidence() * 400)} ${STREETS[Math.floor(evidence() * STREETS.length)]}`,
      postcode: pad(Math.floor(evidence() * 100_000), 5),
    });
  }
  const personOf = new Map(contacts.map((c) => [c.id, c.id]));
  const copies = new Map<string, number>();
  const duplicates = Math.round(people * duplicateShare);
  for (let d = 0; d < duplicates; d++) {
    const original = contacts[Math.floor(random() * people)];
    const copy: GeneratedContact = { ...original, id: `d${d}`, location: { ...original.location }, tags: [...original.tags] };
    if (options.unidentified && evidence() < options.unidentified) {
      Object.assign(copy, { phone: phoneOf(original.location.country ?? 'BR', people + d), email: null, company: null });
      const count = 1 + Math.floor(evidence() * 2);
      for (let k = 0; k < count; k++) EVIDENCE_CORRUPTIONS[Math.floor(evidence() * EVIDENCE_CORRUPTIONS.length)](copy, evidence);
      contacts.push(copy);
      personOf.set(copy.id, original.id);
      copies.set(original.id, (copies.get(original.id) ?? 0) + 1);
      continue;
    }
    // A tenant's phone numbers are unique, so a copy is either the same line written another way
    // (70 %) or another line that came in with something only this person has: their email (in some
    // variant) or, without one, their name at their company. A person with neither is entered again
    // only on their own line.
    const link = original.email ? 'email' : original.company ? 'company' : null;
    const otherLine = link !== null && random() >= 0.7;
    copy.phone = otherLine ? phoneOf(original.location.country ?? 'BR', people + d) : phoneVariant(original.phone);
    const count = 1 + Math.floor(random() * 3);
    for (let k = 0; k < count; k++) CORRUPTIONS[Math.floor(random() * CORRUPTIONS.length)](copy, random);
    if (otherLine && link === 'email' && !copy.email) copy.email = emailVariant(original.email!, random);
    if (otherLine && link === 'company') copy.company = original.company;
    contacts.push(copy);
    personOf.set(copy.id, original.id);
    copies.set(original.id, (copies.get(original.id) ?? 0) + 1);
  }
  // A person entered k+1 times makes (k+1)k/2 duplicate pairs.
  const truePairs = [...copies.values()].reduce((sum, k) => sum + ((k + 1) * k) / 2, 0);
  return { contacts, personOf, truePairs };
}
