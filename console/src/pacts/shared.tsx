import { Tag } from 'antd';
import { registerMessages, useTranslation } from '../providers/i18n';
import type { Filing } from '../register/types';
import { en, zh } from './messages';
import './pacts.css';

registerMessages(zh, en);

const FILING_COLOURS: Record<string, string> = { missing: '#b91c1c', submitted: '#1d4ed8', returned: '#b45309', accepted: '#15803d' };

/** A self-inspection filing's status, with "late" / "overdue" when they apply. */
export function FilingStatusTags({ f }: { f: Pick<Filing, 'status' | 'late' | 'overdue'> }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={FILING_COLOURS[f.status] ?? 'default'}>{t(`pacts.filingStatuses.${f.status}`, { defaultValue: f.status })}</Tag>
      {f.overdue && <Tag color="#b91c1c">{t('pacts.inspections.overdue')}</Tag>}
      {f.late && <Tag>{t('pacts.inspections.late')}</Tag>}
    </>
  );
}

const VERSION_COLOURS: Record<string, string> = { draft: '#1d4ed8', published: '#15803d', superseded: 'default' };

export function VersionStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={VERSION_COLOURS[status] ?? 'default'}>{t(`pacts.versionStatuses.${status}`, { defaultValue: status })}</Tag>;
}
