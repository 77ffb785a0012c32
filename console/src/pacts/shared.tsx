import { Tag } from 'antd';
import { registerMessages, useTranslation } from '../providers/i18n';
import type { Filing } from '../register/types';
import { en, zh } from './messages';
import './pacts.css';

registerMessages(zh, en);

const FILING_COLOURS: Record<string, string> = { missing: 'red', submitted: 'blue', returned: 'orange', accepted: 'green' };

/** A self-inspection filing's status, with "late" / "overdue" when they apply. */
export function FilingStatusTags({ f }: { f: Pick<Filing, 'status' | 'late' | 'overdue'> }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={FILING_COLOURS[f.status] ?? 'default'}>{t(`pacts.filingStatuses.${f.status}`, { defaultValue: f.status })}</Tag>
      {f.overdue && <Tag color="red">{t('pacts.inspections.overdue')}</Tag>}
      {f.late && <Tag>{t('pacts.inspections.late')}</Tag>}
    </>
  );
}

const VERSION_COLOURS: Record<string, string> = { draft: 'blue', published: 'green', superseded: 'default' };

export function VersionStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={VERSION_COLOURS[status] ?? 'default'}>{t(`pacts.versionStatuses.${status}`, { defaultValue: status })}</Tag>;
}
