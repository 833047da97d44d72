import { ServiceSettings } from '@roster/config';

export class ContactsSettings extends ServiceSettings {
  override HTTP_PORT = 3001;
}
