import { AppError } from '../shared/app-error.js';

export type ScoringErrorCode =
  | 'invalid_definition'
  | 'unknown_field'
  | 'duplicate_rule_id'
  | 'bands_out_of_order'
  | 'empty_range'
  | 'impossible_criteria'
  | 'impossible_cap';

/** Everything wrong with a scoring model, as one error naming the field (a JSON path). */
export class ScoringError extends AppError<ScoringErrorCode> {
  constructor(code: ScoringErrorCode, message: string, field: string) {
    super('invalid', code, message, field);
  }
}
