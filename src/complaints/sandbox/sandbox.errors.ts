import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum SandboxErrorCode {
  /** A sandbox route called with a live key: the sandbox drives test complaints only, with a test-mode key. */
  SANDBOX_ONLY = 'SANDBOX_ONLY',
}

function status(code: SandboxErrorCode): number {
  switch (code) {
    case SandboxErrorCode.SANDBOX_ONLY:
      return 403;
    default:
      return assertNever(code);
  }
}

export class SandboxError extends AppError {
  readonly status: number;
  constructor(readonly code: SandboxErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
