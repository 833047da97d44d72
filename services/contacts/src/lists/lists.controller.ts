import { Body, Controller, DefaultValuePipe, Delete, Get, Param, ParseIntPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@roster/http';
import { writeContext } from '../contacts/contacts.controller';
import { CreateListDto, ListMembersDto, UpdateListDto } from './dto/list.dto';
import { ContactList } from './list.schema';
import { ListsService } from './lists.service';

const view = (list: ContactList & { contacts?: number }) => ({
  id: String(list._id),
  name: list.name,
  description: list.description,
  ...(list.contacts !== undefined ? { contacts: list.contacts } : {}),
  createdAt: list.createdAt,
  updatedAt: list.updatedAt,
});

@ApiTags('lists')
@Controller('v1/lists')
export class ListsController {
  constructor(private readonly lists: ListsService) {}

  @Post()
  @Roles('admin', 'agent')
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateListDto) {
    return view({ ...(await this.lists.create(principal.tenantId, dto)), contacts: 0 });
  }

  @Get()
  @ApiOperation({ summary: 'Lists with their contact counts and creation dates' })
  async page(
    @CurrentPrincipal() principal: Principal,
    @Query('cursor') cursor?: string,
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit = 50,
  ) {
    const page = await this.lists.page(principal.tenantId, cursor, Math.min(Math.max(limit, 1), 200));
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const list = await this.lists.get(principal.tenantId, id);
    return view({ ...list, contacts: await this.lists.count(principal.tenantId, id) });
  }

  @Patch(':id')
  @Roles('admin', 'agent')
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateListDto) {
    return view(await this.lists.update(principal.tenantId, id, dto));
  }

  @Delete(':id')
  @Roles('admin')
  @ApiQuery({ name: 'moveTo', required: false, description: 'Move the contacts into this list first' })
  async delete(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('id') id: string, @Query('moveTo') moveTo?: string) {
    return this.lists.delete(writeContext(principal, request), id, moveTo);
  }

  @Post(':id/contacts')
  @Roles('admin', 'agent')
  @ApiOperation({ summary: 'Add contacts to the list' })
  add(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('id') id: string, @Body() dto: ListMembersDto) {
    return this.lists.addMembers(writeContext(principal, request), id, dto.contactIds);
  }

  @Post(':id/contacts/remove')
  @Roles('admin', 'agent')
  @ApiOperation({ summary: 'Remove contacts from the list' })
  remove(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('id') id: string, @Body() dto: ListMembersDto) {
    return this.lists.removeMembers(writeContext(principal, request), id, dto.contactIds);
  }
}
