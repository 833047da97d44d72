import { Type } from '@sinclair/typebox';
import { defineEvent } from '../envelope';
import { Topics } from '../topics';

export const MergeDecided = defineEvent({
  name: 'MergeDecided',
  type: 'roster.dedupe.merge-decided.v1',
  topic: Topics.Dedupe,
  description: 'A person or policy decided to merge contacts; the contacts service applies it. Subject: the survivor id.',
  data: Type.Object(
    {
      decisionId: Type.String(),
      survivorId: Type.String(),
      mergedIds: Type.Array(Type.String(), { minItems: 1 }),
      decidedBy: Type.String({ description: 'user id, or `policy:<name>` for auto-merge' }),
      fieldChoices: Type.Record(Type.String(), Type.String(), { description: 'field -> contact id whose value wins' }),
    },
    { additionalProperties: false },
  ),
  example: {
    decisionId: 'dec_1',
    survivorId: '6650f0c2a1b2c3d4e5f60718',
    mergedIds: ['6650f0c2a1b2c3d4e5f60719'],
    decidedBy: 'user_42',
    fieldChoices: {},
  },
});

export const MergeUndoDecided = defineEvent({
  name: 'MergeUndoDecided',
  type: 'roster.dedupe.merge-undo-decided.v1',
  topic: Topics.Dedupe,
  description:
    'A merge is to be undone (within the tenant\'s window); the contacts service brings the merged-away contacts back as they were, with what was moved, and the survivor as it was before. Subject: the survivor id.',
  data: Type.Object(
    {
      decisionId: Type.String(),
      survivorId: Type.String(),
      requestedBy: Type.String(),
    },
    { additionalProperties: false },
  ),
  example: { decisionId: 'dec_1', survivorId: '6650f0c2a1b2c3d4e5f60718', requestedBy: 'user_42' },
});
