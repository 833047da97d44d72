import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsMongoId, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CONTACT_STATUSES } from '@roster/contracts';
import { ContactFilterDto } from '../../contacts/dto/search.dto';
import { IsOmittable } from '@roster/http';

export const BULK_ACTIONS = ['add-tags', 'remove-tags', 'set-status', 'add-to-list', 'remove-from-list', 'delete'] as const;

export class BulkOperationDto {
  @IsIn(BULK_ACTIONS)
  action: (typeof BULK_ACTIONS)[number];

  @ValidateIf((o) => !o.filter)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsMongoId({ each: true })
  ids?: string[];

  @ValidateIf((o) => !o.ids)
  @ValidateNested()
  @Type(() => ContactFilterDto)
  filter?: ContactFilterDto;

  @ValidateIf((o) => o.action === 'add-tags' || o.action === 'remove-tags')
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  tags?: string[];

  @ValidateIf((o) => o.action === 'set-status')
  @IsIn(CONTACT_STATUSES)
  status?: (typeof CONTACT_STATUSES)[number];

  @ValidateIf((o) => o.action === 'add-to-list' || o.action === 'remove-from-list')
  @IsMongoId()
  listId?: string;

  @IsOmittable()
  @IsIn([true])
  confirmAll?: true;
}
