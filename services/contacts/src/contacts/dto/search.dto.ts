import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsISO31661Alpha2, IsMongoId, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CONSENT_STATES, CONTACT_STATUSES, CUSTOM_FIELD_KEY } from '@roster/contracts';
import { VIEW_FIELDS, ViewField } from '../contact.view';
import { IsOmittable } from '@roster/http';

/** `tier:gold` — a custom field key, a colon, then the value. */
export const CUSTOM_CONDITION = new RegExp(`^(${CUSTOM_FIELD_KEY.source.slice(1, -1)}):(.{1,200})$`, 's');

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
  /** These contacts only (a segment's page of members, say). */
  @IsOmittable() @Transform(list) @ArrayMaxSize(500) @IsMongoId({ each: true }) ids?: string[];
  @IsOmittable() @Transform((p) => list(p)?.map((v) => v.toUpperCase())) @IsISO31661Alpha2({ each: true }) country?: string[];
  /** Custom field equals a value, `key:value`; repeat the parameter for several (values may hold commas). */
  @IsOmittable()
  @Transform(({ value }) => (value === undefined ? undefined : [value].flat().map(String)))
  @ArrayMaxSize(20)
  @Matches(CUSTOM_CONDITION, { each: true, message: 'custom must be key:value, with a custom field key' })
  custom?: string[];
}

export const SORTS = ['createdAt', 'updatedAt'] as const;

/** Which contacts, in which order: a search without its paging (what a saved view keeps). */
export class OrderedContactFilterDto extends ContactFilterDto {
  @IsOmittable() @IsIn(SORTS) sort?: (typeof SORTS)[number];
  @IsOmittable() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

export class SearchContactsDto extends OrderedContactFilterDto {
  @IsOmittable() @IsString() cursor?: string;
  @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOmittable() @Transform(list) @IsIn(VIEW_FIELDS, { each: true }) fields?: ViewField[];
}

export class ExportContactsDto extends ContactFilterDto {
  @IsOmittable() @IsIn(['csv', 'ndjson']) format?: 'csv' | 'ndjson';
}
