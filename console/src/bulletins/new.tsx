import { useQueryClient } from '@tanstack/react-query';
import { App, Card } from 'antd';
import { useNavigate } from 'react-router';
import { request } from '../api/http';
import { registerMessages, useTranslation } from '../providers/i18n';
import { DraftForm } from './editor';
import { en, zh } from './messages';
import type { Bulletin } from './types';

registerMessages(zh, en);

/** Compose a draft (secretariat): POST /v1/bulletins, then the draft's own page (preview, submit). */
export default function ComposeBulletin() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  return (
    <Card className="console-page" title={<h1 className="console-card-title">{t('bulletins.composeTitle')}</h1>}>
      <DraftForm
        initial={{ disclosureIds: [], sections: [{ heading: '', body: '' }] }}
        saveLabel={t('bulletins.create')}
        save={async (body) => {
          const b = await request<Bulletin>('/v1/bulletins', { method: 'POST', body });
          client.setQueryData(['bulletin', b.id], b);
          void client.invalidateQueries({ queryKey: ['bulletins'] });
          void message.success(t('bulletins.created'));
          await navigate(`/bulletins/${b.id}`);
        }}
      />
    </Card>
  );
}
