import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, Length, MaxLength, validateSync } from 'class-validator';
import { Type } from '@sinclair/typebox';
import { ApiProblems, ApiResult, CurrentPrincipal, FieldProblem, IsOmittable, IsoDateTime, Principal, ProblemException, WHITELIST, fieldProblems, validationFailed } from '@roster/http';
import { OrderedContactFilterDto } from '../contacts/dto/search.dto';
import { SavedView } from './saved-view.schema';
import { ViewsRepository } from './views.repository';

export class SaveViewDto {
  @IsString() @Length(1, 60) name: string;
  /** The search as `GET /v1/contacts` takes it; checked by the same rules. */
  @IsString() @MaxLength(4000) query: string;
  @IsArray() @ArrayMaxSize(60) @IsString({ each: true }) @MaxLength(80, { each: true }) columns: string[];
  @IsOmittable() @IsBoolean() shared?: boolean;
}

const ViewSchema = Type.Object(
  { id: Type.String(), name: Type.String(), query: Type.String(), columns: Type.Array(Type.String()), shared: Type.Boolean(), mine: Type.Boolean(), updatedAt: IsoDateTime },
  { $id: 'SavedView' },
);

const ownerOf = (principal: Principal) => principal.subject ?? `role:${principal.role}`;

/**
 * A view's query by the search's own rules, read as the HTTP layer reads a query string (a repeated
 * key is a list); paging is no part of a view, so it is refused as an unknown field.
 */
function queryProblems(query: string): FieldProblem[] {
  const params = new URLSearchParams(query);
  const raw = Object.fromEntries([...new Set(params.keys())].map((key) => {
    const values = params.getAll(key);
    return [key, values.length === 1 ? values[0] : values];
  }));
  return fieldProblems(validateSync(plainToInstance(OrderedContactFilterDto, raw), WHITELIST), 'query');
}

@ApiTags('contacts')
@Controller('v1/views')
export class ViewsController {
  constructor(private readonly views: ViewsRepository) {}

  @Get()
  @ApiResult(200, Type.Object({ items: Type.Array(ViewSchema) }))
  @ApiOperation({ summary: "Saved views of the grid: the caller's own and those shared in the tenant" })
  async list(@CurrentPrincipal() principal: Principal) {
    const owner = ownerOf(principal);
    return { items: (await this.views.visibleTo(principal.tenantId, owner)).map((v) => render(v, owner)) };
  }

  @Put()
  @ApiResult(200, ViewSchema, 'Saved (a view of the same name of the caller is replaced)')
  @ApiOperation({ summary: 'Save a view: a name, the search as GET /v1/contacts takes it (keyword, filters, order), the columns, whether the tenant sees it' })
  async save(@CurrentPrincipal() principal: Principal, @Body() dto: SaveViewDto) {
    const problems = queryProblems(dto.query);
    if (problems.length) throw validationFailed(problems);
    const owner = ownerOf(principal);
    return render(await this.views.save(principal.tenantId, owner, { name: dto.name.trim(), query: dto.query, columns: dto.columns, shared: dto.shared ?? false }), owner);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblems(404)
  @ApiOperation({ summary: "Delete one of the caller's views" })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    if (!(await this.views.remove(principal.tenantId, ownerOf(principal), id))) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'view-not-found', `You have no view ${id}`);
    }
  }
}

function render(view: SavedView, owner: string) {
  return { id: String(view._id), name: view.name, query: view.query, columns: view.columns, shared: view.shared, mine: view.owner === owner, updatedAt: view.updatedAt };
}
