// Developer tool: writes migrations/<timestamp>-<Name>.ts with the SQL that brings the schema in line with the
// entities (TypeORM's schema diff), and registers it in migrations/index.ts. Review the file before committing.
// Usage: npm run build && node scripts/generate-migration.mjs AddMembers
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  process.stderr.write('Usage: node scripts/generate-migration.mjs PascalCaseName\n');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { prepare } = await import(path.join(root, 'dist/src/app/bootstrap.js'));
const { pendingSchemaChanges } = await import(path.join(root, 'dist/src/app/migrate.js'));
const { url, embedded } = await prepare();
const { up, down } = await pendingSchemaChanges(url);
await embedded?.stop();
if (up.length === 0) {
  process.stdout.write('No changes: entities and migrations agree\n');
  process.exit(0);
}
const ts = Date.now();
const cls = `${name}${ts}`;
const q = (s) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${cls} implements MigrationInterface {
  name = '${cls}';

  async up(q: QueryRunner): Promise<void> {
${up.map((s) => `    await q.query(${q(s)});`).join('\n')}
  }

  async down(q: QueryRunner): Promise<void> {
${down.reverse().map((s) => `    await q.query(${q(s)});`).join('\n')}
  }
}
`;
const file = `${ts}-${name}`;
writeFileSync(path.join(root, 'migrations', `${file}.ts`), body);
const indexPath = path.join(root, 'migrations', 'index.ts');
let index = readFileSync(indexPath, 'utf8');
index = `import { ${cls} } from './${file}.js';\n` + index;
index = index.replace(/export const MIGRATIONS: Function\[\] = \[([^\]]*)\];/, (_, list) => {
  const items = list.split(',').map((s) => s.trim()).filter(Boolean);
  items.push(cls);
  return `export const MIGRATIONS: Function[] = [${items.join(', ')}];`;
});
writeFileSync(indexPath, index);
process.stdout.write(`Wrote migrations/${file}.ts (${up.length} statements)\n`);
