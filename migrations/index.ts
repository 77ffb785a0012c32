import { Foundation1795448535442 } from './1795448535442-Foundation.js';
/** Every migration, in order (ESM: TypeORM cannot load .ts globs). */
export const MIGRATIONS: Function[] = [Foundation1795448535442];
