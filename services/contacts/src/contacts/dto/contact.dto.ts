import { IsFreeFormObject, IsOmittable } from '@roster/http';
import { isCalendarDate } from '../domain/calendar-date';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsDateString, IsEmail, IsIn, IsISO31661Alpha2, IsString, Matches,
  MaxLength, ValidateBy, ValidateIf, ValidateNested,
} from 'class-validator';
import { CONSENT_STATES, CONTACT_STATUSES } from '@roster/contracts';

export class LocationDto {
  @IsOmittable()
  @ValidateIf((_, v) => v !== null)
  @IsISO31661Alpha2()
  country?: string | null;

  @IsOmittable()
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

  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  proof?: string;

  @IsOmittable()
  @IsDateString()
  at?: string;
}

const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Fields shared by create and update; every one optional here, `phone` required on create. */
export class ContactFieldsDto {
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(100) firstName?: string | null;
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(100) lastName?: string | null;
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsEmail() @MaxLength(254) email?: string | null;
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(200) company?: string | null;
  @IsOmittable() @ValidateIf((_, v) => v !== null) @Matches(BCP47, { message: 'language must be a BCP 47 tag such as en or pt-BR' }) language?: string | null;
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(40) leadSource?: string | null;
  @IsOmittable() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) tags?: string[];
  @IsOmittable() @IsIn(CONTACT_STATUSES) status?: (typeof CONTACT_STATUSES)[number];
  @IsOmittable() @ValidateNested() @Type(() => LocationDto) location?: LocationDto;
  @IsOmittable() @ValidateIf((_, v) => v !== null) @ValidateBy({ name: 'isCalendarDate', validator: { validate: isCalendarDate, defaultMessage: () => 'birthDate must be a date YYYY-MM-DD' } }) birthDate?: string | null;
  @IsOmittable() @IsFreeFormObject() @ApiPropertyOptional({ type: 'object', additionalProperties: true }) customFields?: Record<string, unknown>;
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(10_000) notes?: string | null;
}

export class CreateContactDto extends ContactFieldsDto {
  @IsString()
  @MaxLength(40)
  phone: string;

  @IsOmittable()
  @ValidateNested()
  @Type(() => ConsentInputDto)
  consent?: ConsentInputDto;
}

export class UpdateContactDto extends ContactFieldsDto {
  @IsOmittable()
  @IsString()
  @MaxLength(40)
  phone?: string;
}

export class ChangeTagsDto {
  @IsOmittable() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) add?: string[];
  @IsOmittable() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) remove?: string[];
}
