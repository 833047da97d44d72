import { RedisSettings } from '@roster/config';

export class ImportsSettings extends RedisSettings {
  override HTTP_PORT = 3002;
}
