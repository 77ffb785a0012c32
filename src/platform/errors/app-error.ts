/** A field-level problem, as clients display it next to the input. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * Base of every domain error. Each feature declares one subclass with a code enum and maps each code
 * to an HTTP status in one exhaustive switch, so adding a code without a status does not compile.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  constructor(
    readonly detail: string,
    readonly options: { errors?: FieldError[]; extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unmapped error code: ${String(value)}`);
}
