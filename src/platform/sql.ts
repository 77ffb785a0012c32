/** `text` for a LIKE / ILIKE pattern with its wildcards (`%`, `_`) and the escape character taken literally. */
export const escapeLike = (text: string): string => text.replace(/[%_\\]/g, '\\$&');

/** A LIKE / ILIKE pattern that matches any text containing `text`. */
export const containsPattern = (text: string): string => `%${escapeLike(text)}%`;

/** `WHERE a AND b …` for a list of SQL conditions, or nothing when there is none. */
export const whereSql = (where: string[]): string => (where.length ? `WHERE ${where.join(' AND ')}` : '');
