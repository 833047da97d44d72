import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { HttpSettings } from '@roster/config';
import { HealthController } from './health.controller';
import { HttpMetricsMiddleware, MetricsController, MetricsRegistry } from './metrics';
import { ReadinessRegistry } from './readiness.registry';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Structured JSON logs (with tenant and correlation id), health endpoints and Prometheus metrics. */
@Global()
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(service: string, settings: HttpSettings): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: settings.LOG_LEVEL,
            base: { service },
            messageKey: 'msg',
            timestamp: () => `,"time":"${new Date().toISOString()}"`,
            formatters: { level: (label: string) => ({ level: label }) },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            genReqId: (request: IncomingMessage, response: ServerResponse) => {
              const given = request.headers[CORRELATION_HEADER];
              const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
              response.setHeader(CORRELATION_HEADER, id);
              return id;
            },
            customProps: (request: IncomingMessage) => ({
              correlationId: request.id,
              tenantId: (request as IncomingMessage & { principal?: { tenantId: string } }).principal?.tenantId,
            }),
            // A flood refused with 429s is told by roster_http_rate_limited_total, not by a log line per refusal.
            customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
              error || response.statusCode >= 500 ? 'error' : response.statusCode === 429 ? 'debug' : 'info',
            autoLogging: { ignore: (request: IncomingMessage) => /^\/(health|metrics)/.test(request.url ?? '') },
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [ReadinessRegistry, { provide: MetricsRegistry, useFactory: () => new MetricsRegistry(service) }],
      exports: [ReadinessRegistry, MetricsRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
