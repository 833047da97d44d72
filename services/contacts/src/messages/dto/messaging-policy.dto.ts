import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { CONTACT_STATUSES } from '@roster/contracts';
import { IsOmittable } from '@roster/http';
import { MESSAGING_LIMITS } from '../domain/messaging-policy';

/** Up to 50 keywords of 1 to 60 characters. */
const KeywordList = () => applyDecorators(IsArray(), ArrayMaxSize(50), IsString({ each: true }), MinLength(1, { each: true }), MaxLength(60, { each: true }));

export class KeywordSetDto {
  @Matches(/^[a-z]{2,3}$/, { message: 'language is an ISO 639 code such as en or pt' })
  language: string;

  @KeywordList()
  optOut: string[];

  @KeywordList()
  optIn: string[];
}

/** Changes to a tenant's messaging policy; what is left out keeps its value. */
export class UpdateMessagingPolicyDto {
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MESSAGING_LIMITS.recentMessages)
  recentMessages?: number;

  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MESSAGING_LIMITS.hardFailuresToInvalid)
  hardFailuresToInvalid?: number;

  /** null: an inbound message leaves the status as it is. */
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsIn(CONTACT_STATUSES)
  statusOnInbound?: (typeof CONTACT_STATUSES)[number] | null;

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => KeywordSetDto)
  keywords?: KeywordSetDto[];

  @IsOmittable()
  @IsIn(['grant', 'ignore'])
  optInPolicy?: 'grant' | 'ignore';

  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MESSAGING_LIMITS.textRetentionDays)
  textRetentionDays?: number;

  @IsOmittable()
  @IsBoolean()
  createContactOnInbound?: boolean;
}
