import type { Migration } from '../migration.js';

/**
 * `person_scores_model` (workspace, model, grade, engagement) was made for lists of people by
 * score that no query reads: scores are read by person. Its entry moves with every change of a
 * person's engagement, which is every scored event: one more random index page written per
 * person an ingest transaction scores, and per person a re-score writes. A list by score will
 * bring the index it needs.
 */
export const unusedScoreIndex: Migration = {
  version: 9,
  name: 'unused-score-index',
  async up(db) {
    await db.schema.dropIndex('person_scores_model').execute();
  },
};
