import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum ConsoleErrorCode {
  CONSOLE_NOT_BUILT = 'CONSOLE_NOT_BUILT',
}

function status(code: ConsoleErrorCode): number {
  switch (code) {
    case ConsoleErrorCode.CONSOLE_NOT_BUILT:
      return 503;
    default:
      return assertNever(code);
  }
}

export class ConsoleError extends AppError {
  readonly status: number;
  constructor(readonly code: ConsoleErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
