import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException } from '@roster/http';
import { TenantsService } from '../tenants/tenants.service';
import { normalizeKeyword } from './domain/keywords';
import { MessagingPolicy, messagingPolicyOf } from './domain/messaging-policy';
import { UpdateMessagingPolicyDto } from './dto/messaging-policy.dto';

/** How long a tenant's policy is reused: outcomes arrive by the thousand per second. */
const CACHE_MS = 2_000;

/** Tenants' messaging policies: read through a short cache, changed by admins. */
@Injectable()
export class MessagingPolicies {
  /** The read itself is kept, so the outcomes handled side by side when it expires share one. */
  private readonly cache = new Map<string, { policy: Promise<MessagingPolicy>; at: number }>();

  constructor(private readonly tenants: TenantsService) {}

  of(tenantId: string): Promise<MessagingPolicy> {
    const cached = this.cache.get(tenantId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.policy;
    const policy = this.tenants.get(tenantId).then((tenant) => messagingPolicyOf(tenant.messaging));
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(tenantId, { policy, at: Date.now() });
    policy.catch(() => this.cache.get(tenantId)?.policy === policy && this.cache.delete(tenantId));
    return policy;
  }

  async update(tenantId: string, dto: UpdateMessagingPolicyDto): Promise<MessagingPolicy> {
    if (dto.keywords) checkKeywords(dto.keywords);
    const current = (await this.tenants.get(tenantId)).messaging ?? {};
    await this.tenants.setMessaging(tenantId, { ...current, ...dto });
    this.cache.delete(tenantId);
    return this.of(tenantId);
  }
}

/** A keyword must still say something once normalized, and never be both an opt-out and an opt-in. */
function checkKeywords(sets: UpdateMessagingPolicyDto['keywords'] & object): void {
  const optOut = new Set(sets.flatMap((s) => s.optOut.map(normalizeKeyword)));
  const problems = sets.flatMap((set, i) => [
    ...[...set.optOut, ...set.optIn].filter((k) => !normalizeKeyword(k)).map((k) => `keywords[${i}]: "${k}" has no letters or digits`),
    ...set.optIn.filter((k) => optOut.has(normalizeKeyword(k))).map((k) => `keywords[${i}]: "${k}" is also an opt-out keyword`),
  ]);
  if (problems.length) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', problems[0], { errors: [{ field: 'keywords', messages: problems }] });
  }
}
