import { useGetIdentity } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, List, Row, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { mayCall } from '../access/permissions';
import { ApiError, download, request } from '../api/http';
import type { CaseView, Contact, Evidence, HistoryEntry, RespondentView } from '../api/types';
import { useCategories } from '../components/categories';
import { DueIn } from '../components/due-in';
import { EventModal, type Catalogue } from '../components/event-modal';
import { StateTag } from '../components/state-tag';
import { EvidencePreview } from '../components/evidence-preview';
import type { Identity } from '../providers/auth';
import { useTranslation } from '../providers/i18n';

import { RespondentCase } from './respondent-case';

const caseKey = (id: string) => ['case', id];

export default function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const client = useQueryClient();
  const view = useQuery({ queryKey: caseKey(id), queryFn: () => request<CaseView>(`/v1/cases/${encodeURIComponent(id)}`) });
  const staffView = view.data?.audience === 'staff';
  const history = useQuery({ queryKey: [...caseKey(id), 'history'], queryFn: () => request<HistoryEntry[] | { items: HistoryEntry[] }>(`/v1/cases/${encodeURIComponent(id)}/history`), enabled: staffView });
  const evidence = useQuery({ queryKey: [...caseKey(id), 'evidence'], queryFn: () => request<Evidence[] | { items: Evidence[] }>(`/v1/cases/${encodeURIComponent(id)}/evidence`), enabled: staffView });
  const catalogue = useQuery({ queryKey: ['case-events'], queryFn: () => request<Catalogue>('/v1/case-events'), staleTime: 300_000 });
  const [event, setEvent] = useState<string | null>(null);
  const { labelOf } = useCategories();

  if (view.isLoading) return <Card loading className="console-page" />;
  if (view.isError || !view.data) {
    const e = view.error;
    return (
      <Card className="console-page">
        <Alert type="error" showIcon role="alert" message={e instanceof ApiError && e.status === 404 ? t('case.notFound') : t('case.loadFailed')} />
      </Card>
    );
  }
  const c = view.data;
  if (c.audience === 'respondent') return <RespondentCase c={c as unknown as RespondentView} catalogue={catalogue.data} onSent={() => void client.invalidateQueries({ queryKey: caseKey(id) })} />;
  const entries = Array.isArray(history.data) ? history.data : (history.data?.items ?? []);
  const files = Array.isArray(evidence.data) ? evidence.data : (evidence.data?.items ?? []);
  const staff = c.audience === 'staff';
  const refresh = () => void client.invalidateQueries({ queryKey: caseKey(id) });
  const notes = entries.filter((e) => e.type === 'ADD_NOTE');

  return (
    <div className="console-page">
      <Space align="center" wrap className="console-gap">
        <Typography.Title level={1} className="console-case-title">
          {c.reference} · {c.title}
        </Typography.Title>
        <StateTag state={c.state} phase={c.phase} />
        {c.overdue && <Tag color="red">{t('case.overdue')}</Tag>}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space direction="vertical" size="middle" className="console-fill">
            <Card title={<h2 className="console-card-title">{t('case.summary')}</h2>}>
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('case.category')}>{labelOf(c.category)}</Descriptions.Item>
                {c.channel && <Descriptions.Item label={t('case.channel')}>{t(`channels.${c.channel}`)}</Descriptions.Item>}
                <Descriptions.Item label={t('case.received')}>{dayjs(c.receivedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
                <Descriptions.Item label={t('case.occurred')}>{dayjs(c.occurredAt).format('YYYY-MM-DD')}</Descriptions.Item>
                <Descriptions.Item label={t('case.respondent')}>
                  {/* One flex item: the name, the match and the button wrap as text instead of squeezing each other. */}
                  <span>
                    {c.respondentName ?? <Typography.Text type="secondary">{t('case.noRespondent')}</Typography.Text>}
                    {c.respondentMatch && (
                      <Typography.Text type="secondary">
                        {' '}
                        ({t(`match.${c.respondentMatch.method}`, { defaultValue: c.respondentMatch.method })}
                        {c.respondentMatch.matchedDomain ? ` · ${c.respondentMatch.matchedDomain}` : ''}
                        {c.respondentMatch.memberName ? ` · ${c.respondentMatch.memberName}` : ''})
                      </Typography.Text>
                    )}
                    {c.allowedEvents.includes('CORRECT_RESPONDENT') && (
                      <Button size="small" className="console-inline-action" onClick={() => setEvent('CORRECT_RESPONDENT')}>{t('events.CORRECT_RESPONDENT')}</Button>
                    )}
                  </span>
                </Descriptions.Item>
                {staff && <Descriptions.Item label={t('case.assignee')}>{c.assigneeName ?? (c.assigneeId ? c.assigneeId.slice(0, 8) : t('case.unassigned'))}</Descriptions.Item>}
              </Descriptions>
              <Typography.Paragraph className="console-description">{c.description}</Typography.Paragraph>
              {(c.urls ?? []).length > 0 && (
                <List size="small" header={t('case.urls')} dataSource={c.urls} renderItem={(u) => <List.Item><Typography.Text copyable>{u}</Typography.Text></List.Item>} />
              )}
              {c.lifecycle?.mergedInto && (
                <Alert type="info" showIcon message={<>{t('case.mergedInto')} <Link to={`/cases/${c.lifecycle.mergedInto}`}>{t('case.open')}</Link></>} />
              )}
            </Card>
            {staff && c.complainant && <ComplainantCard caseId={id} flags={c.complainant} may={mayCall(me?.role, 'GET /v1/cases/{id}/complainant')} />}
            <Card title={<h2 className="console-card-title">{t('case.evidence')}</h2>}>
              {files.length === 0 ? (
                <Empty description={t('case.noEvidence')} />
              ) : (
                <List
                  dataSource={files}
                  renderItem={(f) => (
                    <List.Item actions={[<EvidencePreview key="p" file={f} />, <Button key="d" onClick={() => void download(`/v1/evidence/${f.id}`, f.fileName)}>{t('evidence.download')}</Button>]}>
                      <List.Item.Meta title={f.fileName} description={`${f.mediaType} · ${(f.size / 1024).toFixed(0)} KB${staff && f.sharing ? ` · ${t('evidence.shared')}` : ''}`} />
                    </List.Item>
                  )}
                />
              )}
              <Typography.Paragraph type="secondary" className="console-hint">{t('evidence.audited')}</Typography.Paragraph>
            </Card>
            <Card title={<h2 className="console-card-title">{t('case.timeline')}</h2>}>
              <Timeline
                items={entries.map((e) => ({
                  key: `${e.seq ?? e.occurredAt}-${e.type}`,
                  color: e.type === 'DEADLINE_ELAPSED' ? 'red' : e.type === 'ADD_NOTE' ? 'gray' : 'blue',
                  children: (
                    <>
                      <Typography.Text strong>{t(`events.${e.type}`, { defaultValue: e.type })}</Typography.Text>{' '}
                      <Typography.Text type="secondary">
                        {dayjs(e.occurredAt).format('YYYY-MM-DD HH:mm')} · {t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })}
                        {e.fromState !== e.toState && ` · ${t(`states.${e.toState.split('.')[0]}`, { defaultValue: e.toState })}`}
                      </Typography.Text>
                      {Object.entries(e.payload).filter(([k, v]) => !k.endsWith('Id') && (typeof v === 'string' || typeof v === 'boolean')).map(([k, v]) => (
                        <div key={k} className="console-payload">
                          <Typography.Text type="secondary">{t(`fields.${k}`, { defaultValue: k })}: </Typography.Text>
                          {typeof v === 'boolean' ? t(v ? 'common.yes' : 'common.no') : k === 'channel' ? t(`channels.${String(v)}`, { defaultValue: String(v) }) : String(v)}
                        </div>
                      ))}
                    </>
                  ),
                }))}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space direction="vertical" size="middle" className="console-fill">
            <Card title={<h2 className="console-card-title">{t('case.actions')}</h2>}>
              {c.allowedEvents.length === 0 && <Typography.Paragraph type="secondary">{t('case.noActions')}</Typography.Paragraph>}
              <Space wrap>
                {c.allowedEvents.filter((e) => e !== 'ADD_NOTE').map((e) => (
                  <Button key={e} type={['APPROVE', 'REQUEST_RESPONSE', 'ACCEPT', 'RESPOND'].includes(e) ? 'primary' : 'default'} onClick={() => setEvent(e)}>
                    {t(`events.${e}`, { defaultValue: e })}
                  </Button>
                ))}
              </Space>
              {(c.refusedEvents ?? []).some((r) => r.reason !== 'STATE_REFUSES') && (
                <div className="console-refused">
                  <Typography.Text type="secondary">{t('case.refused')}</Typography.Text>
                  <ul>
                    {c.refusedEvents!.filter((r) => r.reason !== 'STATE_REFUSES').map((r) => (
                      <li key={r.type}>
                        {t(`events.${r.type}`, { defaultValue: r.type })}: {t(`refusals.${r.reason}`, { defaultValue: r.reason, until: r.until ? dayjs(r.until).format('YYYY-MM-DD HH:mm') : '' })}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </Card>
            {c.lifecycle?.proposal && <ProposalCard c={c} />}
            <Card title={<h2 className="console-card-title">{t('case.deadlines')}</h2>}>
              {c.deadlines.length === 0 ? (
                <Typography.Text type="secondary">{t('case.noDeadlines')}</Typography.Text>
              ) : (
                <List size="small" dataSource={c.deadlines} renderItem={(d) => (
                  <List.Item extra={<DueIn dueAt={d.dueAt} workingDaysLeft={d.workingDaysLeft} />}>
                    {t(`deadlines.${d.kind}`, { defaultValue: d.kind })} · {dayjs(d.dueAt).format('YYYY-MM-DD HH:mm')}
                  </List.Item>
                )} />
              )}
            </Card>
            {staff && (
              <Card title={<h2 className="console-card-title">{t('case.notes')}</h2>} extra={c.allowedEvents.includes('ADD_NOTE') && <Button onClick={() => setEvent('ADD_NOTE')}>{t('events.ADD_NOTE')}</Button>}>
                {notes.length === 0 ? <Typography.Text type="secondary">{t('case.noNotes')}</Typography.Text> : (
                  <List size="small" dataSource={notes} renderItem={(n) => (
                    <List.Item>
                      <List.Item.Meta description={dayjs(n.occurredAt).format('YYYY-MM-DD HH:mm')} title={String(n.payload.text ?? '')} />
                    </List.Item>
                  )} />
                )}
              </Card>
            )}
          </Space>
        </Col>
      </Row>
      {event && (
        <EventModal
          c={c}
          type={event}
          catalogue={catalogue.data}
          onClose={(sent) => {
            setEvent(null);
            if (sent) refresh();
          }}
        />
      )}
    </div>
  );
}

/** The complainant: masked; showing the contact is an explicit, audited step. */
function ComplainantCard({ caseId, flags, may }: { caseId: string; flags: { anonymous: boolean; hasContact: boolean }; may: boolean }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [contact, setContact] = useState<Contact | null>(null);
  const reveal = () =>
    modal.confirm({
      title: t('complainant.revealTitle'),
      content: t('complainant.revealBody'),
      okText: t('complainant.reveal'),
      cancelText: t('common.cancel'),
      onOk: async () => setContact(await request<Contact>(`/v1/cases/${encodeURIComponent(caseId)}/complainant`)),
    });
  return (
    <Card title={<h2 className="console-card-title">{t('complainant.title')}</h2>}>
      {flags.anonymous ? (
        <Typography.Text>{t('complainant.anonymous')}</Typography.Text>
      ) : contact ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('complainant.name')}>{contact.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('complainant.phone')}>{contact.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('complainant.email')}>{contact.email ?? '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Space>
          <Typography.Text>{flags.hasContact ? '●●● ●●●● ●●●●' : t('complainant.noContact')}</Typography.Text>
          {flags.hasContact && may && <Button onClick={reveal}>{t('complainant.reveal')}</Button>}
        </Space>
      )}
    </Card>
  );
}

/** The proposal waiting for a supervisor, with the disclosure as it would read if approved now. */
function ProposalCard({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const p = c.lifecycle!.proposal!;
  const preview = useQuery({
    queryKey: ['disclosure-preview', c.id, c.version],
    queryFn: () => request<Record<string, unknown>>(`/v1/cases/${encodeURIComponent(c.id)}/disclosure-preview`),
    enabled: p.kind === 'publication' && c.audience === 'staff',
  });
  return (
    <Card title={<h2 className="console-card-title">{t(`proposal.${p.kind}`, { defaultValue: p.kind })}</h2>}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('proposal.at')}>{dayjs(p.at).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
        {p.summary && <Descriptions.Item label={t('fields.summary')}>{p.summary}</Descriptions.Item>}
        {p.findings && <Descriptions.Item label={t('fields.findings')}>{p.findings}</Descriptions.Item>}
        {p.justification && <Descriptions.Item label={t('fields.justification')}>{p.justification}</Descriptions.Item>}
      </Descriptions>
      {preview.data && (
        <details className="console-preview">
          <summary>{t('proposal.preview')}</summary>
          <Descriptions column={1} size="small" bordered>
            {Object.entries(preview.data).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => (
              <Descriptions.Item key={k} label={t(`fields.${k}`, { defaultValue: k })}>{String(v)}</Descriptions.Item>
            ))}
          </Descriptions>
        </details>
      )}
    </Card>
  );
}

