import { Controller, Get, HttpStatus, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiResult, CurrentPrincipal, Principal, ProblemException } from '@roster/http';
import { ContactSegmentsSchema } from '../segments/segment.api-schemas';
import { SegmentCatalog } from '../segments/segment-catalog';
import { ContactProjectionsRepository } from './contact-projections.repository';

@ApiTags('segments')
@Controller('v1/contacts')
export class ContactSegmentsController {
  constructor(
    private readonly projections: ContactProjectionsRepository,
    private readonly catalog: SegmentCatalog,
  ) {}

  @Get(':id/segments')
  @ApiResult(200, ContactSegmentsSchema)
  @ApiOperation({ summary: 'The segments a contact is in, with the version it matched and since when' })
  async segmentsOf(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const projection = await this.projections.get(principal.tenantId, id);
    if (!projection?.contact) throw new ProblemException(HttpStatus.NOT_FOUND, 'contact-not-found', `No contact ${id} is known to segmentation`);
    const { byId } = await this.catalog.of(principal.tenantId);
    const items = Object.entries(projection.memberships)
      .filter(([segmentId]) => byId.get(segmentId)?.state !== 'retiring')
      .map(([segmentId, m]) => ({ segmentId, name: byId.get(segmentId)?.name ?? null, version: m.version, since: m.since }));
    return { contactId: id, items };
  }
}
