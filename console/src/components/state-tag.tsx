import { Tag } from 'antd';
import { useTranslation } from '../providers/i18n';

/** White text on these reads at least 7:1 (Ant Design's light presets, e.g. gold, fall below 4.5:1); ended states stay grey. */
const COLOURS: Record<string, string> = {
  received: '#1d4ed8', investigating: '#3730a3', mediating: '#6b21a8', resolved: '#0e7490', publicized: '#92400e', referred: '#9a3412',
  closed: 'default', dismissed: 'default', withdrawn: 'default', merged: 'default',
};

/** A case's state (and phase, when it has one) as a coloured tag. */
export function StateTag({ state, phase }: { state: string; phase?: string | null }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[state] ?? 'default'}>
      {t(`states.${state}`)}
      {phase ? ` · ${t(`phases.${phase}`, { defaultValue: phase })}` : ''}
    </Tag>
  );
}
