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
