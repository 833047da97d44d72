import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { ObservabilityModule, ReadinessRegistry } from '@roster/observability';
import { ConfigController } from './config/config.controller';
import { ConsoleSettings } from './console.settings';
import { webAppBuilt } from './assets/web-app';

@Module({})
export class ConsoleServiceModule implements OnModuleInit {
  constructor(
    @Inject(SETTINGS) private readonly settings: ConsoleSettings,
    private readonly readiness: ReadinessRegistry,
  ) {}

  static register(settings: ConsoleSettings): DynamicModule {
    return {
      module: ConsoleServiceModule,
      imports: [ObservabilityModule.forRoot('console', settings)],
      controllers: [ConfigController],
      providers: [{ provide: SETTINGS, useValue: settings }],
    };
  }

  onModuleInit(): void {
    this.readiness.register('web-app', async () => {
      if (!webAppBuilt(this.settings)) throw new Error('the web app is not built');
    });
  }
}
