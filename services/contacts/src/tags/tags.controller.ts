import { Body, Controller, Delete, Get, Param, Patch, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Request } from 'express';
import { TagChanged } from '@roster/contracts';
import { Type } from '@sinclair/typebox';
import { ApiResult, BulkOutcomeSchema, CurrentPrincipal, Principal, Roles } from '@roster/http';
import { BulkService } from '../bulk/bulk.service';
import { TagCatalogue } from './tag-catalogue';
import { mutations } from '../contacts/contact-mutations';
import { writeContext } from '../contacts/contacts.controller';
import { tagKey, tagLabel } from '../contacts/domain/tags';

export class RenameTagDto {
  @IsString() @MinLength(1) @MaxLength(64) label: string;
}

@ApiTags('tags')
@Controller('v1/tags')
export class TagsController {
  constructor(
    private readonly bulk: BulkService,
    private readonly tagCatalogue: TagCatalogue,
  ) {}

  @Get()
  @ApiResult(200, Type.Object({ items: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), contacts: Type.Integer({ minimum: 0 }) })) }))
  @ApiOperation({ summary: 'Tag catalogue: every tag with its contact count' })
  async catalogue(@CurrentPrincipal() principal: Principal) {
    return { items: await this.tagCatalogue.of(principal.tenantId) };
  }

  @Patch(':tag')
  @Roles('admin')
  @ApiResult(200, BulkOutcomeSchema, 'Renamed on every contact that had it')
  @ApiOperation({ summary: 'Rename a tag on every contact (merging into an existing tag of that name)' })
  rename(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('tag') tag: string, @Body() dto: RenameTagDto) {
    const key = tagKey(tag);
    const label = tagLabel(dto.label);
    return this.bulk.apply(writeContext(principal, request), { 'tags.key': key }, (current) => {
      const renamed = current.tags.map((t) => (t.key === key ? { key: tagKey(label), label } : t));
      const tags = renamed.filter((t, i) => renamed.findIndex((u) => u.key === t.key) === i);
      if (JSON.stringify(tags) === JSON.stringify(current.tags)) return null;
      const before = current.tags.filter((t) => t.key === key).map((t) => t.label);
      return { set: { tags }, event: TagChanged, data: (contact) => ({ contact, added: [label], removed: before.filter((b) => b !== label) }) };
    });
  }

  @Delete(':tag')
  @Roles('admin')
  @ApiResult(200, BulkOutcomeSchema, 'Removed from every contact that had it')
  @ApiOperation({ summary: 'Remove a tag from every contact' })
  remove(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('tag') tag: string) {
    return this.bulk.apply(writeContext(principal, request), { 'tags.key': tagKey(tag) }, mutations.tags([], [tag]));
  }
}
