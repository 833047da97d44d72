import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsMongoId, IsString, Max, MaxLength, Min } from 'class-validator';
import { CONSENT_STATES, CONTACT_STATUSES } from '@roster/contracts';
import { VIEW_FIELDS, ViewField } from '../contact.view';
import { IsOmittable } from '@roster/http';

const list = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);

/** Which contacts: shared by search, bulk operations and export. */
export class ContactFilterDto {
  @IsOmittable() @IsString() @MaxLength(200) q?: string;
  @IsOmittable() @Transform(list) @IsString({ each: true }) tag?: string[];
  @IsOmittable() @IsMongoId() list?: string;
  @IsOmittable() @Transform(list) @IsIn(CONTACT_STATUSES, { each: true }) status?: string[];
  @IsOmittable() @Transform(list) @IsString({ each: true }) leadSource?: string[];
  @IsOmittable() @IsIn(CONSENT_STATES) consent?: string;
}

export const SORTS = ['createdAt', 'updatedAt'] as const;

export class SearchContactsDto extends ContactFilterDto {
  @IsOmittable() @IsIn(SORTS) sort?: (typeof SORTS)[number];
  @IsOmittable() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  @IsOmittable() @IsString() cursor?: string;
  @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOmittable() @Transform(list) @IsIn(VIEW_FIELDS, { each: true }) fields?: ViewField[];
}

export class ExportContactsDto extends ContactFilterDto {
  @IsOmittable() @IsIn(['csv', 'ndjson']) format?: 'csv' | 'ndjson';
}
