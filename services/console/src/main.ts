import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@roster/config';
import { securityHeaders } from '@roster/http';
import { mountWebApp } from './assets/web-app';
import { ConsoleServiceModule } from './console.module';
import { ConsoleSettings } from './console.settings';
import { mountApiProxy } from './proxy/api-proxy';

/** Starts the console; `port` overrides HTTP_PORT (tests pass 0). */
export async function startConsole(settings: ConsoleSettings, port = settings.HTTP_PORT): Promise<NestExpressApplication> {
  // No body parsing: request bodies stream through the relay untouched.
  const app = await NestFactory.create<NestExpressApplication>(ConsoleServiceModule.register(settings), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  mountApiProxy(app, settings);
  mountWebApp(app, settings);
  await app.listen(port, settings.HTTP_HOST);
  return app;
}

if (require.main === module) {
  void startConsole(loadConfigOrExit(ConsoleSettings)).catch((error) => {
    process.stderr.write(JSON.stringify({ level: 'fatal', service: 'console', msg: 'start-up failed', err: String(error?.stack ?? error) }) + '\n');
    process.exit(1);
  });
}
