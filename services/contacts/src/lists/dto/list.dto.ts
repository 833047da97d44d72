import { ArrayMaxSize, ArrayMinSize, IsArray, IsMongoId, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsOmittable } from '@roster/http';

export class CreateListDto {
  @IsString() @MinLength(1) @MaxLength(120) name: string;
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(1000) description?: string | null;
}

export class UpdateListDto {
  @IsOmittable() @IsString() @MinLength(1) @MaxLength(120) name?: string;
  @IsOmittable() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(1000) description?: string | null;
}

export class ListMembersDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10_000) @IsMongoId({ each: true }) contactIds: string[];
}
