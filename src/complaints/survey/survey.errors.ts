import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum SurveyErrorCode {
  SURVEY_NOT_FOUND = 'SURVEY_NOT_FOUND',
  SURVEY_NOT_OPEN = 'SURVEY_NOT_OPEN',
  SURVEY_ALREADY_ANSWERED = 'SURVEY_ALREADY_ANSWERED',
}

function status(code: SurveyErrorCode): number {
  switch (code) {
    case SurveyErrorCode.SURVEY_NOT_FOUND:
      return 404;
    case SurveyErrorCode.SURVEY_NOT_OPEN:
    case SurveyErrorCode.SURVEY_ALREADY_ANSWERED:
      return 409;
    default:
      return assertNever(code);
  }
}

export class SurveyError extends AppError {
  readonly status: number;
  constructor(readonly code: SurveyErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
