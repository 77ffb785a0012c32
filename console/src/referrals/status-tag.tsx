import { Tag } from 'antd';
import { useTranslation } from '../providers/i18n';
import type { ReferralStatus } from './types';

/** Solid colours that keep white text above 4.5:1 (WCAG AA); Ant Design's light presets (gold) do not. */
const COLOURS: Record<ReferralStatus, string> = { pending: '#92400e', acknowledged: '#1d4ed8', concluded: '#166534', retracted: 'default' };

/** A referral's status in words (with a colour that only repeats them). */
export function ReferralStatusTag({ status }: { status: ReferralStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLOURS[status]}>{t(`referrals.statuses.${status}`)}</Tag>;
}
