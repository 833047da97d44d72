import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import mongoose, { Connection } from 'mongoose';
import { ServiceSettings } from '@roster/config';
import { ReadinessRegistry } from '@roster/observability';

export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');

export async function connectMongo(url: string, dbName?: string, socketTimeoutMS = 120_000): Promise<Connection> {
  const connection = mongoose.createConnection(url, {
    dbName,
    serverSelectionTimeoutMS: 10_000,
    socketTimeoutMS,
    // Indexes are built explicitly at start-up (syncIndexes in each repository), never lazily.
    autoIndex: false,
    autoCreate: true,
  });
  return connection.asPromise();
}

@Injectable()
class MongoLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('mongo', async () => {
      await this.connection.db!.admin().ping();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Global()
@Module({})
export class MongoModule {
  static forRoot(settings: ServiceSettings): DynamicModule {
    return {
      module: MongoModule,
      providers: [
        { provide: MONGO_CONNECTION, useFactory: () => connectMongo(settings.MONGO_URL, settings.MONGO_DB, settings.MONGO_SOCKET_TIMEOUT_MS) },
        MongoLifecycle,
      ],
      exports: [MONGO_CONNECTION],
    };
  }
}
