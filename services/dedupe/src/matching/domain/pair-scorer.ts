import jaroWinkler from 'talisman/metrics/jaro-winkler';
import type { EvidenceContact } from './evidence';
import { phoneIdentity } from './phone-identity';
import { foldText, givenName, mailboxOf } from './text-keys';

/*
 * The identifier matcher the service used before it matched on evidence (evidence-score.ts): phone
 * line, mailbox and a name at a company, with fixed weights. Kept as the accuracy benchmark's
 * "before" (bench/dedupe-accuracy.bench.ts, bench/dedupe.bench.ts), not used by the service.
 */

/** What the identifier matcher needs of a contact. */
export interface MatchableContact extends Pick<EvidenceContact, 'id' | 'phone' | 'firstName' | 'lastName' | 'email' | 'company'> {
  location: { country: string | null; city: string | null };
  tags: string[];
}

export type Feature = 'phone-variant' | 'email' | 'name' | 'company' | 'location' | 'tags';

export interface FeatureScore {
  feature: Feature;
  /** What this feature adds to the pair's score. */
  score: number;
  detail: string;
}

export interface PairScore {
  score: number;
  features: FeatureScore[];
}

/** Each feature's full weight; a pair's score is their sum, at most 1. */
export const FEATURE_WEIGHTS: Readonly<Record<Feature, number>> = {
  'phone-variant': 0.6,
  email: 0.55,
  name: 0.35,
  company: 0.25,
  location: 0.05,
  tags: 0.05,
};

/** Below this, two names are not taken as one person's. */
const NAME_SIMILARITY_FLOOR = 0.85;

/** What scoring reads of a contact, derived once per contact (a full scan scores each many times). */
interface Prepared {
  identity: string;
  mailbox: string | null;
  name: string;
  /** The name with first and last swapped (a common data-entry mix-up). */
  swapped: string;
  company: string;
  city: string;
  tags: Set<string>;
}

const prepared = new WeakMap<MatchableContact, Prepared>();

function prepare(c: MatchableContact): Prepared {
  let p = prepared.get(c);
  if (!p) {
    p = {
      identity: phoneIdentity(c.phone),
      mailbox: mailboxOf(c.email),
      name: `${givenName(c.firstName)} ${foldText(c.lastName)}`.trim(),
      swapped: `${givenName(c.lastName)} ${foldText(c.firstName)}`.trim(),
      company: foldText(c.company),
      city: foldText(c.location.city),
      tags: new Set(c.tags.map(foldText)),
    };
    prepared.set(c, p);
  }
  return p;
}

/** Scores a pair by named features, each with the evidence behind it. */
export function scorePair(a: MatchableContact, b: MatchableContact): PairScore {
  const features: FeatureScore[] = [];
  const add = (feature: Feature, fraction: number, detail: string) => features.push({ feature, score: round(FEATURE_WEIGHTS[feature] * fraction), detail });
  const [pa, pb] = [prepare(a), prepare(b)];

  if (a.phone !== b.phone && pa.identity === pb.identity) add('phone-variant', 1, `${a.phone} and ${b.phone} are one line (${pa.identity})`);

  if (pa.mailbox && pa.mailbox === pb.mailbox) add('email', 1, `${a.email} and ${b.email} reach ${pa.mailbox}`);

  if (pa.name && pb.name) {
    const direct = jaroWinkler(pa.name, pb.name);
    const swapped = direct >= 0.999 ? 0 : Math.max(jaroWinkler(pa.swapped, pb.name), jaroWinkler(pa.name, pb.swapped));
    const similarity = Math.max(direct, swapped);
    const how = swapped > direct ? ' with first and last name swapped' : '';
    if (similarity >= NAME_SIMILARITY_FLOOR) add('name', similarity, `"${pa.name}" and "${pb.name}" are ${Math.round(similarity * 100)} % alike${how}`);
  }

  if (pa.company && pa.company === pb.company) add('company', 1, `both at ${a.company}`);

  if (a.location.country && a.location.country === b.location.country) {
    const sameCity = Boolean(pa.city) && pa.city === pb.city;
    add('location', sameCity ? 1 : 0.4, sameCity ? `both in ${a.location.city}, ${a.location.country}` : `both in ${a.location.country}`);
  }

  const shared = [...pb.tags].filter((t) => pa.tags.has(t));
  const union = new Set([...pa.tags, ...pb.tags]).size;
  if (shared.length > 0 && shared.length / union >= 0.5) add('tags', shared.length / union, `${shared.length} of ${union} tags shared`);

  return { score: round(Math.min(1, features.reduce((sum, f) => sum + f.score, 0))), features };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
