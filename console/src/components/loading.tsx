import { Spin } from 'antd';
import { useTranslation } from '../providers/i18n';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="console-loading" role="status">
      <Spin tip={t('app.loading')}>
        <div className="console-loading-box" />
      </Spin>
    </div>
  );
}
