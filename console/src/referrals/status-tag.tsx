import { Tag } from 'antd';
import { useTranslation } from '../providers/i18n';
import type { ReferralStatus } from './types';

const COLOURS: Record<ReferralStatus, string> = { pending: 'gold', acknowledged: 'blue', concluded: 'green', retracted: 'default' };

/** A referral's status in words (with a colour that only repeats them). */
export function ReferralStatusTag({ status }: { status: ReferralStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLOURS[status]}>{t(`referrals.statuses.${status}`)}</Tag>;
}
