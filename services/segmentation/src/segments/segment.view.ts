import { SegmentRecord } from './segment.schema';

export function renderSegment(segment: SegmentRecord, memberCount?: number) {
  const { processed, total, startedAt, finishedAt } = segment.backfill;
  return {
    id: String(segment._id),
    name: segment.name,
    description: segment.description,
    listId: segment.listId,
    rule: segment.rule,
    version: segment.version,
    status: segment.state,
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
