import { Freshness } from '@roster/messaging';
import { SegmentRecord } from './segment.schema';

/**
 * A segment as the API shows it. A filled segment is `ready` only while its members reflect every
 * contact change published when last checked; otherwise it is `catching-up`, and `freshness` says
 * how far behind.
 */
export function renderSegment(segment: SegmentRecord, freshness: Freshness, memberCount?: number) {
  const { processed, total, startedAt, finishedAt } = segment.backfill;
  return {
    id: String(segment._id),
    name: segment.name,
    description: segment.description,
    listId: segment.listId,
    rule: segment.rule,
    version: segment.version,
    status: segment.state === 'ready' && freshness.status === 'catching-up' ? 'catching-up' as const : segment.state,
    freshness,
    backfill: {
      processed,
      total,
      percent: total > 0 ? Math.min(100, Math.round((processed / total) * 1000) / 10) : segment.state === 'ready' ? 100 : 0,
      startedAt,
      finishedAt,
    },
    ...(memberCount === undefined ? {} : { memberCount }),
    createdAt: segment.createdAt,
    updatedAt: segment.updatedAt,
  };
}
