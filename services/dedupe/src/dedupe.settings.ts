import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ServiceSettings, toInt } from '@roster/config';

export class DedupeSettings extends ServiceSettings {
  override HTTP_PORT = 3004;

  /**
   * How long a full scan waits for this service to take in every contact the contacts service
   * holds for the tenant; after that it scans what it has and ends `incomplete`, with its coverage.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DEDUPE_SCAN_CATCH_UP_MS = 600_000;
}
