import { FieldComparator, PreparedContact } from './evidence';

/**
 * Fellegi–Sunter: for each field and level, m = P(level | same person) and u = P(level | different
 * people); a level adds log2(m / u) to a pair's weight, and the weight with the prior share of
 * matches among compared pairs gives the probability that the pair is one person.
 */
export interface FieldParameters {
  m: number[];
  u: number[];
}

export interface MatchModel {
  /** Share of compared pairs that are one person. */
  prior: number;
  fields: Record<string, FieldParameters>;
  /** Share of contacts with each folded last name: agreeing on a rare name weighs more than on a common one. */
  lastNameFrequency?: Record<string, number>;
}

/** What a field level adds to a pair's weight, in bits. */
export function levelWeight(parameters: FieldParameters, level: number): number {
  return Math.log2(parameters.m[level] / parameters.u[level]);
}

export interface WeightedLevel {
  field: string;
  level: number;
  weight: number;
}

/**
 * Agreeing on a last name weighs by how rare it is in the tenant (its share of the contacts, for u);
 * undefined when its frequency is not known. At this level the agreeing name is `a.last` (as
 * written, or matched against the other's swapped first name).
 */
function rareNameWeight(model: MatchModel, a: PreparedContact): number | undefined {
  const frequency = model.lastNameFrequency?.[a.last];
  return frequency === undefined ? undefined : Math.log2(model.fields.lastName.m[0] / Math.max(frequency, model.fields.lastName.u[0] / 10));
}

/**
 * How a model weighs pairs under a comparator list, worked out once: each comparator's weight per
 * level, the cheap comparators first, and the most the comparators from each step on can still add.
 */
interface WeightPlan {
  order: number[];
  weights: Array<number[] | null>;
  bestFrom: number[];
}

const plans = new WeakMap<MatchModel, WeakMap<readonly FieldComparator[], WeightPlan>>();
function weightPlan(model: MatchModel, comparators: readonly FieldComparator[]): WeightPlan {
  let byComparators = plans.get(model);
  if (!byComparators) plans.set(model, (byComparators = new WeakMap()));
  let plan = byComparators.get(comparators);
  if (!plan) {
    const weights = comparators.map((c) => {
      const parameters = model.fields[c.field];
      return parameters ? c.levels.map((_, level) => levelWeight(parameters, level)) : null;
    });
    const best = comparators.map((c, f) => {
      const levels = weights[f];
      if (!levels) return 0;
      // A rare last name may weigh up to ten times the agreement of a typical one (rareNameWeight).
      const rare = c.field === 'lastName' ? levels[0] + Math.log2(10) : 0;
      return Math.max(0, rare, ...levels);
    });
    const order = comparators.map((_, f) => f).sort((f, g) => Number(comparators[f].costly ?? false) - Number(comparators[g].costly ?? false));
    const bestFrom = order.map((_, k) => order.slice(k).reduce((sum, f) => sum + best[f], 0));
    plan = { order, weights, bestFrom };
    byComparators.set(comparators, plan);
  }
  return plan;
}

/** The weight a pair needs for its match probability to reach the threshold. */
export function weightFloor(prior: number, threshold: number): number {
  return Math.log2(threshold / (1 - threshold)) - Math.log2(prior / (1 - prior));
}

/**
 * A pair's total weight, without its explanation (a scan weighs millions of pairs). Below `floor`
 * it may stop early, before the costly comparisons, and answer -Infinity: the pair cannot reach it.
 */
export function pairWeight(model: MatchModel, comparators: readonly FieldComparator[], a: PreparedContact, b: PreparedContact, floor = -Infinity): number {
  const plan = weightPlan(model, comparators);
  let total = 0;
  for (let k = 0; k < plan.order.length; k++) {
    if (total + plan.bestFrom[k] < floor) return -Infinity;
    const f = plan.order[k];
    if (!plan.weights[f]) continue;
    const level = comparators[f].compare(a, b);
    if (level !== null) total += weightAt(model, plan, comparators, f, level, a);
  }
  return total;
}

/** What comparator `f` at `level` adds; an exact last name weighs by how rare it is. */
function weightAt(model: MatchModel, plan: WeightPlan, comparators: readonly FieldComparator[], f: number, level: number, a: PreparedContact): number {
  return (level === 0 && comparators[f].field === 'lastName' && rareNameWeight(model, a)) || plan.weights[f]![level];
}

/** Each field's level and weight for a pair (the fields the model weighs, where both sides have a value). */
export function weighPair(model: MatchModel, comparators: readonly FieldComparator[], a: PreparedContact, b: PreparedContact): WeightedLevel[] {
  const plan = weightPlan(model, comparators);
  const weighed: WeightedLevel[] = [];
  comparators.forEach((comparator, f) => {
    if (!plan.weights[f]) return;
    const level = comparator.compare(a, b);
    if (level !== null) weighed.push({ field: comparator.field, level, weight: weightAt(model, plan, comparators, f, level, a) });
  });
  return weighed;
}

/** The probability that a pair with this total weight is one person. */
export function matchProbability(prior: number, weight: number): number {
  const odds = (prior / (1 - prior)) * 2 ** weight;
  return odds / (1 + odds);
}

/**
 * A new tenant's model: what holds across contact data (names and birth dates rarely agree by
 * chance, a city often does), until its own pairs teach it better.
 */
export function priorModel(comparators: readonly FieldComparator[]): MatchModel {
  const defaults: Record<string, FieldParameters> = {
    // A tenant's phones are unique: two people's contacts on one line, written two ways, all but never happen by chance.
    phone: { m: [0.5, 0.5], u: [1e-9, 1 - 1e-9] },
    email: { m: [0.9, 0.1], u: [0.0005, 0.9995] },
    firstName: { m: [0.8, 0.1, 0.05, 0.05], u: [0.01, 0.01, 0.05, 0.93] },
    lastName: { m: [0.8, 0.1, 0.05, 0.05], u: [0.005, 0.005, 0.04, 0.95] },
    birthDate: { m: [0.85, 0.03, 0.07, 0.05], u: [0.0002, 0.0001, 0.002, 0.9977] },
    company: { m: [0.8, 0.2], u: [0.02, 0.98] },
    city: { m: [0.85, 0.15], u: [0.1, 0.9] },
  };
  const generic = (levels: number): FieldParameters => ({
    m: levels === 2 ? [0.85, 0.15] : levels === 3 ? [0.8, 0.1, 0.1] : [0.8, 0.08, 0.05, 0.07],
    u: levels === 2 ? [0.02, 0.98] : levels === 3 ? [0.02, 0.03, 0.95] : [0.01, 0.01, 0.05, 0.93],
  });
  return {
    prior: 0.01,
    fields: Object.fromEntries(comparators.map((c) => [c.field, defaults[c.field] ?? generic(c.levels.length)])),
  };
}

/** How strongly the prior holds against a tenant's own data, in pseudo-pairs per field. */
const PRIOR_STRENGTH = 20;

function normalized(counts: number[], prior: number[]): number[] {
  const smoothed = counts.map((n, level) => n + PRIOR_STRENGTH * prior[level]);
  const total = smoothed.reduce((s, n) => s + n, 0);
  return smoothed.map((n) => Math.max(n / total, 1e-9));
}

export interface FitInput {
  comparators: readonly FieldComparator[];
  /** Comparison levels of (a sample of) the pairs the blocking rules compared, with the rule that brought each. */
  compared: ReadonlyArray<{ levels: ReadonlyArray<number | null>; rule: number }>;
  /** Per blocking rule, the fields its pairs agree on by construction. */
  ruleFields: ReadonlyArray<readonly string[]>;
  /** How many pairs the rules compared in all, and how many pairs of contacts there are. */
  comparedTotal: number;
  possiblePairs: number;
  /** Comparison levels of pairs drawn at random: nearly all different people, so they give u. */
  random: ReadonlyArray<ReadonlyArray<number | null>>;
  /** Folded last names of all contacts. */
  lastNames: readonly string[];
  iterations?: number;
}

/**
 * Fits a tenant's model to its own data. u comes from random pairs (almost all of different
 * people). m comes from expectation–maximisation over the compared pairs, where a pair teaches
 * only about the fields its blocking rule did not make agree (those agree whether or not it is
 * one person), each rule with its own share of matches; m is smoothed toward the prior model, so
 * a small tenant keeps sensible weights. The prior of the final model is the share of matches
 * among all pairs of contacts, since a pair's weight then counts every field.
 */
export function fitModel(input: FitInput): MatchModel {
  const { comparators, compared } = input;
  const start = priorModel(comparators);
  const fields: Record<string, FieldParameters> = {};
  comparators.forEach((c, f) => {
    const counts = new Array(c.levels.length).fill(0);
    for (const vector of input.random) if (vector[f] !== null) counts[vector[f]!] += 1;
    fields[c.field] = { m: start.fields[c.field].m, u: normalized(counts, start.fields[c.field].u) };
  });
  const taught = input.ruleFields.map((blocked) => comparators.map((c) => !blocked.includes(c.field)));
  const ruleShare = input.ruleFields.map(() => 0.5);

  for (let iteration = 0; iteration < (input.iterations ?? 25); iteration++) {
    const mCounts = comparators.map((c) => new Array(c.levels.length).fill(0));
    const ruleMatches = input.ruleFields.map(() => 0);
    const rulePairs = input.ruleFields.map(() => 0);
    for (const { levels, rule } of compared) {
      let weight = 0;
      comparators.forEach((c, f) => {
        if (levels[f] !== null && taught[rule][f]) weight += levelWeight(fields[c.field], levels[f]!);
      });
      const p = matchProbability(ruleShare[rule], weight);
      ruleMatches[rule] += p;
      rulePairs[rule] += 1;
      comparators.forEach((_, f) => {
        if (levels[f] !== null && taught[rule][f]) mCounts[f][levels[f]!] += p;
      });
    }
    input.ruleFields.forEach((_, r) => (ruleShare[r] = rulePairs[r] ? Math.min(0.999, Math.max(1e-4, ruleMatches[r] / rulePairs[r])) : 0.5));
    comparators.forEach((c, f) => (fields[c.field] = { m: normalized(mCounts[f], start.fields[c.field].m), u: fields[c.field].u }));
  }

  const sampled = compared.length || 1;
  const expectedMatches = (compared.reduce((sum, { rule }) => sum + ruleShare[rule], 0) / sampled) * input.comparedTotal;
  const model: MatchModel = { prior: Math.min(0.5, Math.max(1e-9, expectedMatches / Math.max(input.possiblePairs, 1))), fields };

  const frequency = new Map<string, number>();
  for (const name of input.lastNames) if (name) frequency.set(name, (frequency.get(name) ?? 0) + 1);
  const total = input.lastNames.length || 1;
  model.lastNameFrequency = Object.fromEntries([...frequency].map(([name, n]) => [name, n / total]));
  return model;
}
