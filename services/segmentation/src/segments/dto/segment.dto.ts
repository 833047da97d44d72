import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsOmittable } from '@roster/http';

const RULE_DOC = 'A tree of { all: [...] }, { any: [...] }, { not: {...} } over conditions { field, op, value }, e.g. { "field": "traits.totalSpent", "op": "gt", "value": 1000 }';

export class CreateSegmentDto {
  @IsString() @Length(1, 200) name: string;
  @IsOmittable() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ description: 'Only members of this contact list; omit or null for the whole tenant', nullable: true })
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 100) listId?: string | null;
  @ApiProperty({ description: RULE_DOC, type: 'object', additionalProperties: true })
  @IsObject() rule: Record<string, unknown>;
}

export class UpdateSegmentDto {
  @IsOmittable() @IsString() @Length(1, 200) name?: string;
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(2000) description?: string | null;
  @ApiPropertyOptional({ nullable: true })
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 100) listId?: string | null;
  @ApiPropertyOptional({ description: RULE_DOC, type: 'object', additionalProperties: true })
  @IsOmittable() @IsObject() rule?: Record<string, unknown>;
}

export class PreviewSegmentDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 100) listId?: string | null;
  @ApiProperty({ description: RULE_DOC, type: 'object', additionalProperties: true })
  @IsObject() rule: Record<string, unknown>;
}

export class LifecycleSettingsDto {
  @ApiProperty({ description: 'Last activity within this many days: active' })
  @IsInt() @Min(1) @Max(3650) activeWithinDays: number;
  @ApiProperty({ description: 'Last activity within this many days (and not active): at risk; older or never: inactive' })
  @IsInt() @Min(1) @Max(3650) atRiskWithinDays: number;
}

export class PageQueryDto {
  @IsOmittable() @IsString() cursor?: string;
  @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}
