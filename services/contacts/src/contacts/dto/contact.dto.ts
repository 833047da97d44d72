import { IsFreeFormObject } from '@roster/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsDateString, IsEmail, IsIn, IsISO31661Alpha2, IsOptional, IsString, Matches,
  MaxLength, ValidateIf, ValidateNested,
} from 'class-validator';
import { CONSENT_STATES, CONTACT_STATUSES } from '@roster/contracts';

export class LocationDto {
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO31661Alpha2()
  country?: string | null;

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(120)
  city?: string | null;
}

export class ConsentInputDto {
  @IsIn(CONSENT_STATES.filter((s) => s !== 'unknown'))
  status: 'opted_in' | 'opted_out';

  @IsString()
  @MaxLength(60)
  method: string;

  @IsString()
  @MaxLength(120)
  source: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  proof?: string;

  @IsOptional()
  @IsDateString()
  at?: string;
}

const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Fields shared by create and update; every one optional here, `phone` required on create. */
export class ContactFieldsDto {
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(100) firstName?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(100) lastName?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsEmail() @MaxLength(254) email?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(200) company?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @Matches(BCP47, { message: 'language must be a BCP 47 tag such as en or pt-BR' }) language?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(40) leadSource?: string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) tags?: string[];
  @IsOptional() @IsIn(CONTACT_STATUSES) status?: (typeof CONTACT_STATUSES)[number];
  @IsOptional() @ValidateNested() @Type(() => LocationDto) location?: LocationDto;
  @IsOptional() @ValidateIf((_, v) => v !== null) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be YYYY-MM-DD' }) birthDate?: string | null;
  @IsOptional() @IsFreeFormObject() @ApiPropertyOptional({ type: 'object', additionalProperties: true }) customFields?: Record<string, unknown>;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(10_000) notes?: string | null;
}

export class CreateContactDto extends ContactFieldsDto {
  @IsString()
  @MaxLength(40)
  phone: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentInputDto)
  consent?: ConsentInputDto;
}

export class UpdateContactDto extends ContactFieldsDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;
}

export class ChangeTagsDto {
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) add?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) remove?: string[];
}
