import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';

/** For settings classes: a string of digits from the environment becomes a number. */
export const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export const RATE_LIMIT_CLASSES = ['read', 'write', 'bulk'] as const;
export type RateLimitClass = (typeof RATE_LIMIT_CLASSES)[number];
/** `[requests per second, burst]` per route class, per plan. */
export type RateLimitPlans = Record<string, Partial<Record<RateLimitClass, [number, number]>>>;

export const DEFAULT_RATE_LIMITS: RateLimitPlans = {
  default: { read: [100, 300], write: [50, 150], bulk: [5, 20] },
};
const RATE_LIMIT_PLANS_FORMAT =
  'RATE_LIMITS must be JSON: {"default": {"read": [rate, burst], "write": [...], "bulk": [...]}, "<plan>": {...}} with whole numbers, burst >= rate >= 1';

const toRateLimitPlans = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

function isRateLimitPlans(value: unknown): value is RateLimitPlans {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('default' in value)) return false;
  return Object.values(value).every((plan) =>
    plan && typeof plan === 'object' && !Array.isArray(plan) && Object.entries(plan).every(([cls, limit]) =>
      (RATE_LIMIT_CLASSES as readonly string[]).includes(cls) && Array.isArray(limit) && limit.length === 2
      && limit.every((n) => Number.isInteger(n)) && limit[0] >= 1 && limit[1] >= limit[0]));
}

/** Settings of every Roster process that serves HTTP. */
export class HttpSettings {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  HTTP_HOST = '0.0.0.0';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number;
}

/** Settings every Roster service reads. Each service's config class extends this one. */
export class ServiceSettings extends HttpSettings {
  @IsString()
  @MinLength(16, { message: 'AUTH_JWT_SECRET must be at least 16 characters' })
  AUTH_JWT_SECRET: string;

  /** During a secret rotation: the previous secret, still accepted (never used to sign). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'AUTH_JWT_PREVIOUS_SECRET must be at least 16 characters' })
  AUTH_JWT_PREVIOUS_SECRET?: string;

  /** Tokens whose exp lies further than this past their iat are refused (the operator's cap, every tenant alike). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  AUTH_JWT_MAX_LIFETIME_SECONDS = 24 * 3600;

  @Matches(/^mongodb(\+srv)?:\/\/.+/, { message: 'MONGO_URL must be a mongodb:// or mongodb+srv:// URL' })
  MONGO_URL: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  MONGO_DB?: string;

  /**
   * A database socket that answers nothing for this long is closed and its operation fails (so it
   * is retried), instead of waiting forever on a stalled server. Above the slowest legitimate
   * query (whole-tenant scans stream in batches, each well under it).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  MONGO_SOCKET_TIMEOUT_MS = 120_000;

  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS: string;

  /** Prepended to every topic and consumer group name (environments sharing one cluster, tests). */
  @Matches(/^[a-zA-Z0-9._-]*$/, { message: 'KAFKA_TOPIC_PREFIX may hold only letters, digits, . _ -' })
  KAFKA_TOPIC_PREFIX = '';

  /**
   * How long the broker waits for a consumer's heartbeat before giving its partitions to the
   * others: a killed instance's partitions move after about this long.
   */
  @Transform(toInt)
  @IsInt()
  @Min(6000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS = 30_000;

  /**
   * How long one attempt of an event handler may take before it is let go and tried again (then
   * dead-lettered when it keeps failing), so that its partition moves on.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  KAFKA_HANDLER_TIMEOUT_MS = 30_000;

  /**
   * The contacts service's HTTP API, for the services that call it (imports write contacts only
   * through it; segmentation reads custom field types; dedupe counts a tenant's contacts).
   */
  @Matches(/^https?:\/\/[^/]+$/, { message: 'CONTACTS_URL must be http(s)://host[:port] without a path' })
  CONTACTS_URL = 'http://127.0.0.1:3001';

  /** Shared state across instances: per-tenant rate limits, and the imports service's queue. */
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL: string;

  @Matches(/^[a-zA-Z0-9_-]*$/, { message: 'REDIS_PREFIX may hold only letters, digits, _ -' })
  REDIS_PREFIX = 'roster';

  /**
   * Per-tenant request rates, per plan (the token's `plan` claim; `default` for tokens without one)
   * and route class: `read` (GET), `write` (other methods), `bulk` (bulk upserts and actions,
   * uploads, previews, scans). Each is `[requests per second, burst]`: a token bucket refilled at
   * the rate, holding at most the burst. A plan names only the classes it changes.
   */
  @Transform(toRateLimitPlans)
  @ValidateBy({ name: 'rateLimitPlans', validator: { validate: isRateLimitPlans, defaultMessage: () => RATE_LIMIT_PLANS_FORMAT } })
  RATE_LIMITS: RateLimitPlans = DEFAULT_RATE_LIMITS;

  @Transform(toBool)
  @IsIn([true, false])
  RATE_LIMITS_ENABLED = true;

  /**
   * Requests of one tenant an instance handles at once; more wait in the tenant's own line, so a
   * burst of one tenant's allowed requests cannot take the whole database from the others.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_TENANT_CONCURRENCY = 2;

  /** Requests of one tenant that may wait for a turn on an instance; more are refused with 429. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT_TENANT_QUEUE = 200;

  @Transform(toBool)
  @IsIn([true, false])
  OUTBOX_RELAY_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  OUTBOX_RELAY_INTERVAL_MS = 500;

  get acceptedJwtSecrets(): string[] {
    return this.AUTH_JWT_PREVIOUS_SECRET ? [this.AUTH_JWT_SECRET, this.AUTH_JWT_PREVIOUS_SECRET] : [this.AUTH_JWT_SECRET];
  }

  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }
}

