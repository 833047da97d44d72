import { ConfigError, loadConfig } from './load-config';
import { RedisSettings, ServiceSettings } from './settings';

const valid = {
  HTTP_PORT: '3001',
  AUTH_JWT_SECRET: 'a-secret-of-enough-length',
  MONGO_URL: 'mongodb://127.0.0.1:27017/roster',
  KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9094',
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
    expect(() => loadConfig(RedisSettings, { ...valid, REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL is malformed/);
  });
});
