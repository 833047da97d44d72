import 'reflect-metadata';
import { loadConfigOrExit } from '@roster/config';
import { startService } from '@roster/http';
import { DedupeServiceModule, dedupeEventConsumer } from './dedupe.module';
import { DedupeSettings } from './dedupe.settings';

async function main(): Promise<void> {
  const settings = loadConfigOrExit(DedupeSettings);
  await startService({
    name: 'dedupe',
    module: DedupeServiceModule.register(settings),
    settings,
    consumer: dedupeEventConsumer,
  });
}

void main().catch((error) => {
  process.stderr.write(JSON.stringify({ level: 'fatal', service: 'dedupe', msg: 'start-up failed', err: String(error?.stack ?? error) }) + '\n');
  process.exit(1);
});
