/**
 * A route pattern's parameters in a path (`/cases/:id` against `/cases/c%201` → `{ id: 'c 1' }`), or null when the
 * path is not the pattern's. A malformed escape (`%E0`) is kept as written rather than thrown: the console's first
 * script matches the address bar with it (main.tsx), and an exception there would leave the page blank.
 */
export function pathParams(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const parts = path.split('/').filter(Boolean);
  if (want.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decoded(parts[i]);
    else if (want[i] !== parts[i]) return null;
  }
  return params;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
