import { DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@roster/http';
import { RedisModule } from '@roster/messaging';
import { ImportsModule } from './imports/imports.module';
import { ImportsSettings } from './imports.settings';
import openApiMetadata from './openapi-metadata';

/** The imports service: the platform plus its capability modules. */
@Module({})
export class ImportsServiceModule {
  static register(settings: ImportsSettings): DynamicModule {
    return {
      module: ImportsServiceModule,
      imports: [ServicePlatformModule.forRoot('imports', settings, openApiMetadata), RedisModule.forRoot(settings), ImportsModule],
    };
  }
}
