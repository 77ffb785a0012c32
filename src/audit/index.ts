/** The public surface of the audit context: what other contexts may import. */
export { AuditCheckpoint } from './audit-checkpoint.entity.js';
export { AuditEntry } from './audit-entry.entity.js';
export { digestOf } from './audit.hash.js';
export { AuditModule } from './audit.module.js';
export { AuditRepository } from './audit.repository.js';
export type { AuditExcerptRow } from './audit.repository.js';
export { AuditService } from './audit.service.js';
