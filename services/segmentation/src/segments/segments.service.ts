import { HttpStatus, Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { ProblemException } from '@roster/http';
import { SegmentBackfill } from '../backfill/segment-backfill';
import { RuleNode, conditionsOf } from '../rules/domain/rule';
import { RuleCheck, validateRule } from '../rules/domain/rule-validator';
import { LifecycleThresholds } from '../rules/domain/segment-contact';
import { CustomFieldTypesProvider } from './custom-field-types';
import { CreateSegmentDto, UpdateSegmentDto } from './dto/segment.dto';
import { BackfillProgress, SegmentRecord } from './segment.schema';
import { SegmentTenantsRepository } from './segment-tenants.repository';
import { SegmentsRepository } from './segments.repository';
import { isDuplicateKeyError } from '@roster/persistence';

const freshBackfill = (version: number): BackfillProgress => ({ version, processed: 0, total: 0, startedAt: null, finishedAt: null });

/** A checked rule, or a problem naming each path in the request that is wrong. */
function ruleOrProblem(check: RuleCheck): RuleNode {
  if (check.ok) return check.rule;
  throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'invalid-rule', `The rule has ${check.problems.length} problem${check.problems.length === 1 ? '' : 's'}: ${check.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
    errors: check.problems.map((p) => ({ field: p.path, messages: [p.message] })),
  });
}

@Injectable()
export class SegmentsService {
  constructor(
    private readonly segments: SegmentsRepository,
    private readonly tenants: SegmentTenantsRepository,
    private readonly backfill: SegmentBackfill,
    private readonly customFields: CustomFieldTypesProvider,
  ) {}

  /** A caller's rule, checked against the tenant's fields (asked again if it names one not known yet). */
  async rule(tenantId: string, input: unknown): Promise<RuleNode> {
    let check = validateRule(input, await this.customFields.of(tenantId));
    if (!check.ok && check.problems.some((p) => p.unknownCustomField)) check = validateRule(input, await this.customFields.of(tenantId, true));
    return ruleOrProblem(check);
  }

  async create(tenantId: string, dto: CreateSegmentDto): Promise<SegmentRecord> {
    const rule = await this.rule(tenantId, dto.rule);
    const now = new Date();
    let created: SegmentRecord;
    try {
      created = await this.segments.insert(tenantId, {
        _id: new Types.ObjectId(),
        name: dto.name.trim(),
        description: dto.description ?? null,
        listId: dto.listId ?? null,
        rule,
        version: 1,
        state: 'backfilling',
        backfill: freshBackfill(1),
        createdAt: now,
        updatedAt: now,
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw this.nameTaken(dto.name);
      throw error;
    }
    await this.changed(tenantId);
    return created;
  }

  list(tenantId: string, cursor: string | undefined) {
    return this.segments.page(tenantId, { state: { $ne: 'retiring' } }, cursor, 100);
  }

  async get(tenantId: string, id: string): Promise<SegmentRecord> {
    const found = await this.segments.findById(tenantId, id);
    if (!found || found.state === 'retiring') throw new ProblemException(HttpStatus.NOT_FOUND, 'segment-not-found', `No segment ${id}`);
    return found;
  }

  /** A new rule or scope makes a new version, and membership moves to match it. */
  async update(tenantId: string, id: string, dto: UpdateSegmentDto): Promise<SegmentRecord> {
    const current = await this.get(tenantId, id);
    const rule = dto.rule === undefined ? current.rule : await this.rule(tenantId, dto.rule);
    const listId = dto.listId === undefined ? current.listId : dto.listId;
    const reshaped = JSON.stringify(rule) !== JSON.stringify(current.rule) || listId !== current.listId;
    const version = reshaped ? current.version + 1 : current.version;
    const set: Partial<SegmentRecord> = {
      name: dto.name?.trim() ?? current.name,
      description: dto.description === undefined ? current.description : dto.description,
      listId,
      rule,
      version,
      updatedAt: new Date(),
      ...(reshaped ? { state: 'backfilling' as const, backfill: freshBackfill(version) } : {}),
    };
    let updated: SegmentRecord | null;
    try {
      updated = await this.segments.replaceVersioned(tenantId, current._id, current.version, set);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw this.nameTaken(set.name!);
      throw error;
    }
    if (!updated) throw new ProblemException(HttpStatus.CONFLICT, 'segment-changed', `Segment ${id} changed while this update was made; read it and try again`);
    if (reshaped) await this.changed(tenantId);
    return updated;
  }

  /** Every member exits in the background; the segment is gone once they have. */
  async remove(tenantId: string, id: string): Promise<SegmentRecord> {
    const current = await this.get(tenantId, id);
    const retired = await this.segments.replaceVersioned(tenantId, current._id, current.version, {
      state: 'retiring',
      // Frees the name at once for a new segment.
      name: `${current.name} [deleted ${id}]`,
      backfill: freshBackfill(current.version),
      updatedAt: new Date(),
    });
    if (!retired) throw new ProblemException(HttpStatus.CONFLICT, 'segment-changed', `Segment ${id} changed while it was being deleted; try again`);
    await this.changed(tenantId);
    return retired;
  }

  lifecycle(tenantId: string): Promise<LifecycleThresholds> {
    return this.tenants.get(tenantId).then((t) => t.lifecycle);
  }

  /** New thresholds re-evaluate every segment that names the lifecycle stage, as a new version. */
  async setLifecycle(tenantId: string, lifecycle: LifecycleThresholds): Promise<LifecycleThresholds> {
    if (lifecycle.atRiskWithinDays < lifecycle.activeWithinDays) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'invalid-lifecycle', 'atRiskWithinDays must not be less than activeWithinDays');
    }
    await this.tenants.bumpGeneration(tenantId, lifecycle);
    for (const segment of await this.segments.all(tenantId)) {
      if (segment.state === 'retiring' || !conditionsOf(segment.rule).some((c) => c.field === 'lifecycle')) continue;
      const version = segment.version + 1;
      await this.segments.replaceVersioned(tenantId, segment._id, segment.version, { version, state: 'backfilling', backfill: freshBackfill(version), updatedAt: new Date() });
    }
    await this.changed(tenantId);
    return lifecycle;
  }

  private async changed(tenantId: string): Promise<void> {
    await this.tenants.bumpGeneration(tenantId);
    this.backfill.kick();
  }

  private nameTaken(name: string) {
    return new ProblemException(HttpStatus.CONFLICT, 'segment-name-taken', `A segment named "${name}" already exists`);
  }
}
