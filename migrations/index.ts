import { PactsSignaturesSelfInspections1795449396326 } from './1795449396326-PactsSignaturesSelfInspections.js';
import { MembersAndConventions1795449001711 } from './1795449001711-MembersAndConventions.js';
import { Foundation1795448535442 } from './1795448535442-Foundation.js';
/** Every migration, in order (ESM: TypeORM cannot load .ts globs). */
export const MIGRATIONS: Function[] = [Foundation1795448535442, MembersAndConventions1795449001711, PactsSignaturesSelfInspections1795449396326];
