import { Controller, Get, Inject } from '@nestjs/common';
import { SETTINGS } from '@roster/http';
import { Public } from '@roster/observability';
import { ConsoleSettings, embedOrigins } from '../console.settings';

/** What the web app needs to know before sign-in: which embedding pages may hand it a token. */
@Public()
@Controller('config')
export class ConfigController {
  constructor(@Inject(SETTINGS) private readonly settings: ConsoleSettings) {}

  @Get()
  config() {
    return { embedOrigins: embedOrigins(this.settings) };
  }
}
