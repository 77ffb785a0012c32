import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum CalendarErrorCode {
  CALENDAR_YEAR_NOT_LOADED = 'CALENDAR_YEAR_NOT_LOADED',
}

function status(code: CalendarErrorCode): number {
  switch (code) {
    case CalendarErrorCode.CALENDAR_YEAR_NOT_LOADED:
      return 404;
    default:
      return assertNever(code);
  }
}

export class CalendarError extends AppError {
  readonly status: number;
  constructor(readonly code: CalendarErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
