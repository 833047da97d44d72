import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsIn, IsISO31661Alpha2, IsMongoId, IsObject, IsOptional, IsString, MaxLength, ValidateNested,
} from 'class-validator';
import { UPSERT_MODES, UpsertMode } from '@roster/contracts';

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
/** `tab` stands for a tab character, which is awkward to put in a URL. */
export const DELIMITER_NAMES = [',', ';', '\t', 'tab', '|'] as const;

export class UploadQueryDto {
  @IsOptional() @IsIn(ENCODINGS) encoding?: (typeof ENCODINGS)[number];
  @IsOptional() @IsIn(DELIMITER_NAMES) delimiter?: (typeof DELIMITER_NAMES)[number];
}

export class ImportConsentDto {
  @IsIn(['opted_in', 'opted_out']) status: 'opted_in' | 'opted_out';
  @IsString() @MaxLength(60) method: string;
  @IsString() @MaxLength(120) source: string;
  @IsOptional() @IsString() @MaxLength(2000) proof?: string;
}

export class ImportOptionsDto {
  @IsIn(UPSERT_MODES) mode: UpsertMode;
  @IsOptional() @IsISO31661Alpha2() defaultCountry?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(64, { each: true }) tags?: string[];
  @IsOptional() @IsMongoId() listId?: string;
  @IsOptional() @IsString() @MaxLength(40) leadSource?: string;
  @IsOptional() @ValidateNested() @Type(() => ImportConsentDto) consent?: ImportConsentDto;
}

export class MappingDto {
  /** Header name → `phone`, another standard field, `custom:<key>`, `tags` or `ignore`. */
  @IsObject() columns: Record<string, string>;
  @IsOptional() @ValidateNested() @Type(() => ImportOptionsDto) options?: ImportOptionsDto;
}

export class ListQueryDto {
  @IsOptional() @IsString() cursor?: string;
}

export class ErrorsQueryDto {
  @IsOptional() @IsIn(['run', 'dry-run']) pass?: 'run' | 'dry-run';
}
