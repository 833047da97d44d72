import 'reflect-metadata';
import { loadConfigOrExit } from '@roster/config';
import { Topics } from '@roster/contracts';
import { startService } from '@roster/http';
import { DedupeServiceModule } from './dedupe.module';
import { DedupeSettings } from './dedupe.settings';

async function main(): Promise<void> {
  const settings = loadConfigOrExit(DedupeSettings);
  await startService({
    name: 'dedupe',
    module: DedupeServiceModule.register(settings),
    settings,
    consumer: { groupId: 'dedupe', topics: [Topics.Contacts] },
  });
}

void main().catch((error) => {
  process.stderr.write(JSON.stringify({ level: 'fatal', service: 'dedupe', msg: 'start-up failed', err: String(error?.stack ?? error) }) + '\n');
  process.exit(1);
});
