import { IsFreeFormObject, IsOmittable } from '@roster/http';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsIn, IsMongoId, IsNumber, IsString, Matches, MaxLength,
  Min, ValidateIf, ValidateNested,
} from 'class-validator';
import { ACTIVITY_KINDS, ActivityKind } from '../../contacts/domain/traits';

export class ActivityDto {
  @IsIn(ACTIVITY_KINDS)
  kind: ActivityKind;

  @IsOmittable()
  @IsDateString()
  occurredAt?: string;

  @ValidateIf((o) => o.kind === 'purchase')
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  amount?: number;

  @ValidateIf((o) => o.kind === 'purchase')
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @ValidateIf((o) => o.kind === 'custom')
  @IsString()
  @MaxLength(100)
  name?: string;

  @IsOmittable() @IsString() @MaxLength(100) campaignId?: string;
  @IsOmittable() @IsString() @MaxLength(200) messageId?: string;
  @IsOmittable() @IsFreeFormObject() properties?: Record<string, unknown>;
}

export class RecordActivitiesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ActivityDto)
  activities: ActivityDto[];
}

export class BulkActivityDto extends ActivityDto {
  @IsMongoId()
  contactId: string;
}

export class BulkActivitiesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => BulkActivityDto)
  activities: BulkActivityDto[];
}
