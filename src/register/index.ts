/** The public surface of the register context: what other contexts may import. */
export { CREDIT_CODE_ALPHABET, creditCodeCheckDigit } from './credit-code.js';
export { domainCandidates, normalizeDomain } from './domain.js';
export { categoryLabel, CategoryLabelView } from './dto/member.dto.js';
export { actingUserId, memberScopeOf } from './member-scope.js';
export { Member, MEMBER_CATEGORIES, MEMBER_CATEGORY_LABELS, MemberDomain, MemberDues, MemberStatusChange } from './member.entity.js';
export type { MemberCategory, MemberStatus } from './member.entity.js';
export { memberNotFound } from './members.errors.js';
export { MembersModule } from './members.module.js';
export { MembersRepository } from './members.repository.js';
export { MembersService } from './members.service.js';
