import jaroWinkler from 'talisman/metrics/jaro-winkler';
import { isPhoneVariant, phoneIdentity } from './phone-identity';
import { foldText, givenName, mailboxOf } from './text-keys';

/** What matching needs of a contact. */
export interface MatchableContact {
  id: string;
  phone: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  company: string | null;
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
  company: 0.2,
  location: 0.05,
  tags: 0.05,
};

/** Below this, two names are not taken as one person's. */
const NAME_SIMILARITY_FLOOR = 0.85;

const fullName = (c: MatchableContact) => `${givenName(c.firstName)} ${foldText(c.lastName)}`.trim();
/** The name with first and last swapped (a common data-entry mix-up). */
const swappedName = (c: MatchableContact) => `${givenName(c.lastName)} ${foldText(c.firstName)}`.trim();

/** Scores a pair by named features, each with the evidence behind it. */
export function scorePair(a: MatchableContact, b: MatchableContact): PairScore {
  const features: FeatureScore[] = [];
  const add = (feature: Feature, fraction: number, detail: string) => features.push({ feature, score: round(FEATURE_WEIGHTS[feature] * fraction), detail });

  if (isPhoneVariant(a.phone, b.phone)) add('phone-variant', 1, `${a.phone} and ${b.phone} are one line (${phoneIdentity(a.phone)})`);

  const mailbox = mailboxOf(a.email);
  if (mailbox && mailbox === mailboxOf(b.email)) add('email', 1, `${a.email} and ${b.email} reach ${mailbox}`);

  const [nameA, nameB] = [fullName(a), fullName(b)];
  if (nameA && nameB) {
    const direct = jaroWinkler(nameA, nameB);
    const swapped = jaroWinkler(swappedName(a), nameB);
    const similarity = Math.max(direct, swapped);
    const how = swapped > direct ? ' with first and last name swapped' : '';
    if (similarity >= NAME_SIMILARITY_FLOOR) add('name', similarity, `"${nameA}" and "${nameB}" are ${Math.round(similarity * 100)} % alike${how}`);
  }

  const companyA = foldText(a.company);
  if (companyA && companyA === foldText(b.company)) add('company', 1, `both at ${a.company}`);

  if (a.location.country && a.location.country === b.location.country) {
    const sameCity = Boolean(a.location.city) && foldText(a.location.city) === foldText(b.location.city);
    add('location', sameCity ? 1 : 0.4, sameCity ? `both in ${a.location.city}, ${a.location.country}` : `both in ${a.location.country}`);
  }

  const tagsA = new Set(a.tags.map(foldText));
  const shared = b.tags.map(foldText).filter((t) => tagsA.has(t));
  const union = new Set([...tagsA, ...b.tags.map(foldText)]).size;
  if (shared.length > 0 && shared.length / union >= 0.5) add('tags', shared.length / union, `${shared.length} of ${union} tags shared`);

  return { score: round(Math.min(1, features.reduce((sum, f) => sum + f.score, 0))), features };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
