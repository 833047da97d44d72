import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsMongoId, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CONSENT_STATES, CONTACT_STATUSES } from '@roster/contracts';
import { VIEW_FIELDS, ViewField } from '../contact.view';

const list = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);

/** Which contacts: shared by search, bulk operations and export. */
export class ContactFilterDto {
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @Transform(list) @IsString({ each: true }) tag?: string[];
  @IsOptional() @IsMongoId() list?: string;
  @IsOptional() @Transform(list) @IsIn(CONTACT_STATUSES, { each: true }) status?: string[];
  @IsOptional() @Transform(list) @IsString({ each: true }) leadSource?: string[];
  @IsOptional() @IsIn(CONSENT_STATES) consent?: string;
}

export const SORTS = ['createdAt', 'updatedAt'] as const;

export class SearchContactsDto extends ContactFilterDto {
  @IsOptional() @IsIn(SORTS) sort?: (typeof SORTS)[number];
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  @IsOptional() @IsString() cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @Transform(list) @IsIn(VIEW_FIELDS, { each: true }) fields?: ViewField[];
}

export class ExportContactsDto extends ContactFilterDto {
  @IsOptional() @IsIn(['csv', 'ndjson']) format?: 'csv' | 'ndjson';
}
