import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ServiceSettings, toInt } from '@roster/config';

export class SegmentationSettings extends ServiceSettings {
  override HTTP_PORT = 3003;

  /** How often contacts whose result may change with time alone are re-evaluated; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SEGMENT_SWEEP_INTERVAL_MS = 10_000;

  /** How often an instance looks for segments to backfill; 0 turns backfill off on this instance. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SEGMENT_BACKFILL_POLL_MS = 2_000;

  /**
   * Contacts held in memory for previews, across tenants (about 1 KB each); 0 turns the cache off
   * and every preview reads the tenant's projection.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SEGMENT_PREVIEW_CACHE_CONTACTS = 1_000_000;

  /** A tenant's contacts held for previews are read again after this long, bounding any drift. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SEGMENT_PREVIEW_CACHE_MAX_AGE_MS = 600_000;
}
