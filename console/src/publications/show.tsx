import { useGetIdentity } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Descriptions, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';
import { mayCall } from '../access/permissions';
import { ApiError, request } from '../api/http';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { ReasonDialogCard } from '../components/reason-dialog';
import type { Disclosure } from './types';

registerMessages(zh, en);

const day = (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD') : '—');

/** One disclosure as the public sees it, with its case; a supervisor may retract it with a published reason. */
export default function DisclosureShow() {
  const { id = '' } = useParams();
  const { t, locale } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const client = useQueryClient();
  const key = ['disclosure', id];
  const disclosure = useQuery({ queryKey: key, queryFn: () => request<Disclosure>(`/v1/disclosures/${encodeURIComponent(id)}`) });

  if (disclosure.isLoading) return <Card loading className="console-page" />;
  if (disclosure.isError || !disclosure.data) {
    const e = disclosure.error;
    return (
      <Card className="console-page" title={<h1 className="console-card-title">{t('publications.title')}</h1>}>
        <Alert type="error" showIcon role="alert" message={e instanceof ApiError && e.status === 404 ? t('publications.notFound') : t('publications.loadOneFailed')} />
      </Card>
    );
  }
  const d = disclosure.data;
  const mayRetract = d.status === 'published' && mayCall(me?.role, 'POST /v1/disclosures/{id}/retract');

  return (
    <Space direction="vertical" size="middle" className="console-page console-fill">
      <Card
        title={
          <Space wrap>
            <h1 className="console-card-title">{d.respondentName}</h1>
            <Tag color={d.status === 'published' ? '#1d4ed8' : 'default'}>{t(`publications.statuses.${d.status}`)}</Tag>
          </Space>
        }
        extra={<Link to={`/cases/${d.caseId}`}>{t('publications.openCase')}</Link>}
      >
        {d.retraction && <Alert className="console-gap" type="warning" showIcon message={t('publications.textWithdrawn')} />}
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('publications.category')}>{locale === 'en' ? d.category.en : d.category.zh}</Descriptions.Item>
          <Descriptions.Item label={t('publications.publishedAt')}>{day(d.publishedAt)}</Descriptions.Item>
          {d.summary !== null && <Descriptions.Item label={t('publications.summary')}><span className="console-description">{d.summary}</span></Descriptions.Item>}
          {d.findings !== null && <Descriptions.Item label={t('publications.findings')}><span className="console-description">{d.findings}</span></Descriptions.Item>}
          {d.rightOfReply && (
            <Descriptions.Item label={t('publications.rightOfReply')}>
              <span className="console-description">{d.rightOfReply.text}</span>
              <Typography.Text type="secondary"> ({t('publications.repliedAt')} {day(d.rightOfReply.repliedAt)})</Typography.Text>
            </Descriptions.Item>
          )}
          {d.retraction && <Descriptions.Item label={t('publications.retractedAt')}>{day(d.retraction.at)}</Descriptions.Item>}
          {d.retraction && <Descriptions.Item label={t('publications.retractionReason')}>{d.retraction.reason}</Descriptions.Item>}
        </Descriptions>
        <Typography.Paragraph type="secondary" className="console-hint">{t('publications.publicView')}</Typography.Paragraph>
      </Card>
      {mayRetract && <Retract id={d.id} onDone={() => void client.invalidateQueries({ queryKey: key })} />}
    </Space>
  );
}

/** The supervisor's retraction: a dialog that says what will happen and takes the reason the public will read. */
function Retract({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const submit = async (reason: string) => {
    try {
      await request(`/v1/disclosures/${id}/retract`, { method: 'POST', body: { reason } });
      void message.success(t('publications.retracted'));
      onDone();
      return true;
    } catch (e) {
      const text = e instanceof ApiError && e.code === 'DISCLOSURE_ALREADY_RETRACTED' ? t('publications.alreadyRetracted') : e instanceof Error ? e.message : String(e);
      void message.error(t('publications.failed', { message: text }));
      if (e instanceof ApiError && e.code === 'DISCLOSURE_ALREADY_RETRACTED') onDone();
      return false;
    }
  };
  return (
    <ReasonDialogCard
      leadInDialog
      texts={{
        action: t('publications.retract'),
        lead: t('publications.retractLead'),
        dialogTitle: t('publications.retractTitle'),
        reasonLabel: t('publications.retractReason'),
        reasonRequired: t('publications.retractReasonRequired'),
        tooLong: t('publications.tooLong', { max: 2000 }),
        cancel: t('common.cancel'),
      }}
      onSubmit={submit}
    />
  );
}
