import { ServiceSettings } from '@roster/config';

export class DedupeSettings extends ServiceSettings {
  override HTTP_PORT = 3004;
}
