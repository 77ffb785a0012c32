/** The public surface of the pacts context: what other contexts may import. */
export { Convention, ConventionArticle, ConventionVersion } from './conventions/convention.entity.js';
export { ConventionsRepository } from './conventions/conventions.repository.js';
export type { CitedArticleText } from './conventions/conventions.repository.js';
export { ConventionsService } from './conventions/conventions.service.js';
export { PactsModule } from './conventions/pacts.module.js';
export { PublicRegisterModule } from './public-register/public-register.module.js';
export { SelfInspectionNotices } from './self-inspections/self-inspection-notices.js';
export { SelfInspection, SelfInspectionRevision } from './self-inspections/self-inspection.entity.js';
export { SelfInspectionsModule } from './self-inspections/self-inspections.module.js';
export { SelfInspectionsRepository } from './self-inspections/self-inspections.repository.js';
export { SelfInspectionsService } from './self-inspections/self-inspections.service.js';
export { Signature } from './signatures/signature.entity.js';
export { SignaturesModule } from './signatures/signatures.module.js';
export { SignaturesRepository } from './signatures/signatures.repository.js';
export { SignaturesService } from './signatures/signatures.service.js';
