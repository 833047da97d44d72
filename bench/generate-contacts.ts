import { ContactSnapshot } from '@roster/contracts';
// Deterministic contact generator for benchmarks: the same seed gives the same tenant.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ana', 'Bruno', 'Carla', 'Davi', 'Elisa', 'Felipe', 'Gabriela', 'Hugo', 'Isabela', 'João', 'Karina', 'Lucas', 'Mariana', 'Nicolas', 'Olivia', 'Pedro', 'Rafaela', 'Samuel', 'Tatiana', 'Vitor'];
const LAST = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida'];
const COMPANY = ['Padaria', 'Loja', 'Oficina', 'Clínica', 'Mercado', 'Studio', 'Farmácia', 'Escola'];
const COLOUR = ['Azul', 'Sol', 'Lua', 'Verde', 'Central', 'Nova', 'Bela', 'Prime'];
const TAGS = ['VIP', 'Winter_Sale_Lead', 'newsletter', 'wholesale', 'returning', 'event-2026'];
const SOURCES = ['ads', 'website', 'qr', 'form', 'chatbot', 'campaign', 'import', 'api'];
// Brazil's area codes (DDD) in use; with 9 and eight digits from 6 on, every number is a valid mobile.
const DDD = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99];

export interface GeneratedContact {
  phone: string;
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  leadSource: string;
  tags: string[];
}

/** Contact number `i` of a tenant: unique Brazilian mobile numbers, realistic names and tags. */
export function generateContact(i: number, random: () => number): GeneratedContact {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const first = pick(FIRST);
  const last = pick(LAST);
  // 7919 is prime to 40,000,000, so (area, subscriber) is unique for every i below 40 million.
  const area = DDD[i % DDD.length];
  const subscriber = String(60_000_000 + ((i * 7_919) % 40_000_000));
  return {
    phone: `+55${area}9${subscriber}`,
    firstName: first,
    lastName: last,
    email: `${first}.${last}.${i}@example.com`.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, ''),
    company: `${pick(COMPANY)} ${pick(COLOUR)}`,
    leadSource: pick(SOURCES),
    tags: TAGS.filter(() => random() < 0.2),
  };
}

const COUNTRIES = ['BR', 'BR', 'BR', 'PT', 'DE', 'US', 'MX', 'AR'];
const PLANS = ['free', 'basic', 'gold', 'platinum'];
const DAY_MS = 86_400_000;

/**
 * Contact `i` as the contacts service publishes it (event-carried state), with the traits, consent,
 * lists and custom fields segments filter on. Dates fall within the two years before `now`.
 */
export function generateSnapshot(i: number, random: () => number, tenantId: string, now: number): ContactSnapshot {
  const base = generateContact(i, random);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const daysAgo = (max: number) => new Date(now - Math.floor(random() * max * DAY_MS)).toISOString();
  const purchases = random() < 0.6 ? 1 + Math.floor(random() * 20) : 0;
  const lastPurchaseAt = purchases > 0 ? daysAgo(720) : null;
  const created = daysAgo(730);
  return {
    id: `6650f0c2a1b2${i.toString(16).padStart(12, '0')}`,
    tenantId,
    phone: base.phone,
    phoneType: 'MOBILE',
    firstName: base.firstName,
    lastName: base.lastName,
    email: base.email,
    company: base.company,
    language: pick(['pt-BR', 'pt-BR', 'en', 'de', 'es']),
    leadSource: base.leadSource,
    tags: base.tags,
    lists: LISTS.filter(() => random() < 0.1),
    status: random() < 0.95 ? 'active' : pick(['inactive', 'invalid', 'blocked'] as const),
    location: { country: pick(COUNTRIES), city: null },
    birthDate: random() < 0.5 ? `19${60 + Math.floor(random() * 40)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}` : null,
    customFields: { plan: pick(PLANS), seats: Math.floor(random() * 50) },
    consent: { whatsapp: { status: pick(['opted_in', 'opted_in', 'opted_out', 'unknown'] as const), updatedAt: created } },
    traits: {
      totalSpent: purchases * Math.round(random() * 300),
      purchaseCount: purchases,
      firstPurchaseAt: lastPurchaseAt && new Date(Math.min(Date.parse(lastPurchaseAt), Date.parse(created) + DAY_MS)).toISOString(),
      lastPurchaseAt,
      lastActivityAt: daysAgo(365),
      lastMessageReadAt: random() < 0.5 ? daysAgo(200) : null,
    },
    createdAt: created,
    updatedAt: created,
    version: 1,
  };
}

export const LISTS = ['list-fair-2026', 'list-newsletter', 'list-wholesale', 'list-vip-club'];
