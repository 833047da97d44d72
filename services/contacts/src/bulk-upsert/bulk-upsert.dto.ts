import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO31661Alpha2, IsMongoId, IsString, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { ContactsBulkApi, UPSERT_MODES, UpsertMode } from '@roster/contracts';
import { IsFreeFormObject, IsOmittable } from '@roster/http';
import { ConsentInputDto, CreateContactDto } from '../contacts/dto/contact.dto';

/**
 * One row: the fields of a new contact, plus the lists it belongs to by name (as an export names
 * them). Its consent applies to a new contact, and to an existing one only as an opt-out or where
 * its consent is unknown: a file never turns an opt-out into an opt-in.
 */
export class BulkRowDto extends CreateContactDto {
  @IsOmittable() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(120, { each: true }) lists?: string[];
}

/** Rows and their common options: what a preview needs. */
export class BulkRowsDto {
  @IsIn(UPSERT_MODES)
  mode: UpsertMode;

  @IsOmittable() @IsISO31661Alpha2() defaultCountry?: string;
  @IsOmittable() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(64, { each: true }) tags?: string[];
  @IsOmittable() @IsMongoId() listId?: string;
  @IsOmittable() @IsString() @MaxLength(40) leadSource?: string;
  @IsOmittable() @ValidateNested() @Type(() => ConsentInputDto) consent?: ConsentInputDto;

  /** Rows are checked one by one: a bad row is rejected with its reason, never the whole batch. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ContactsBulkApi.maxRows)
  @IsFreeFormObject({ each: true })
  contacts: Record<string, unknown>[];
}

export class BulkUpsertDto extends BulkRowsDto {
  @Matches(/^[\w.:-]{1,200}$/, { message: 'batchKey must be 1-200 letters, digits, _ . : -' })
  batchKey: string;
}
