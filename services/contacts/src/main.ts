import 'reflect-metadata';
import { loadConfigOrExit } from '@roster/config';
import { startService } from '@roster/http';
import { ContactsServiceModule, contactsEventConsumer } from './contacts.module';
import { ContactsSettings } from './contacts.settings';

async function main(): Promise<void> {
  const settings = loadConfigOrExit(ContactsSettings);
  await startService({
    name: 'contacts',
    module: ContactsServiceModule.register(settings),
    settings,
    consumer: contactsEventConsumer,
  });
}

void main().catch((error) => {
  process.stderr.write(JSON.stringify({ level: 'fatal', service: 'contacts', msg: 'start-up failed', err: String(error?.stack ?? error) }) + '\n');
  process.exit(1);
});
