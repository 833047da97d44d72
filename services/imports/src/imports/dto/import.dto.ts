import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsIn, IsISO31661Alpha2, IsMongoId, IsObject, IsString, MaxLength, ValidateNested,
} from 'class-validator';
import { IMPORT_DELIMITERS, IMPORT_ENCODINGS, UPSERT_MODES, UpsertMode } from '@roster/contracts';
import { IsOmittable } from '@roster/http';

export class UploadQueryDto {
  @IsOmittable() @IsIn(IMPORT_ENCODINGS) encoding?: (typeof IMPORT_ENCODINGS)[number];
  @IsOmittable() @IsIn(IMPORT_DELIMITERS) delimiter?: (typeof IMPORT_DELIMITERS)[number];
}

export class ImportConsentDto {
  @IsIn(['opted_in', 'opted_out']) status: 'opted_in' | 'opted_out';
  @IsString() @MaxLength(60) method: string;
  @IsString() @MaxLength(120) source: string;
  @IsOmittable() @IsString() @MaxLength(2000) proof?: string;
}

export class ImportOptionsDto {
  @IsIn(UPSERT_MODES) mode: UpsertMode;
  @IsOmittable() @IsISO31661Alpha2() defaultCountry?: string;
  @IsOmittable() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(64, { each: true }) tags?: string[];
  @IsOmittable() @IsMongoId() listId?: string;
  @IsOmittable() @IsString() @MaxLength(40) leadSource?: string;
  @IsOmittable() @ValidateNested() @Type(() => ImportConsentDto) consent?: ImportConsentDto;
}

export class MappingDto {
  /** Header name → `phone`, another standard field, `custom:<key>`, `tags` or `ignore`. */
  @IsObject() columns: Record<string, string>;
  @IsOmittable() @ValidateNested() @Type(() => ImportOptionsDto) options?: ImportOptionsDto;
}

export class ListQueryDto {
  @IsOmittable() @IsString() cursor?: string;
}

export class ErrorsQueryDto {
  @IsOmittable() @IsIn(['run', 'dry-run']) pass?: 'run' | 'dry-run';
}
