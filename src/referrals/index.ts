/** The public surface of the referrals context: what other contexts may import. */
export { CustodyEntry, Referral } from './referral.entity.js';
export { ReferralsModule } from './referrals.module.js';
export { SigningKey } from './signing-key.entity.js';
export { VERIFY_PACKET_USAGE, verifyPacketCommand } from './verify-packet.command.js';
