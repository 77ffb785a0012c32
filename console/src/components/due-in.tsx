import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from '../providers/i18n';

/**
 * How long until a deadline: in working days when the API counted them (the official calendar), else in calendar
 * time; red once passed, amber within a day.
 */
export function DueIn({ dueAt, workingDaysLeft }: { dueAt: string; workingDaysLeft?: number | null }) {
  const { t } = useTranslation();
  const ms = Date.parse(dueAt) - Date.now();
  const hours = Math.round(ms / 3_600_000);
  const text =
    ms <= 0 ? t('due.passed') : workingDaysLeft === 0 ? t('due.today') : typeof workingDaysLeft === 'number' ? t('due.workingDays', { count: workingDaysLeft }) : hours < 48 ? t('due.hours', { count: Math.max(1, hours) }) : t('due.days', { count: Math.floor(hours / 24) });
  const colour = ms <= 0 ? '#b91c1c' : hours <= 24 ? '#92400e' : 'default'; // white text on these: at least 6:1
  return (
    <Tooltip title={dayjs(dueAt).format('YYYY-MM-DD HH:mm')}>
      <Tag color={colour}>{text}</Tag>
    </Tooltip>
  );
}
