import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiResult, CurrentPrincipal, Principal, RateLimited, Roles } from '@roster/http';
import { ScanSchema } from '../dedupe.api-schemas';
import { ScanRecord } from './scan.schema';
import { TenantScanner } from './tenant-scanner';

const view = (s: ScanRecord & { stalled?: boolean }) => ({
  id: s._id, state: s.state, phase: s.phase, read: s.read, total: s.total, expected: s.expected ?? null, coverage: s.coverage ?? null,
  written: s.written, pairsFound: s.pairsFound, compared: s.compared, rules: s.rules ?? [],
  percent: s.state === 'completed' ? 100 : s.phase !== 'catching-up' && s.total > 0 ? Math.floor((s.written / s.total) * 100) : 0,
  detail: s.phase !== 'catching-up' ? null : s.expected === null ? "counting the tenant's contacts" : `catching up: ${s.read.toLocaleString('en')} of ${s.expected.toLocaleString('en')} contacts taken in`,
  stalled: s.stalled ?? false, failure: s.failure, startedAt: s.startedAt, finishedAt: s.finishedAt,
});

@ApiTags('dedupe')
@Controller('v1/dedupe/scans')
@Roles('admin')
export class ScansController {
  constructor(private readonly scanner: TenantScanner) {}

  @Post()
  @RateLimited('bulk')
  @HttpCode(202)
  @ApiResult(202, ScanSchema, 'Started (or the scan already running)')
  @ApiOperation({ summary: "Scan all of the tenant's contacts for candidates in the background (one scan at a time)" })
  async start(@CurrentPrincipal() principal: Principal) {
    return view(await this.scanner.start(principal.tenantId));
  }

  @Get(':scanId')
  @ApiResult(200, ScanSchema)
  @ApiOperation({ summary: 'A scan and its progress' })
  async get(@CurrentPrincipal() principal: Principal, @Param('scanId') scanId: string) {
    return view(await this.scanner.get(principal.tenantId, scanId));
  }
}
