import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { ServiceSettings } from '@roster/config';
import { MessagingModule } from '@roster/messaging';
import { MetricsRegistry, ObservabilityModule } from '@roster/observability';
import { MongoModule } from '@roster/persistence';
import { JwtAuthGuard, TokenVerifier } from './auth';
import { ProblemDetailsFilter } from './problem-details.filter';
import { OPENAPI_METADATA, OpenApiMetadataLoader } from './openapi';
import { ContentTypeGuard } from './request-hardening';
import { RateLimitShield, TenantRateLimitGuard } from './rate-limit';
import { SessionController } from './session.controller';
import { createValidationPipe } from './validation';

export const SETTINGS = Symbol('SETTINGS');

/**
 * What every Roster service stands on: settings, logs/health/metrics, MongoDB, Kafka,
 * bearer-token auth, per-tenant rate limits (shared through Redis), problem+json errors and whitelisting validation.
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
        { provide: APP_GUARD, inject: [Reflector, TokenVerifier], useFactory: (reflector: Reflector, tokens: TokenVerifier) => new JwtAuthGuard(reflector, tokens) },
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(settings.acceptedJwtSecrets, settings.AUTH_JWT_MAX_LIFETIME_SECONDS) },
        { provide: RateLimitShield, inject: [TokenVerifier], useFactory: (tokens: TokenVerifier) => new RateLimitShield(tokens) },
        {
          provide: APP_GUARD,
          inject: [Reflector, MetricsRegistry, RateLimitShield],
          useFactory: (reflector: Reflector, metrics: MetricsRegistry, shield: RateLimitShield) => new TenantRateLimitGuard(reflector, settings, metrics, shield),
        },
        { provide: APP_GUARD, useClass: ContentTypeGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [SETTINGS, RateLimitShield],
    };
  }
}
