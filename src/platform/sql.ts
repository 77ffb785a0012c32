/** `text` for a LIKE / ILIKE pattern with its wildcards (`%`, `_`) and the escape character taken literally. */
export const escapeLike = (text: string): string => text.replace(/[%_\\]/g, '\\$&');

/** A LIKE / ILIKE pattern that matches any text containing `text`. */
export const containsPattern = (text: string): string => `%${escapeLike(text)}%`;

/** `WHERE a AND b …` for a list of SQL conditions, or nothing when there is none. */
export const whereSql = (where: string[]): string => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/**
 * A WHERE clause built condition by condition, values always bound as parameters (`?` becomes `$n`):
 * `const w = new Where(); w.add('x = ?', v); db.query(\`… ${w.sql()} LIMIT ${w.param(n)}\`, w.params)`.
 * A clause with one value binds it at every `?`; a clause with several values binds them in order.
 */
export class Where {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  add(clause: string, ...values: unknown[]): this {
    const marks = clause.split('?').length - 1;
    if (values.length === 0 || marks === 0 || (values.length > 1 && values.length !== marks)) {
      throw new Error(`Where.add: ${marks} placeholder(s) for ${values.length} value(s) in "${clause}"`);
    }
    const names = values.map((v) => this.param(v));
    let i = 0;
    this.clauses.push(clause.replace(/\?/g, () => names[names.length === 1 ? 0 : i++]));
    return this;
  }

  /** A condition without values (a fixed predicate). */
  addRaw(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  /** Binds one value and returns its placeholder (`$n`), for LIMIT and the like. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** `WHERE a AND b …`, or nothing when no condition was added. */
  sql(): string {
    return whereSql(this.clauses);
  }

  /** The conditions joined by AND (no `WHERE`), or `true` when there is none: for a condition inside a larger one. */
  conditions(): string {
    return this.clauses.length ? this.clauses.join(' AND ') : 'true';
  }

  /** An independent copy: a query that adds its own conditions or LIMIT leaves the caller's builder as it was. */
  copy(): Where {
    const w = new Where();
    w.params.push(...this.params);
    w.clauses.push(...this.clauses);
    return w;
  }
}
