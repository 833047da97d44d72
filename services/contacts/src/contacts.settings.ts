import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ServiceSettings } from '@roster/config';

export class ContactsSettings extends ServiceSettings {
  override HTTP_PORT = 3001;

  /** Plan limit given to a tenant the first time it is seen. */
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(0)
  CONTACTS_DEFAULT_PLAN_LIMIT = 10_000;
}
