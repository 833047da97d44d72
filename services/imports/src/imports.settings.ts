import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceSettings, toInt } from '@roster/config';

export class ImportsSettings extends ServiceSettings {
  override HTTP_PORT = 3002;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  IMPORT_MAX_FILE_BYTES = 1024 ** 3;

  /** Rows per bulk-upsert call: the unit of progress, idempotency and resumption. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  IMPORT_CHUNK_ROWS = 1000;

  /** Imports this process runs at once; 0 serves only the HTTP API (workers deployed apart). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  IMPORT_WORKER_CONCURRENCY = 2;

  /** How long a worker holds an import without renewing its lock; a dead worker's import is taken over after it. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  IMPORT_LOCK_MS = 30_000;

  /** After this long, a running import steps back behind waiting ones, so a huge file never holds a worker for good. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  IMPORT_SLICE_MS = 60_000;

  /**
   * Pacing: a running import waits before its next chunk while a consumer group of contact events
   * (IMPORT_PACE_GROUPS) is more than this many events behind, so one tenant's import cannot leave
   * every other tenant's segments stale. 0 (the default) turns pacing off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  IMPORT_PACE_MAX_LAG = 0;

  /** The consumer groups (logical names, comma-separated) whose lag paces imports. */
  @IsString()
  @Matches(/^[a-z0-9.-]+(,[a-z0-9.-]+)*$/, { message: 'IMPORT_PACE_GROUPS must be group names separated by commas' })
  IMPORT_PACE_GROUPS = 'segmentation,dedupe';

  /** The longest an import waits for the groups at one chunk; then it goes on (a stopped consumer must not stop imports). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  IMPORT_PACE_MAX_WAIT_MS = 600_000;
}
