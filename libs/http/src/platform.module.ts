import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { ServiceSettings } from '@roster/config';
import { MessagingModule } from '@roster/messaging';
import { ObservabilityModule } from '@roster/observability';
import { MongoModule } from '@roster/persistence';
import { JwtAuthGuard } from './auth';
import { ProblemDetailsFilter } from './problem-details.filter';
import { OPENAPI_METADATA, OpenApiMetadataLoader } from './openapi';
import { ContentTypeGuard } from './request-hardening';
import { SessionController } from './session.controller';
import { createValidationPipe } from './validation';

export const SETTINGS = Symbol('SETTINGS');

/**
 * What every Roster service stands on: settings, logs/health/metrics, MongoDB, Kafka,
 * bearer-token auth, problem+json errors and whitelisting validation.
 */
@Module({})
export class ServicePlatformModule {
  static forRoot(service: string, settings: ServiceSettings, openApiMetadata?: OpenApiMetadataLoader): DynamicModule {
    return {
      module: ServicePlatformModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot(service, settings),
        MongoModule.forRoot(settings),
        MessagingModule.forRoot(service, settings),
      ],
      controllers: [SessionController],
      providers: [
        { provide: SETTINGS, useValue: settings },
        { provide: OPENAPI_METADATA, useValue: openApiMetadata },
        { provide: APP_GUARD, inject: [Reflector], useFactory: (reflector: Reflector) => new JwtAuthGuard(reflector, settings.acceptedJwtSecrets, settings.AUTH_JWT_MAX_LIFETIME_SECONDS) },
        { provide: APP_GUARD, useClass: ContentTypeGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [SETTINGS],
    };
  }
}
