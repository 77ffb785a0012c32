/** Splits a machine state value into the state users name and its sub-state ("investigating" / "awaiting_response"). */
export function flattenState(value: unknown): { state: string; phase: string | null } {
  if (typeof value === 'string') return { state: value, phase: null };
  const [state, sub] = Object.entries(value as Record<string, unknown>)[0];
  return { state, phase: typeof sub === 'string' ? sub : null };
}
