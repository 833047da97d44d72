import { ArrayMaxSize, ArrayMinSize, IsArray, IsMongoId, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

export class CreateListDto {
  @IsString() @MinLength(1) @MaxLength(120) name: string;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(1000) description?: string | null;
}

export class UpdateListDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(120) name?: string;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(1000) description?: string | null;
}

export class ListMembersDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10_000) @IsMongoId({ each: true }) contactIds: string[];
}
