/**
 * The table-ownership check (issue #13): a context's SQL names only the tables it owns. The owner of a table is
 * the folder under `src/` of the file declaring its entity (`@Entity('…')`), or `TABLES_WITHOUT_ENTITY` for tables
 * that only migrations create. Pure functions over file texts, so the spec runs them on the real tree and on fixtures.
 */
import ts from 'typescript';

export interface SourceText {
  /** Path from the repository root, with forward slashes: `src/<context>/…`. */
  path: string;
  text: string;
}

/** Tables created by migrations only (no entity); their owner is declared here, once. */
export const TABLES_WITHOUT_ENTITY: Readonly<Record<string, string>> = {
  case_search_pending: 'cases',
  case_search_text: 'cases',
  // TypeORM's own record of generated-column expressions (cases' referral_agency_id, merged_into_id); the schema
  // plumbing is platform's.
  typeorm_metadata: 'platform',
};

export interface Ownership {
  /** table → owning context */
  tables: Map<string, string>;
  /** entity class name → { table, owning context } */
  entities: Map<string, { table: string; context: string }>;
}

export type Access = 'read' | 'write';

export interface Violation {
  file: string;
  line: number;
  context: string;
  owner: string;
  table: string;
  /** The SQL keyword (`FROM`, `JOIN`, `INTO`, …) or the TypeORM call (`getRepository(Member)`). */
  via: string;
  access: Access;
}

export interface Rules {
  /** Contexts that may READ every table (declared read models); their writes to foreign tables are violations. */
  readModels: Readonly<Record<string, string>>;
  /** Violations another branch removes: file → tables it may still name (to be emptied at merge). */
  knownElsewhere: Readonly<Record<string, readonly string[]>>;
}

export const contextOf = (path: string): string | null => /^src\/([^/]+)\//.exec(path)?.[1] ?? null;

const isTestFile = (path: string) => /\.(spec|e2e-spec)\.ts$/.test(path);

const parse = (f: SourceText) => ts.createSourceFile(f.path, f.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

/** Reads `@Entity('table')` class declarations: which context owns which table and entity class. */
export function ownershipOf(files: readonly SourceText[]): Ownership {
  const tables = new Map<string, string>(Object.entries(TABLES_WITHOUT_ENTITY));
  const entities = new Map<string, { table: string; context: string }>();
  for (const f of files) {
    const context = contextOf(f.path);
    if (!context || !f.text.includes('@Entity(')) continue;
    walk(parse(f), (n) => {
      if (!ts.isClassDeclaration(n) || !n.name) return;
      for (const d of ts.getDecorators(n) ?? []) {
        const call = d.expression;
        if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== 'Entity') continue;
        const arg = call.arguments[0];
        if (!arg || !ts.isStringLiteralLike(arg)) continue;
        const previous = tables.get(arg.text);
        if (previous && previous !== context) throw new Error(`Table ${arg.text} is declared by both ${previous} and ${context}`);
        tables.set(arg.text, context);
        entities.set(n.name.text, { table: arg.text, context });
      }
    });
  }
  return { tables, entities };
}

/**
 * `DELETE FROM` before `FROM` so a delete is seen as a write; the name is a lookahead so a column called `reference`
 * does not swallow the `FROM` after it. `REFERENCES` (a foreign key) counts as a write: it is DDL. */
const SQL_TABLE = /\b(DELETE\s+FROM|FROM|JOIN|INTO|UPDATE|TABLE|REFERENCES?)\s+(?=(?:ONLY\s+)?"?([a-z_][a-z0-9_]*))/gi;
const READ_KEYWORDS = new Set(['FROM', 'JOIN']);

/** TypeORM calls whose first argument is an entity class; the ones that only read. */
const ENTITY_CALLS = new Set([
  'getRepository', 'find', 'findOne', 'findOneBy', 'findBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'count', 'countBy',
  'exists', 'existsBy', 'exist', 'sum', 'average', 'minimum', 'maximum', 'create', 'save', 'insert', 'update', 'upsert', 'delete',
  'remove', 'softDelete', 'restore', 'increment', 'decrement', 'createQueryBuilder', 'preload', 'merge', 'clear',
]);
const ENTITY_READS = new Set(['find', 'findOne', 'findOneBy', 'findBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'count', 'countBy', 'exists', 'existsBy', 'exist', 'sum', 'average', 'minimum', 'maximum']);

/** The text of a string or template literal, `${…}` parts replaced by a blank. */
function literalText(n: ts.Node): string | null {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => ' $ ' + s.literal.text).join('');
  return null;
}

/** Every table a non-test file of `src/` names (SQL in literals, TypeORM calls with an entity class), with how. */
export function tableUses(f: SourceText, own: Ownership): Omit<Violation, 'owner'>[] {
  const context = contextOf(f.path);
  if (!context || isTestFile(f.path) || !f.path.endsWith('.ts')) return [];
  const sf = parse(f);
  const out: Omit<Violation, 'owner'>[] = [];
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  walk(sf, (n) => {
    const text = ts.isTemplateSpan(n) || ts.isTemplateHead(n) ? null : literalText(n);
    if (text !== null) {
      for (const m of text.matchAll(SQL_TABLE)) {
        const table = m[2]!.toLowerCase();
        if (!own.tables.has(table)) continue;
        const via = m[1]!.toUpperCase().replace(/\s+/g, ' ');
        out.push({ file: f.path, line: lineOf(n), context, table, via, access: READ_KEYWORDS.has(via) ? 'read' : 'write' });
      }
      return;
    }
    if (ts.isCallExpression(n) && n.arguments.length > 0) {
      const callee = n.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : null;
      const first = n.arguments[0]!;
      if (!name || !ENTITY_CALLS.has(name) || !ts.isIdentifier(first)) return;
      const entity = own.entities.get(first.text);
      if (!entity) return;
      out.push({ file: f.path, line: lineOf(n), context, table: entity.table, via: `${name}(${first.text})`, access: ENTITY_READS.has(name) ? 'read' : 'write' });
    }
  });
  return out;
}

/** Every place a context names a table another context owns, less the declared exceptions. */
export function tableOwnershipViolations(files: readonly SourceText[], own: Ownership, rules: Rules): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    for (const use of tableUses(f, own)) {
      const owner = own.tables.get(use.table)!;
      if (owner === use.context) continue;
      if (rules.readModels[use.context] !== undefined && use.access === 'read') continue;
      if (rules.knownElsewhere[f.path]?.includes(use.table)) continue;
      out.push({ ...use, owner });
    }
  }
  return out;
}

/** Tables the migrations create (`CREATE TABLE "x"` or `CREATE TABLE x`). */
export function tablesCreatedBy(migrations: readonly SourceText[]): Set<string> {
  const out = new Set<string>();
  for (const f of migrations) for (const m of f.text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_][a-z0-9_]*)"?/g)) out.add(m[1]!);
  return out;
}
