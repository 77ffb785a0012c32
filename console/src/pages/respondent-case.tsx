import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, List, Row, Space, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { download, request } from '../api/http';
import type { Evidence, RespondentHistoryEntry, RespondentView } from '../api/types';
import { useCategories } from '../components/categories';
import { DueIn } from '../components/due-in';
import { EventModal, type Catalogue } from '../components/event-modal';
import { EvidencePreview } from '../components/evidence-preview';
import { StateTag } from '../components/state-tag';
import { useTranslation } from '../providers/i18n';

const when = (d: string | null | undefined) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—');

/**
 * A complaint about our member, as its representative sees it: what the association forwarded, the deadline to
 * answer, our answer, the right of reply, the decision and the evidence shared with us; the answer and the reply
 * are sent here. Only what the API's respondent view carries (never the complainant or staff internals).
 */
export function RespondentCase({ c, catalogue, onSent }: { c: RespondentView; catalogue: Catalogue | undefined; onSent: () => void }) {
  const { t } = useTranslation();
  const [event, setEvent] = useState<string | null>(null);
  const { labelOf } = useCategories();
  const history = useQuery({ queryKey: ['case', c.id, 'history'], queryFn: () => request<RespondentHistoryEntry[] | { items: RespondentHistoryEntry[] }>(`/v1/cases/${c.id}/history`) });
  const evidence = useQuery({ queryKey: ['case', c.id, 'evidence'], queryFn: () => request<Evidence[] | { items: Evidence[] }>(`/v1/cases/${c.id}/evidence`) });
  const entries = Array.isArray(history.data) ? history.data : (history.data?.items ?? []);
  const files = Array.isArray(evidence.data) ? evidence.data : (evidence.data?.items ?? []);
  const answer = c.response;
  return (
    <div className="console-page">
      <Space align="center" wrap className="console-gap">
        <Typography.Title level={1} className="console-case-title">
          {c.reference}
          {c.title ? ` · ${c.title}` : ''}
        </Typography.Title>
        <StateTag state={c.state} phase={c.phase} />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space direction="vertical" size="middle" className="console-fill">
            <Card title={<h2 className="console-card-title">{t('respondent.complaint')}</h2>}>
              {c.complaint ? (
                <>
                  <Descriptions column={{ xs: 1, md: 2 }} size="small">
                    <Descriptions.Item label={t('case.category')}>{labelOf(c.category)}</Descriptions.Item>
                    <Descriptions.Item label={t('case.received')}>{when(c.receivedAt)}</Descriptions.Item>
                    <Descriptions.Item label={t('case.occurred')}>{dayjs(c.complaint.occurredAt).format('YYYY-MM-DD')}</Descriptions.Item>
                  </Descriptions>
                  <Typography.Paragraph className="console-description">{c.complaint.description}</Typography.Paragraph>
                  {c.complaint.urls.length > 0 && <List size="small" header={t('case.urls')} dataSource={c.complaint.urls} renderItem={(u) => <List.Item>{u}</List.Item>} />}
                </>
              ) : (
                <Typography.Text type="secondary">{t('respondent.notForwarded')}</Typography.Text>
              )}
              {c.statements.map((s) => (
                <Alert key={s.at} className="console-gap" type="info" message={`${t('respondent.statement')} · ${when(s.at)}`} description={s.text} />
              ))}
            </Card>
            <Card title={<h2 className="console-card-title">{t('respondent.ourAnswer')}</h2>}>
              {answer ? (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label={t('fields.kind')}>{t(`fields.kind_${answer.kind}`)}</Descriptions.Item>
                  {answer.action && <Descriptions.Item label={t('fields.action')}>{answer.action}</Descriptions.Item>}
                  {answer.by && <Descriptions.Item label={t('fields.by')}>{dayjs(answer.by).format('YYYY-MM-DD')}</Descriptions.Item>}
                  {answer.reasons && <Descriptions.Item label={t('fields.reasons')}>{answer.reasons}</Descriptions.Item>}
                  {answer.note && <Descriptions.Item label={t('fields.note')}>{answer.note}</Descriptions.Item>}
                </Descriptions>
              ) : (
                <Typography.Text type="secondary">{c.responseRequest ? t('respondent.answerDue', { due: when(c.responseRequest.dueAt) }) : t('respondent.noRequest')}</Typography.Text>
              )}
            </Card>
            {(c.rightOfReply || c.finding || c.publication) && (
              <Card title={<h2 className="console-card-title">{t('respondent.decision')}</h2>}>
                <Descriptions column={1} size="small">
                  {c.finding && <Descriptions.Item label={t('fields.outcome')}>{c.finding.outcome}</Descriptions.Item>}
                  {c.rightOfReply && <Descriptions.Item label={t('respondent.rightOfReply')}>{c.rightOfReply.reply ?? t('respondent.replyDue', { due: when(c.rightOfReply.dueAt) })}</Descriptions.Item>}
                  {c.publication && <Descriptions.Item label={t('respondent.published')}>{`${when(c.publication.publishedAt)}${c.publication.retracted ? ` · ${t('respondent.retracted')}` : ''}`}</Descriptions.Item>}
                  {c.publication?.summary && <Descriptions.Item label={t('fields.summary')}>{c.publication.summary}</Descriptions.Item>}
                </Descriptions>
              </Card>
            )}
            <Card title={<h2 className="console-card-title">{t('respondent.sharedEvidence')}</h2>}>
              {files.length === 0 ? <Empty description={t('case.noEvidence')} /> : (
                <List dataSource={files} renderItem={(f) => (
                  <List.Item actions={[<EvidencePreview key="p" file={f} />, <Button key="d" onClick={() => void download(`/v1/evidence/${f.id}`, f.fileName)}>{t('evidence.download')}</Button>]}>
                    <List.Item.Meta title={f.fileName} description={`${f.mediaType} · ${(f.size / 1024).toFixed(0)} KB`} />
                  </List.Item>
                )} />
              )}
            </Card>
            <Card title={<h2 className="console-card-title">{t('case.timeline')}</h2>}>
              <Timeline items={entries.map((e, i) => ({
                key: `${i}-${e.type}`,
                children: (
                  <>
                    <Typography.Text strong>{t(`events.${e.type}`, { defaultValue: e.type })}</Typography.Text>{' '}
                    <Typography.Text type="secondary">{when(e.at)}{e.by ? ` · ${t(`respondent.by_${e.by}`, { defaultValue: e.by })}` : ''}</Typography.Text>
                  </>
                ),
              }))} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space direction="vertical" size="middle" className="console-fill">
            <Card title={<h2 className="console-card-title">{t('case.actions')}</h2>}>
              {c.allowedEvents.length === 0 && <Typography.Paragraph type="secondary">{t('case.noActions')}</Typography.Paragraph>}
              <Space wrap>
                {c.allowedEvents.map((e) => (
                  <Button key={e} type="primary" onClick={() => setEvent(e)}>{t(`events.${e}`, { defaultValue: e })}</Button>
                ))}
              </Space>
            </Card>
            <Card title={<h2 className="console-card-title">{t('case.deadlines')}</h2>}>
              {c.deadlines.length === 0 ? <Typography.Text type="secondary">{t('case.noDeadlines')}</Typography.Text> : (
                <List size="small" dataSource={c.deadlines} renderItem={(d) => (
                  <List.Item extra={<DueIn dueAt={d.dueAt} workingDaysLeft={d.workingDaysLeft} />}>{t(`deadlines.${d.kind}`, { defaultValue: d.kind })} · {when(d.dueAt)}</List.Item>
                )} />
              )}
            </Card>
          </Space>
        </Col>
      </Row>
      {event && <EventModal c={c} type={event} catalogue={catalogue} onClose={(sent) => { setEvent(null); if (sent) onSent(); }} />}
    </div>
  );
}
