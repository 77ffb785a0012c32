import { useGetIdentity } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, List, Row, Select, Space, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import { Modal } from '../components/modal';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { mayCall } from '../access/permissions';
import { ApiError, request } from '../api/http';
import type { CaseSummary } from '../api/types';
import { CASE_STATES } from '../api/types';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { MemberStatusTag, applyFieldErrors, categoryLabel } from './shared';
import { SignaturesCard } from './signatures';
import { InspectionsOfMember } from '../pacts/inspections-of-member';
import { DUES_STATUSES, MEMBER_CATEGORIES, MEMBER_STATUSES, type Contact, type Dues, type Member, type Page } from './types';

registerMessages(zh, en);

export const memberKey = (id: string) => ['member', id];

/** One member: particulars, contacts, dues, status history, case figures, signatures and self-inspections. */
export default function MemberPage() {
  const { id = '' } = useParams();
  const { t, locale } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const client = useQueryClient();
  const member = useQuery({ queryKey: memberKey(id), queryFn: () => request<Member>(`/v1/members/${encodeURIComponent(id)}`) });
  const [editing, setEditing] = useState(false);
  const [changingStatus, setChangingStatus] = useState(false);

  if (member.isLoading) return <Card loading className="console-page" />;
  if (member.isError || !member.data) {
    const e = member.error;
    return (
      <Card className="console-page" title={<h1 className="console-card-title">{t('register.member.title')}</h1>}>
        <Alert type="error" showIcon role="alert" message={e instanceof ApiError && (e.status === 404 || e.status === 400) ? t('register.member.notFound') : t('register.member.loadFailed')} />
      </Card>
    );
  }
  const m = member.data;
  const refresh = () => void client.invalidateQueries({ queryKey: memberKey(id) });
  const staff = mayCall(me?.role, 'POST /v1/members/{id}/status');

  return (
    <div className="console-page">
      <Space align="center" wrap className="console-gap">
        <Typography.Title level={1} className="console-case-title">{m.name}</Typography.Title>
        <MemberStatusTag status={m.status} />
        {mayCall(me?.role, 'PATCH /v1/members/{id}') && <Button onClick={() => setEditing(true)}>{staff ? t('register.member.edit') : t('register.member.editContacts')}</Button>}
        {staff && <Button onClick={() => setChangingStatus(true)}>{t('register.member.changeStatus')}</Button>}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space direction="vertical" size="middle" className="console-fill">
            <Card title={<h2 className="console-card-title">{t('register.member.particulars')}</h2>}>
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('register.member.kind')}>{t(`register.kinds.${m.kind}`, { defaultValue: m.kind })}</Descriptions.Item>
                <Descriptions.Item label={t('register.member.category')}>{categoryLabel(m, locale)}</Descriptions.Item>
                <Descriptions.Item label={t('register.member.creditCode')}>{m.creditCode ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('register.member.icpFiling')}>{m.icpFiling ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('register.member.joinedOn')}>{m.joinedOn}</Descriptions.Item>
                <Descriptions.Item label={t('register.member.domains')}>
                  {m.domains.length === 0 ? '—' : m.domains.map((d) => <Tag key={d}>{d}</Tag>)}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title={<h2 className="console-card-title">{t('register.member.contacts')}</h2>}>
              {m.contacts.length === 0 ? <Empty description={t('register.member.noContacts')} /> : (
                <List size="small" dataSource={m.contacts} renderItem={(c) => (
                  <List.Item>
                    <List.Item.Meta title={`${c.name}${c.title ? ` · ${c.title}` : ''}`} description={[c.phone, c.email].filter(Boolean).join(' · ') || '—'} />
                  </List.Item>
                )} />
              )}
            </Card>
            <SignaturesCard memberId={m.id} memberActive={m.status === 'active'} />
            <InspectionsOfMember memberId={m.id} />
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size="middle" className="console-fill">
            <CaseFigures memberId={m.id} />
            <Card title={<h2 className="console-card-title">{t('register.member.dues')}</h2>}>
              {m.dues.length === 0 ? <Typography.Text type="secondary">{t('register.member.noDues')}</Typography.Text> : (
                <Table<Dues> rowKey="year" size="small" pagination={false} dataSource={[...m.dues].sort((a, b) => b.year - a.year)}
                  columns={[
                    { title: t('register.dues.year'), dataIndex: 'year' },
                    { title: t('register.dues.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'unpaid' ? '#b91c1c' : s === 'paid' ? '#15803d' : 'default'}>{t(`register.duesStatuses.${s}`, { defaultValue: s })}</Tag> },
                    { title: t('register.dues.paidOn'), dataIndex: 'paidOn', render: (d: string | null) => d ?? '—' },
                    { title: t('register.dues.note'), dataIndex: 'note' },
                  ]} />
              )}
            </Card>
            <Card title={<h2 className="console-card-title">{t('register.member.statusHistory')}</h2>}>
              <Timeline
                items={[...m.statusHistory].reverse().map((h, i) => ({
                  key: `${h.changedAt}-${i}`,
                  color: h.toStatus === 'active' ? '#15803d' : h.toStatus === 'expelled' ? '#b91c1c' : 'gray',
                  children: (
                    <>
                      <Typography.Text strong>
                        {h.fromStatus ? `${t(`register.statuses.${h.fromStatus}`)} → ` : ''}{t(`register.statuses.${h.toStatus}`)}
                      </Typography.Text>{' '}
                      <Typography.Text type="secondary">{dayjs(h.changedAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                      <div className="console-payload">{h.reason}</div>
                    </>
                  ),
                }))}
              />
            </Card>
          </Space>
        </Col>
      </Row>
      {editing && <EditModal m={m} contactsOnly={!staff} onClose={(saved) => { setEditing(false); if (saved) refresh(); }} />}
      {changingStatus && <StatusModal m={m} onClose={(saved) => { setChangingStatus(false); if (saved) refresh(); }} />}
    </div>
  );
}

/** How many of the member's cases are in each state (read from the case list; at most 1,000 are counted). */
function CaseFigures({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const LIMIT = 200;
  const PAGES = 5;
  const figures = useQuery({
    queryKey: ['member-case-figures', memberId],
    queryFn: async () => {
      const counts: Record<string, number> = {};
      let cursor: string | undefined;
      let total = 0;
      for (let i = 0; i < PAGES; i++) {
        const page = await request<Page<CaseSummary>>('/v1/cases', { query: { respondent: memberId, limit: LIMIT, cursor } });
        for (const c of page.items) counts[c.state] = (counts[c.state] ?? 0) + 1;
        total += page.items.length;
        if (!page.nextCursor) return { counts, total, capped: false };
        cursor = page.nextCursor;
      }
      return { counts, total, capped: true };
    },
  });
  const year = dayjs().year();
  const annual = useQuery({
    queryKey: ['member-annual', memberId, year],
    queryFn: () => request<{ intake: { total: number }; respondentAnswers: { answered: number; answeredOnTime: number; deadlinesMissed: number; onTimeShare: number | null } }>(
      `/v1/reports/members/${encodeURIComponent(memberId)}/annual`, { query: { year } }),
  });
  const f = figures.data;
  return (
    <Card title={<h2 className="console-card-title">{t('register.figures.title')}</h2>} extra={<Link to={`/cases?respondent=${memberId}`}>{t('register.figures.allCases')}</Link>}>
      {figures.isError ? <Typography.Text type="secondary">{t('register.figures.failed')}</Typography.Text> : (
        <>
          <Statistic title={t('register.figures.total')} value={f ? `${f.total}${f.capped ? '+' : ''}` : '…'} />
          <div className="register-figures">
            {CASE_STATES.filter((s) => (f?.counts[s] ?? 0) > 0).map((s) => (
              <Link key={s} to={`/cases?respondent=${memberId}&state=${s}`} className="register-figure">
                <span>{t(`states.${s}`)}</span> <strong>{f!.counts[s]}</strong>
              </Link>
            ))}
          </div>
        </>
      )}
      {annual.data && (
        <Descriptions column={1} size="small" className="register-annual" title={<h3 className="console-card-title">{t('register.figures.year', { year })}</h3>}>
          <Descriptions.Item label={t('register.figures.received')}>{annual.data.intake.total}</Descriptions.Item>
          <Descriptions.Item label={t('register.figures.answeredOnTime')}>{annual.data.respondentAnswers.answeredOnTime} / {annual.data.respondentAnswers.answered}</Descriptions.Item>
          <Descriptions.Item label={t('register.figures.deadlinesMissed')}>{annual.data.respondentAnswers.deadlinesMissed}</Descriptions.Item>
          <Descriptions.Item label={t('register.figures.onTimeShare')}>
            {annual.data.respondentAnswers.onTimeShare === null ? '—' : `${Math.round(annual.data.respondentAnswers.onTimeShare * 100)}%`}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

interface EditForm {
  name?: string;
  category?: string;
  creditCode?: string;
  domains?: string[];
  icpFiling?: string;
  joinedOn?: Dayjs;
  contacts: Contact[];
  dues?: { year: number; status: string; paidOn?: Dayjs | null; note?: string }[];
}

/** PATCH /v1/members/:id: lists (domains, contacts) replace the stored ones; dues are set for the years listed. */
function EditModal({ m, contactsOnly, onClose }: { m: Member; contactsOnly: boolean; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: EditForm) => {
    setBusy(true);
    setError(null);
    const contacts = (v.contacts ?? []).map((c) => ({ name: c.name, title: c.title || undefined, phone: c.phone || undefined, email: c.email || undefined }));
    const body = contactsOnly
      ? { contacts }
      : {
          name: v.name,
          category: v.category,
          ...(m.kind === 'organisation' ? { creditCode: v.creditCode?.trim() } : {}),
          domains: v.domains ?? [],
          icpFiling: v.icpFiling?.trim() || null,
          joinedOn: v.joinedOn?.format('YYYY-MM-DD'),
          contacts,
          dues: (v.dues ?? []).map((d) => ({ year: Number(d.year), status: d.status, paidOn: d.status === 'paid' ? d.paidOn?.format('YYYY-MM-DD') : undefined, note: d.note || undefined })),
        };
    try {
      await request(`/v1/members/${m.id}`, { method: 'PATCH', body });
      onClose(true);
    } catch (e) {
      setError(applyFieldErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  };
  const required = (field: string) => [{ required: true, whitespace: true, message: t('form.required', { field }) }];
  return (
    <Modal open width={720} title={contactsOnly ? t('register.member.editContacts') : t('register.member.edit')} okText={t('register.common.save')} cancelText={t('common.cancel')}
      confirmLoading={busy} onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form<EditForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          name: m.name, category: m.category, creditCode: m.creditCode ?? undefined, domains: m.domains, icpFiling: m.icpFiling ?? undefined,
          joinedOn: dayjs(m.joinedOn), contacts: m.contacts,
          dues: m.dues.map((d) => ({ ...d, paidOn: d.paidOn ? dayjs(d.paidOn) : null })),
        }}
      >
        {!contactsOnly && (
          <>
            <Form.Item name="name" label={t('register.member.name')} rules={required(t('register.member.name'))}><Input maxLength={200} /></Form.Item>
            <Form.Item name="category" label={t('register.member.category')}>
              <Select aria-label={t('register.member.category')} options={MEMBER_CATEGORIES.map((c) => ({ value: c, label: t(`register.categories.${c}`) }))} />
            </Form.Item>
            {m.kind === 'organisation' && (
              <Form.Item name="creditCode" label={t('register.member.creditCode')} rules={required(t('register.member.creditCode'))}><Input maxLength={40} /></Form.Item>
            )}
            <Form.Item name="domains" label={t('register.member.domains')} extra={t('register.member.domainsHelp')}>
              <Select mode="tags" aria-label={t('register.member.domains')} tokenSeparators={[',', ' ']} open={false} />
            </Form.Item>
            <Form.Item name="icpFiling" label={t('register.member.icpFiling')}><Input maxLength={100} /></Form.Item>
            <Form.Item name="joinedOn" label={t('register.member.joinedOn')}><DatePicker aria-label={t('register.member.joinedOn')} /></Form.Item>
          </>
        )}
        <Typography.Title level={2} className="console-card-title register-form-heading">{t('register.member.contacts')}</Typography.Title>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap className="register-row">
                  <Form.Item name={[f.name, 'name']} label={t('register.contact.name')} rules={required(t('register.contact.name'))}><Input maxLength={100} /></Form.Item>
                  <Form.Item name={[f.name, 'title']} label={t('register.contact.title')}><Input maxLength={100} /></Form.Item>
                  <Form.Item name={[f.name, 'phone']} label={t('register.contact.phone')}><Input maxLength={40} /></Form.Item>
                  <Form.Item name={[f.name, 'email']} label={t('register.contact.email')} rules={[{ type: 'email', message: t('register.contact.emailInvalid') }]}><Input maxLength={254} /></Form.Item>
                  <Button className="register-row-remove" onClick={() => remove(f.name)}>{t('register.common.remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add({ name: '' })} className="console-gap">{t('register.contact.add')}</Button>
            </>
          )}
        </Form.List>
        {!contactsOnly && (
          <>
            <Typography.Title level={2} className="console-card-title register-form-heading">{t('register.member.dues')}</Typography.Title>
            <Form.List name="dues">
              {(fields, { add }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="start" wrap className="register-row">
                      <Form.Item name={[f.name, 'year']} label={t('register.dues.year')} rules={[{ required: true, message: t('form.required', { field: t('register.dues.year') }) }]}>
                        <Input type="number" min={1990} max={2100} className="register-year" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'status']} label={t('register.dues.status')}>
                        <Select aria-label={t('register.dues.status')} className="console-filter" options={DUES_STATUSES.map((s) => ({ value: s, label: t(`register.duesStatuses.${s}`) }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'paidOn']} label={t('register.dues.paidOn')}><DatePicker aria-label={t('register.dues.paidOn')} /></Form.Item>
                      <Form.Item name={[f.name, 'note']} label={t('register.dues.note')}><Input maxLength={500} /></Form.Item>
                    </Space>
                  ))}
                  <Button onClick={() => add({ year: dayjs().year(), status: 'unpaid' })}>{t('register.dues.add')}</Button>
                </>
              )}
            </Form.List>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** POST /v1/members/:id/status with the reason (kept in the history). */
function StatusModal({ m, onClose }: { m: Member; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ status: string; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { status: string; reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      await request(`/v1/members/${m.id}/status`, { method: 'POST', body: v });
      onClose(true);
    } catch (e) {
      setError(applyFieldErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('register.member.changeStatus')} okText={t('register.common.save')} cancelText={t('common.cancel')} confirmLoading={busy}
      onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ status: MEMBER_STATUSES.find((s) => s !== m.status) }}>
        <Form.Item name="status" label={t('register.status.new')}>
          <Select aria-label={t('register.status.new')} options={MEMBER_STATUSES.map((s) => ({ value: s, label: t(`register.statuses.${s}`), disabled: s === m.status }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('register.status.reason')} rules={[{ required: true, whitespace: true, max: 2000, message: t('form.required', { field: t('register.status.reason') }) }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
