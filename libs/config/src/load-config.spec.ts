import { ConfigError, loadConfig } from './load-config';
import { DEFAULT_RATE_LIMITS, ServiceSettings } from './settings';

const valid = {
  HTTP_PORT: '3001',
  AUTH_JWT_SECRET: 'a-secret-of-enough-length',
  MONGO_URL: 'mongodb://127.0.0.1:27017/roster',
  KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9094',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

describe('loadConfig', () => {
  it('returns a typed object with defaults and conversions', () => {
    const config = loadConfig(ServiceSettings, { ...valid, OUTBOX_RELAY_ENABLED: 'false' });
    expect(config.HTTP_PORT).toBe(3001);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092', '127.0.0.1:9094']);
    expect(config.OUTBOX_RELAY_ENABLED).toBe(false);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names every missing setting', () => {
    const { AUTH_JWT_SECRET: _a, MONGO_URL: _m, ...rest } = valid;
    try {
      loadConfig(ServiceSettings, rest);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/AUTH_JWT_SECRET is missing/);
      expect(problems).toMatch(/MONGO_URL is missing/);
    }
  });

  it('treats an empty value as missing and rejects malformed ones', () => {
    expect(() => loadConfig(ServiceSettings, { ...valid, KAFKA_BROKERS: '' })).toThrow(/KAFKA_BROKERS is missing/);
    expect(() => loadConfig(ServiceSettings, { ...valid, HTTP_PORT: 'eighty' })).toThrow(/HTTP_PORT is malformed/);
    expect(() => loadConfig(ServiceSettings, { ...valid, REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL is malformed/);
  });

  it('reads per-plan rate limits as JSON and refuses ones that cannot be applied', () => {
    expect(loadConfig(ServiceSettings, valid).RATE_LIMITS).toEqual(DEFAULT_RATE_LIMITS);
    const plans = { default: { read: [20, 40], write: [5, 10], bulk: [1, 2] }, enterprise: { read: [500, 1000] } };
    expect(loadConfig(ServiceSettings, { ...valid, RATE_LIMITS: JSON.stringify(plans) }).RATE_LIMITS).toEqual(plans);
    for (const bad of ['{read: 1}', '{"enterprise": {"read": [10, 20]}}', '{"default": {"read": [10, 5]}}', '{"default": {"reads": [10, 20]}}', '{"default": {"read": [0, 0]}}', '{"default": {"read": [1.5, 3]}}']) {
      expect(() => loadConfig(ServiceSettings, { ...valid, RATE_LIMITS: bad })).toThrow(/RATE_LIMITS is malformed: RATE_LIMITS must be JSON/);
    }
  });
});
