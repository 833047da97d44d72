import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Type } from '@sinclair/typebox';
import { ApiProblems, ApiResult, BulkOutcomeSchema, CurrentPrincipal, IsoDateTime, Nullable, PageOf, PageQueryDto, Principal, Roles } from '@roster/http';
import { writeContext } from '../contacts/contacts.controller';
import { CreateListDto, ListMembersDto, UpdateListDto } from './dto/list.dto';
import { ContactList } from './list.schema';
import { ListsService } from './lists.service';

const ListSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    contacts: Type.Optional(Type.Integer({ minimum: 0, description: 'Contacts in the list (not after a rename)' })),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { $id: 'List' },
);

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
  @ApiResult(201, ListSchema, 'Created')
  @ApiProblems(409)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateListDto) {
    return view({ ...(await this.lists.create(principal.tenantId, dto)), contacts: 0 });
  }

  @Get()
  @ApiResult(200, PageOf(ListSchema))
  @ApiOperation({ summary: 'Lists with their contact counts and creation dates' })
  async page(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    const page = await this.lists.page(principal.tenantId, query.cursor, query.limit ?? 50);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiResult(200, ListSchema)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const list = await this.lists.get(principal.tenantId, id);
    return view({ ...list, contacts: await this.lists.count(principal.tenantId, id) });
  }

  @Patch(':id')
  @Roles('admin', 'agent')
  @ApiResult(200, ListSchema)
  @ApiProblems(409)
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateListDto) {
    return view(await this.lists.update(principal.tenantId, id, dto));
  }

  @Delete(':id')
  @Roles('admin')
  @ApiResult(200, BulkOutcomeSchema, 'Deleted: the contacts that left it')
  @ApiQuery({ name: 'moveTo', required: false, description: 'Move the contacts into this list first' })
  async delete(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('id') id: string, @Query('moveTo') moveTo?: string) {
    return this.lists.delete(writeContext(principal, request), id, moveTo);
  }

  @Post(':id/contacts')
  @Roles('admin', 'agent')
  @ApiResult(201, BulkOutcomeSchema, 'Added')
  @ApiOperation({ summary: 'Add contacts to the list' })
  add(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('id') id: string, @Body() dto: ListMembersDto) {
    return this.lists.addMembers(writeContext(principal, request), id, dto.contactIds);
  }

  @Post(':id/contacts/remove')
  @Roles('admin', 'agent')
  @ApiResult(201, BulkOutcomeSchema, 'Removed')
  @ApiOperation({ summary: 'Remove contacts from the list' })
  remove(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('id') id: string, @Body() dto: ListMembersDto) {
    return this.lists.removeMembers(writeContext(principal, request), id, dto.contactIds);
  }
}
