import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ServiceSettings, toInt } from '@roster/config';

export class ContactsSettings extends ServiceSettings {
  override HTTP_PORT = 3001;

  /** Plan limit given to a tenant the first time it is seen. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  CONTACTS_DEFAULT_PLAN_LIMIT = 10_000;
}
