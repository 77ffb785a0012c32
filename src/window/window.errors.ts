import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum WindowErrorCode {
  WINDOW_NOT_BUILT = 'WINDOW_NOT_BUILT',
}

function status(code: WindowErrorCode): number {
  switch (code) {
    case WindowErrorCode.WINDOW_NOT_BUILT:
      return 503;
    default:
      return assertNever(code);
  }
}

export class WindowError extends AppError {
  readonly status: number;
  constructor(readonly code: WindowErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
