import { Tag } from 'antd';
import { useTranslation } from '../providers/i18n';

const COLOURS: Record<string, string> = {
  received: 'blue', investigating: 'geekblue', mediating: 'purple', resolved: 'cyan', publicized: 'gold', referred: 'volcano',
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
