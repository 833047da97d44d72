import { EvidenceContact, FieldComparator, MatchFieldDefinition, PreparedContact, comparatorsFor } from './evidence';
import { MatchModel, matchProbability, priorModel, weighPair } from './fellegi-sunter';

/** The reasons a pair is a candidate, as reviewers filter them. */
export const FEATURES = ['phone-variant', 'email', 'name', 'birth-date', 'company', 'location', 'match-field'] as const;
export type Feature = (typeof FEATURES)[number];

export interface FeatureScore {
  feature: Feature;
  field: string;
  /** How the field compares: `the same`, `very alike`, `day and month swapped`, … */
  level: string;
  /** What it adds to the pair's weight, in bits (negative: evidence against). */
  score: number;
  detail: string;
}

export interface PairScore {
  /** The probability that the two contacts are one person. */
  score: number;
  features: FeatureScore[];
}

/** A tenant's way of matching: its match fields and its fitted model (or the prior one). */
export interface Matcher {
  matchFields: readonly MatchFieldDefinition[];
  comparators: readonly FieldComparator[];
  model: MatchModel;
}

/**
 * Before a tenant's first scan fits its own: one pair in 100,000 taken to be one person (a tenant of
 * some ten thousand contacts with a few per cent entered twice).
 */
const NEW_TENANT_PRIOR = 1e-5;

export function matcherFor(matchFields: readonly MatchFieldDefinition[], model?: MatchModel | null): Matcher {
  const comparators = comparatorsFor(matchFields);
  return { matchFields, comparators, model: model ?? { ...priorModel(comparators), prior: NEW_TENANT_PRIOR } };
}

const FEATURE_OF: Record<string, Feature> = {
  phone: 'phone-variant', email: 'email', firstName: 'name', lastName: 'name', birthDate: 'birth-date', company: 'company', city: 'location',
};
const LABEL: Record<string, string> = { phone: 'phone', email: 'email', firstName: 'first name', lastName: 'last name', birthDate: 'birth date', company: 'company', city: 'city' };

function valueOf(contact: EvidenceContact, field: string): string {
  if (field.startsWith('custom.')) return String(contact.fields[field.slice(7)] ?? '');
  const values: Record<string, string | null> = {
    phone: contact.phone, email: contact.email, firstName: contact.firstName, lastName: contact.lastName, birthDate: contact.birthDate, company: contact.company, city: contact.city,
  };
  return values[field] ?? '';
}

/** Scores a pair under the tenant's matcher, each field's weight explained in words. */
export function scoreEvidence(matcher: Matcher, a: PreparedContact, b: PreparedContact, raw: { a: EvidenceContact; b: EvidenceContact }): PairScore {
  const weighed = weighPair(matcher.model, matcher.comparators, a, b);
  const probability = matchProbability(matcher.model.prior, weighed.reduce((sum, l) => sum + l.weight, 0));
  const features: FeatureScore[] = weighed
    // The same line written once is no evidence: a tenant's phones are unique.
    .filter((l) => !(l.field === 'phone' && l.level === 0 && raw.a.phone === raw.b.phone))
    .map((l) => {
      const comparator = matcher.comparators.find((c) => c.field === l.field)!;
      const level = comparator.levels[l.level];
      const [x, y] = [valueOf(raw.a, l.field), valueOf(raw.b, l.field)];
      const label = LABEL[l.field] ?? l.field.slice(7);
      const detail =
        l.field === 'phone' && l.level === 0 ? `${x} and ${y} are one line (${a.identity})`
          : l.field === 'email' && l.level === 0 ? `${x} and ${y} reach ${a.mailbox}`
            : `${label} ${level}: "${x}" and "${y}"`;
      const weight = Math.round(l.weight * 10) / 10;
      const how = weight > 0 ? `for one person, weighs +${weight}` : `against, weighs ${weight}`;
      return { feature: FEATURE_OF[l.field] ?? 'match-field', field: l.field, level, score: weight, detail: `${detail} (${how})` };
    })
    .sort((p, q) => q.score - p.score);
  return { score: Math.round(probability * 10_000) / 10_000, features };
}
