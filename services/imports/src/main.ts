import 'reflect-metadata';
import { loadConfigOrExit } from '@roster/config';
import { startService } from '@roster/http';
import { ImportsServiceModule } from './imports.module';
import { ImportsSettings } from './imports.settings';

async function main(): Promise<void> {
  const settings = loadConfigOrExit(ImportsSettings);
  await startService({
    name: 'imports',
    module: ImportsServiceModule.register(settings),
    settings,
  });
}

void main().catch((error) => {
  process.stderr.write(JSON.stringify({ level: 'fatal', service: 'imports', msg: 'start-up failed', err: String(error?.stack ?? error) }) + '\n');
  process.exit(1);
});
