import { useGetIdentity } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { Modal } from '../components/modal';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { mayCall } from '../access/permissions';
import { request } from '../api/http';
import { Loading } from '../components/loading';
import { MemberPicker } from '../components/pickers';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { applyFieldErrors, picked } from '../register/shared';
import { SignaturesCard, signaturesKey } from '../register/signatures';
import type { Member, PublicConvention, Signature } from '../register/types';
import { en, zh } from './messages';

registerMessages(zh, en);

/** Pact signatures: a member rep's own (what needs signing, signing online, the history); the secretariat picks a member. */
export default function SignaturesPage() {
  const { data: me, isLoading } = useGetIdentity<Identity>();
  if (isLoading || !me) return <Loading />;
  return mayCall(me.role, 'GET /v1/conventions') ? <StaffSignatures /> : <OurSignatures memberId={me.memberId} />;
}

function StaffSignatures() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const memberId = params.get('member');
  const member = useQuery({ queryKey: ['member', memberId], queryFn: () => request<Member>(`/v1/members/${encodeURIComponent(memberId!)}`), enabled: Boolean(memberId) });
  return (
    <Space direction="vertical" size="middle" className="console-page">
      <Card title={<h1 className="console-card-title">{t('pacts.sign.staffTitle')}</h1>}>
        <Form layout="inline">
          <Form.Item label={t('pacts.sign.member')}>
            <div className="pacts-wide">
              <MemberPicker label={t('pacts.sign.member')} value={memberId} onChange={(v) => setParams(v ? { member: v } : {})} />
            </div>
          </Form.Item>
        </Form>
        {!memberId && <Typography.Paragraph type="secondary" className="console-hint">{t('pacts.sign.pickMember')}</Typography.Paragraph>}
      </Card>
      {member.data && <SignaturesCard memberId={member.data.id} memberActive={member.data.status === 'active'} title={t('pacts.sign.ofMember', { member: member.data.name })} />}
    </Space>
  );
}

interface Due {
  convention: PublicConvention;
  latest: Signature | null;
}

function OurSignatures({ memberId }: { memberId: string | null }) {
  const { t, locale } = useTranslation();
  const client = useQueryClient();
  const signatures = useQuery({ queryKey: signaturesKey(memberId ?? ''), queryFn: () => request<{ items: Signature[] }>(`/v1/members/${encodeURIComponent(memberId!)}/signatures`), enabled: Boolean(memberId) });
  const published = useQuery({ queryKey: ['public-conventions'], queryFn: () => request<{ items: PublicConvention[] }>('/v1/public/conventions') });
  const member = useQuery({ queryKey: ['member', memberId], queryFn: () => request<Member>(`/v1/members/${encodeURIComponent(memberId!)}`), enabled: Boolean(memberId) });
  const [signing, setSigning] = useState<Due | null>(null);
  if (!memberId) return <Card className="console-page" title={<h1 className="console-card-title">{t('pacts.sign.ourTitle')}</h1>}>{t('pacts.inspections.noMember')}</Card>;
  const mine = signatures.data?.items ?? [];
  // What needs our signature: a version in force that we have not signed (never, withdrawn, or an older version in renewal).
  const due: Due[] = (published.data?.items ?? [])
    .map((c) => ({ convention: c, latest: mine.find((s) => s.conventionCode === c.code) ?? null }))
    .filter(({ convention, latest }) => !latest || latest.version < convention.current.version || latest.status === 'withdrawn');
  const title = (c: PublicConvention) => (locale === 'en' && c.titleEn ? c.titleEn : c.titleZh);
  return (
    <Space direction="vertical" size="middle" className="console-page">
      <Typography.Title level={1} className="console-case-title">{t('pacts.sign.ourTitle')}</Typography.Title>
      <Card title={<h2 className="console-card-title">{t('pacts.sign.dueTitle')}</h2>}>
        {published.isLoading || signatures.isLoading ? <Loading /> : due.length === 0 ? <Empty description={t('pacts.sign.nothingDue')} /> : (
          <List
            dataSource={due}
            renderItem={(d) => (
              <List.Item actions={[
                <Button key="s" type="primary" disabled={member.data ? member.data.status !== 'active' : true} onClick={() => setSigning(d)}
                  aria-label={`${t('pacts.sign.signOnline')} ${title(d.convention)} v${d.convention.current.version}`}>
                  {t('pacts.sign.signOnline')}
                </Button>,
              ]}>
                <List.Item.Meta
                  title={<>{title(d.convention)} <Typography.Text type="secondary">v{d.convention.current.version}</Typography.Text></>}
                  description={
                    d.latest?.status === 'renewal_pending' ? (
                      <Tag color={d.latest.renewalOverdue ? '#b91c1c' : '#b45309'}>{t('pacts.sign.renewalDue', { version: d.latest.version, date: d.latest.renewalDueOn ?? '' })}</Tag>
                    ) : d.latest?.status === 'withdrawn' ? <Tag>{t('pacts.sign.withdrawnBefore')}</Tag> : <Tag color="#1d4ed8">{t('pacts.sign.notSigned')}</Tag>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <SignaturesCard memberId={memberId} memberActive={member.data?.status === 'active'} title={t('pacts.sign.history')} />
      {signing && (
        <SignModal due={signing} onClose={(done) => {
          setSigning(null);
          if (done) void client.invalidateQueries({ queryKey: signaturesKey(memberId) });
        }} />
      )}
    </Space>
  );
}

interface SignForm {
  signatoryName: string;
  signatoryTitle: string;
  all: boolean;
  articles?: number[];
  authorised: boolean;
}

/** Signing online: the text as published (with its hash), who signs, optionally a subset of articles, and the signatory's confirmation. */
function SignModal({ due, onClose }: { due: Due; onClose: (done: boolean) => void }) {
  const { t, locale } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SignForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const all = Form.useWatch('all', form) ?? true;
  const c = due.convention;
  const submit = async (v: SignForm) => {
    setBusy(true);
    setError(null);
    try {
      await request(`/v1/conventions/${encodeURIComponent(c.code)}/versions/${c.current.version}/signatures`, {
        method: 'POST',
        body: { signatoryName: v.signatoryName.trim(), signatoryTitle: v.signatoryTitle.trim(), articles: v.all ? undefined : v.articles },
      });
      void message.success(t('pacts.sign.signed'));
      onClose(true);
    } catch (e) {
      setError(applyFieldErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  };
  const required = (field: string) => [{ required: true, whitespace: true, message: t('form.required', { field }) }];
  return (
    <Modal open width={760} title={t('pacts.sign.modalTitle', { title: locale === 'en' && c.titleEn ? c.titleEn : c.titleZh, version: c.current.version })}
      okText={t('pacts.sign.confirm')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {t('pacts.sign.effective', { date: c.current.effectiveDate })} · {t('pacts.versions.textHash')}: <Typography.Text code>{c.current.textHash.slice(0, 16)}…</Typography.Text>
      </Typography.Paragraph>
      <div className="pacts-sign-text" tabIndex={0} role="region" aria-label={t('pacts.sign.text')}>
        {c.current.articles.map((a) => (
          <p key={a.number}><strong>{t('pacts.article.heading', { number: a.number, title: a.title })}</strong><br />{a.body}</p>
        ))}
      </div>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form<SignForm> form={form} layout="vertical" initialValues={{ all: true, authorised: false }} onFinish={(v) => void submit(v)}>
        <Space wrap align="start">
          <Form.Item name="signatoryName" label={t('register.signatures.signatoryName')} rules={required(t('register.signatures.signatoryName'))}><Input maxLength={100} /></Form.Item>
          <Form.Item name="signatoryTitle" label={t('register.signatures.signatoryTitle')} rules={required(t('register.signatures.signatoryTitle'))}><Input maxLength={100} /></Form.Item>
        </Space>
        <Form.Item name="all" valuePropName="checked"><Checkbox>{t('pacts.sign.allArticles')}</Checkbox></Form.Item>
        {!all && (
          <Form.Item name="articles" label={t('register.signatures.subset')} rules={[picked(t('form.required', { field: t('register.signatures.subset') }))]}>
            <Select mode="multiple" aria-label={t('register.signatures.subset')} options={c.current.articles.map((a) => ({ value: a.number, label: `${a.number}. ${a.title}` }))} />
          </Form.Item>
        )}
        <Form.Item name="authorised" valuePropName="checked"
          rules={[{ validator: (_, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('pacts.sign.authorisedRequired')))) }]}>
          <Checkbox>{t('pacts.sign.authorised')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
