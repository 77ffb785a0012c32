import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { ENTITIES } from '../../src/app/entities.js';
import {
  type Rules,
  type SourceText,
  TABLES_WITHOUT_ENTITY,
  ownershipOf,
  tableOwnershipViolations,
  tablesCreatedBy,
} from './table-ownership.js';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): SourceText[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .map((p) => ({ path: relative(ROOT, p).split(sep).join('/'), text: readFileSync(p, 'utf8') }));
}

/**
 * The exceptions, each with its reason (docs/architecture.md, "Table ownership").
 * `reports/` is the read model of the whole service: its figures are joins over cases, members, partners and pacts
 * that no single owner's repository could serve without moving whole tables into memory. It may read any table
 * and write only its own.
 */
const READ_MODELS: Rules['readModels'] = {
  reports: 'declared read model: SELECTs over other contexts’ tables for the figures; writes only report_evaluations',
};

/**
 * Files allowed, for now, to name a table another context owns (file → tables). Empty: keep it so. The spec fails on
 * an entry that no longer occurs, so the list can only shrink.
 */
const KNOWN_ELSEWHERE: Rules['knownElsewhere'] = {};

const RULES: Rules = { readModels: READ_MODELS, knownElsewhere: KNOWN_ELSEWHERE };

describe('Table ownership — every context names only the tables it owns', () => {
  const src = sources('src');
  const own = ownershipOf(src);

  it('every entity in ENTITIES has its table owned by the context that declares it', () => {
    const entityTables = getMetadataArgsStorage()
      .tables.filter((t) => (ENTITIES as unknown[]).includes(t.target))
      .map((t) => t.name!)
      .sort();
    expect(entityTables).toHaveLength(ENTITIES.length);
    const declared = [...own.tables.keys()].filter((t) => !(t in TABLES_WITHOUT_ENTITY)).sort();
    expect(declared).toEqual(entityTables);
  });

  it('every table the migrations create has an owner, and the tables without an entity are created by a migration', () => {
    const created = tablesCreatedBy(sources('migrations'));
    expect([...created].filter((t) => !own.tables.has(t))).toEqual([]);
    expect(Object.keys(TABLES_WITHOUT_ENTITY).filter((t) => !created.has(t))).toEqual([]);
  });

  it('no source file of a context names another context’s table (SQL or TypeORM entity calls)', () => {
    const found = tableOwnershipViolations(src, own, RULES).map((v) => `${v.file}:${v.line} ${v.context} ${v.via} ${v.table} (owned by ${v.owner})`);
    expect(found).toEqual([]);
  });

  it('every KNOWN_ELSEWHERE entry still occurs (the list only shrinks)', () => {
    const stale = Object.entries(KNOWN_ELSEWHERE).flatMap(([file, tables]) => {
      const actual = new Set(tableOwnershipViolations(src.filter((f) => f.path === file), own, { ...RULES, knownElsewhere: {} }).map((v) => v.table));
      return tables.filter((t) => !actual.has(t)).map((t) => `${file} ${t}`);
    });
    expect(stale).toEqual([]);
  });

  it('the declared read model only reads other contexts’ tables', () => {
    const writes = tableOwnershipViolations(src, own, { readModels: {}, knownElsewhere: KNOWN_ELSEWHERE }).filter(
      (v) => v.context in READ_MODELS && v.access === 'write',
    );
    expect(writes).toEqual([]);
  });
});

describe('Table ownership — the check fails on a violation', () => {
  const own = ownershipOf([
    { path: 'src/register/member.entity.ts', text: `@Entity('members') export class Member {}` },
    { path: 'src/pacts/signature.entity.ts', text: `@Entity('signatures') export class Signature {}` },
    { path: 'src/reports/report.entity.ts', text: `@Entity('report_evaluations') export class ReportEvaluation {}` },
  ]);
  const check = (path: string, text: string, rules: Rules = RULES) => tableOwnershipViolations([{ path, text }], own, rules);

  it('a pacts file selecting from members is a violation', () => {
    const found = check('src/pacts/x.repository.ts', "const q = `SELECT s.id, m.name FROM signatures s JOIN members m ON m.id = s.member_id WHERE s.id = ${'$1'}`;");
    expect(found).toEqual([expect.objectContaining({ file: 'src/pacts/x.repository.ts', context: 'pacts', table: 'members', owner: 'register', via: 'JOIN', access: 'read' })]);
  });

  it('plain string SQL, quoted names and writes are seen', () => {
    expect(check('src/pacts/x.ts', `q('SELECT 1 FROM "members" WHERE id = $1')`).map((v) => v.via)).toEqual(['FROM']);
    expect(check('src/pacts/x.ts', `q("UPDATE members SET name = $1")`).map((v) => [v.via, v.access])).toEqual([['UPDATE', 'write']]);
    expect(check('src/pacts/x.ts', `q("DELETE FROM members")`).map((v) => [v.via, v.access])).toEqual([['DELETE FROM', 'write']]);
    expect(check('src/pacts/x.ts', `q("INSERT INTO members (id) VALUES ($1)")`).map((v) => v.via)).toEqual(['INTO']);
    expect(check('src/pacts/x.ts', `q('SELECT id, reference FROM members')`).map((v) => v.via)).toEqual(['FROM']);
  });

  it('a TypeORM call with another context’s entity class is a violation', () => {
    expect(check('src/pacts/x.ts', 'm.getRepository(Member).findOne({ where: { id } })').map((v) => v.via)).toEqual(['getRepository(Member)']);
    expect(check('src/pacts/x.ts', 'm.findOneBy(Member, { id })').map((v) => [v.via, v.access])).toEqual([['findOneBy(Member)', 'read']]);
  });

  it('a context naming its own tables, and test files, pass', () => {
    expect(check('src/register/x.ts', 'q(`SELECT * FROM members`)')).toEqual([]);
    expect(check('src/pacts/x.spec.ts', 'q(`SELECT * FROM members`)')).toEqual([]);
    expect(check('src/pacts/x.ts', "log('members joined from the register')")).toEqual([]);
  });

  it('the read model may read a foreign table but not write it', () => {
    expect(check('src/reports/x.ts', 'q(`SELECT count(*) FROM members m JOIN signatures s ON s.member_id = m.id`)')).toEqual([]);
    expect(check('src/reports/x.ts', 'q(`UPDATE members SET name = $1`)').map((v) => v.table)).toEqual(['members']);
    expect(check('src/reports/x.ts', 'm.getRepository(Member).save(x)').map((v) => v.access)).toEqual(['write']);
  });

  it('a KNOWN_ELSEWHERE entry exempts only the tables listed for that file', () => {
    const rules: Rules = { readModels: {}, knownElsewhere: { 'src/pacts/x.ts': ['members'] } };
    expect(check('src/pacts/x.ts', 'q(`SELECT * FROM members`)', rules)).toEqual([]);
    expect(check('src/pacts/y.ts', 'q(`SELECT * FROM members`)', rules)).toHaveLength(1);
  });
});
