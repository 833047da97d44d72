import { IsOmittable } from './validation';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';

/** `?cursor=&limit=` of a cursor-paged list: the cursor is the `nextCursor` of the page before. */
export class PageQueryDto {
  @IsOmittable() @IsString() cursor?: string;
  /** Items per page (default 50). */
  @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}
