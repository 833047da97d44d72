import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ServiceSettings } from '@roster/config';
import { ReadinessRegistry } from '@roster/observability';

export const REDIS = Symbol('REDIS');

/** A connection fit for BullMQ: blocking commands must not be retried per request. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('redis', async () => {
      if ((await this.redis.ping()) !== 'PONG') throw new Error('unexpected PING reply');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(settings: ServiceSettings): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: REDIS, useFactory: () => createRedis(settings.REDIS_URL) }, RedisLifecycle],
      exports: [REDIS],
    };
  }
}
