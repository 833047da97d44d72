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
}
