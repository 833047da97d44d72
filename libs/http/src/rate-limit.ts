import { CanActivate, ExecutionContext, HttpStatus, Logger, OnApplicationShutdown, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DEFAULT_RATE_LIMITS, RateLimitClass, ServiceSettings } from '@roster/config';
import { IS_PUBLIC, MetricsRegistry } from '@roster/observability';
import { Counter } from 'prom-client';
import { OPERATOR_ROLE, Principal, TokenVerifier } from './auth';
import { PROBLEM_BASE, PROBLEM_CONTENT_TYPE, ProblemException, problemTitle } from './problem';

const RATE_LIMIT_CLASS = 'roster:rate-limit-class';

/**
 * Puts a route in a rate-limit class other than its method's (GET: `read`, others: `write`):
 * `bulk` for the expensive ones (bulk upserts and actions, uploads, previews, scans).
 */
export const RateLimited = (cls: RateLimitClass) => SetMetadata(RATE_LIMIT_CLASS, cls);

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until a request would be allowed again (refused) or until the bucket is full (allowed). */
  resetSeconds: number;
  /** The policy, as the RateLimit-Policy header states it: `<rate>;w=1;burst=<burst>`. */
  policy: string;
}

/** Sets the RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), and Retry-After on a refusal. */
export function setRateLimitHeaders(response: Pick<Response, 'setHeader'>, decision: RateDecision): void {
  response.setHeader('RateLimit-Policy', decision.policy);
  response.setHeader('RateLimit-Limit', String(decision.limit));
  response.setHeader('RateLimit-Remaining', String(decision.remaining));
  response.setHeader('RateLimit-Reset', String(decision.resetSeconds));
  if (!decision.allowed) response.setHeader('Retry-After', String(decision.resetSeconds));
}

/**
 * A token bucket per tenant and route class, shared by every instance through Redis: `rate`
 * requests a second, and up to `burst` at once after a quiet spell. Built from a one-second window
 * of `rate` and, when that is spent, a reserve of `burst - rate` that refills over ten times as long
 * as the rate would take to fill it (so a flood is held to within a tenth over `rate`). When Redis does not answer, each instance limits on its own (in memory) rather than
 * refuse or wait.
 */
export class TenantRateLimiter {
  private readonly limiters = new Map<string, { limiter: BurstyRateLimiter; rate: number; burst: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly settings: Pick<ServiceSettings, 'RATE_LIMITS' | 'REDIS_PREFIX'>,
  ) {}

  async take(tenantId: string, plan: string | undefined, cls: RateLimitClass): Promise<RateDecision> {
    const planName = plan && this.settings.RATE_LIMITS[plan] ? plan : 'default';
    const { limiter, rate, burst } = this.limiterOf(planName, cls);
    const policy = `${rate};w=1;burst=${burst}`;
    try {
      const taken = await limiter.consume(tenantId);
      return { allowed: true, limit: rate, remaining: Math.max(0, taken.remainingPoints), resetSeconds: Math.ceil(taken.msBeforeNext / 1000), policy };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, limit: rate, remaining: 0, resetSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)), policy };
    }
  }

  private limiterOf(plan: string, cls: RateLimitClass) {
    const key = `${plan}:${cls}`;
    const known = this.limiters.get(key);
    if (known) return known;
    const [rate, burst] = this.settings.RATE_LIMITS[plan]?.[cls] ?? this.settings.RATE_LIMITS.default[cls] ?? DEFAULT_RATE_LIMITS.default[cls]!;
    const keyPrefix = `${this.settings.REDIS_PREFIX}:rate:${key}`;
    // A key found spent is refused from memory until its window ends: a flood's refusals cost no
    // round trip to Redis.
    const steady = { points: rate, duration: 1, inMemoryBlockOnConsumed: rate };
    const reservePoints = Math.max(1, burst - rate);
    // The reserve refills slowly enough that the sustained rate stays within a tenth of `rate`.
    const reserve = { points: reservePoints, duration: Math.max(1, Math.ceil((10 * reservePoints) / rate)), inMemoryBlockOnConsumed: reservePoints };
    const limiter = new BurstyRateLimiter(
      new RateLimiterRedis({ storeClient: this.redis, keyPrefix, ...steady, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: steady.points, duration: steady.duration }) }),
      new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${keyPrefix}:burst`, ...reserve, insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${keyPrefix}:burst`, points: reserve.points, duration: reserve.duration }) }),
    );
    const made = { limiter, rate, burst };
    this.limiters.set(key, made);
    return made;
  }
}

const MAX_SHIELDED_KEYS = 10_000;
/** How long a request already known to be over its limit waits for its 429. */
const REFUSAL_PAUSE_MS = 250;

const refusalDetail = (cls: RateLimitClass, decision: RateDecision) =>
  `This tenant has used its ${cls} requests for now (${decision.limit} a second); retry in ${decision.resetSeconds} s.`;

/**
 * Requests a tenant sends again to a route whose limit it has just spent are refused before
 * anything else runs (no logging, routing, validation or Redis round trip), after a short pause,
 * until the limit's window ends: a flood costs the service as little as it can, and other tenants
 * keep their share.
 * Keyed by tenant, method and path, as the rate-limit guard found them spent.
 */
export class RateLimitShield {
  private readonly refused = new Map<string, { until: number; cls: RateLimitClass; decision: RateDecision }>();

  constructor(private readonly tokens: TokenVerifier) {}

  static key(tenantId: string, method: string, path: string): string {
    return `${tenantId}|${method}|${path}`;
  }

  refuseUntilReset(key: string, cls: RateLimitClass, decision: RateDecision): void {
    const now = Date.now();
    // Paths with ids make many keys: those whose window is over go before the map grows large.
    if (this.refused.size >= MAX_SHIELDED_KEYS) for (const [k, r] of this.refused) if (r.until <= now) this.refused.delete(k);
    if (this.refused.size < MAX_SHIELDED_KEYS) this.refused.set(key, { until: now + decision.resetSeconds * 1000, cls, decision });
  }

  /** Express middleware: answers 429 at once to a request already known to be over its limit. */
  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    if (this.refused.size === 0) return next();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) return next();
    let tenantId: string;
    try {
      tenantId = this.tokens.verify(header.slice(7)).tenantId;
    } catch {
      return next();
    }
    const key = RateLimitShield.key(tenantId, request.method, request.path);
    const refusal = this.refused.get(key);
    if (!refusal) return next();
    const left = refusal.until - Date.now();
    if (left <= 0) {
      this.refused.delete(key);
      return next();
    }
    const decision = { ...refusal.decision, resetSeconds: Math.max(1, Math.ceil(left / 1000)) };
    setRateLimitHeaders(response, decision);
    const problem = { type: `${PROBLEM_BASE}rate-limited`, title: problemTitle(429), status: 429, detail: refusalDetail(refusal.cls, decision), retryAfterSeconds: decision.resetSeconds, class: refusal.cls, instance: request.originalUrl };
    // Answered after a pause: a client that ignores Retry-After and asks again at once sends a few
    // requests a second per connection instead of thousands, and the service keeps its time for others.
    setTimeout(() => {
      if (!response.writableEnded && !response.destroyed) response.status(429).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
    }, REFUSAL_PAUSE_MS);
  };
}

/**
 * Requests of one tenant handled at once by this instance: those past `limit` wait their turn in
 * the tenant's own line (at most `queue` of them; more are refused), so a tenant whose allowed
 * requests arrive all at once takes its share of the database, not all of it.
 */
export class TenantConcurrency {
  private readonly lines = new Map<string, { running: number; waiting: Array<() => void> }>();

  constructor(
    private readonly limit: number,
    private readonly queue: number,
  ) {}

  /** Resolves with the release of a slot, or with null when the tenant's line is full. */
  async acquire(tenantId: string): Promise<(() => void) | null> {
    let line = this.lines.get(tenantId);
    if (!line) this.lines.set(tenantId, (line = { running: 0, waiting: [] }));
    if (line.running >= this.limit) {
      if (line.waiting.length >= this.queue) return null;
      await new Promise<void>((resolve) => line!.waiting.push(resolve));
    } else line.running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = line!.waiting.shift();
      if (next) return next(); // the slot passes on
      line!.running -= 1;
      if (line!.running === 0) this.lines.delete(tenantId);
    };
  }
}

/**
 * Applies the tenant's rate limit to every authenticated route (after the bearer token is checked):
 * a refusal is a 429 problem with Retry-After, and every answer carries the RateLimit fields.
 * Roster's own services calling for a tenant (the imports service writing contacts) and operators
 * are not tenants' callers and are not limited.
 */
export class TenantRateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly logger = new Logger(TenantRateLimitGuard.name);
  /** Its own connection: fails fast while Redis is away (the limiter then counts in memory) instead of queueing. */
  private readonly redis?: Redis;
  private readonly limiter?: TenantRateLimiter;
  private readonly concurrency?: TenantConcurrency;
  private readonly refused: Counter<'class'>;

  constructor(
    private readonly reflector: Reflector,
    settings: ServiceSettings,
    metrics: MetricsRegistry,
    private readonly shield: RateLimitShield,
  ) {
    this.refused = metrics.counter('roster_http_rate_limited_total', 'Requests refused with 429 by the per-tenant rate limit, by route class', ['class']);
    if (!settings.RATE_LIMITS_ENABLED) return;
    this.redis = new Redis(settings.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.redis.on('error', (error) => this.logger.debug?.(`rate-limit store: ${error.message}`));
    this.limiter = new TenantRateLimiter(this.redis, settings);
    this.concurrency = new TenantConcurrency(settings.RATE_LIMIT_TENANT_CONCURRENCY, settings.RATE_LIMIT_TENANT_QUEUE);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.limiter || context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = request.principal;
    if (!principal || principal.service || principal.role === OPERATOR_ROLE) return true;
    const cls = this.reflector.getAllAndOverride<RateLimitClass | undefined>(RATE_LIMIT_CLASS, targets) ?? (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
    const decision = await this.limiter.take(principal.tenantId, principal.plan, cls);
    const response = context.switchToHttp().getResponse<Response>();
    setRateLimitHeaders(response, decision);
    if (decision.allowed) {
      const release = await this.concurrency!.acquire(principal.tenantId);
      if (!release) {
        this.refused.inc({ class: cls });
        response.setHeader('Retry-After', '1');
        throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'rate-limited', 'This tenant has too many requests waiting at once; retry in 1 s.', { retryAfterSeconds: 1, class: cls });
      }
      response.once('finish', release);
      response.once('close', release);
      return true;
    }
    this.refused.inc({ class: cls });
    this.shield.refuseUntilReset(RateLimitShield.key(principal.tenantId, request.method, request.path), cls, decision);
    throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'rate-limited', refusalDetail(cls, decision), { retryAfterSeconds: decision.resetSeconds, class: cls });
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
