import { useGetIdentity } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Select, Space, Table, Typography, Upload } from 'antd';
import { Modal } from '../components/modal';
import type { UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { mayCall } from '../access/permissions';
import { download, request } from '../api/http';
import type { Identity } from '../providers/auth';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import { SignatureStatusTag, applyFieldErrors, formatBytes, picked, problemText } from './shared';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES, inlineFile, type Convention, type Signature, type Version } from './types';

registerMessages(zh, en);

export const signaturesKey = (memberId: string) => ['member-signatures', memberId];

/** A member's signatures, newest first (history is never deleted): scans to download, withdrawal, and (staff) a paper signature to record. */
export function SignaturesCard({ memberId, memberActive, title }: { memberId: string; memberActive: boolean; title?: string }) {
  const { t } = useTranslation();
  const { data: me } = useGetIdentity<Identity>();
  const client = useQueryClient();
  const list = useQuery({ queryKey: signaturesKey(memberId), queryFn: () => request<{ items: Signature[] }>(`/v1/members/${encodeURIComponent(memberId)}/signatures`) });
  const [recording, setRecording] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Signature | null>(null);
  const { message } = App.useApp();
  const refresh = () => void client.invalidateQueries({ queryKey: signaturesKey(memberId) });
  const staff = mayCall(me?.role, 'GET /v1/conventions');
  const rows = list.data?.items ?? [];
  return (
    <Card
      title={<h2 className="console-card-title">{title ?? t('register.signatures.title')}</h2>}
      extra={staff && mayCall(me?.role, 'POST /v1/conventions/{code}/versions/{version}/signatures') && (
        <Button onClick={() => setRecording(true)} disabled={!memberActive} title={memberActive ? undefined : t('register.signatures.memberNotActive')}>
          {t('register.signatures.recordPaper')}
        </Button>
      )}
    >
      {list.isError ? <Alert type="error" showIcon role="alert" message={problemText(list.error, t)} /> : rows.length === 0 && !list.isLoading ? (
        <Empty description={t('register.signatures.none')} />
      ) : (
        <Table<Signature>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          pagination={false}
          scroll={{ x: true }}
          dataSource={rows}
          expandable={{
            rowExpandable: (s) => Boolean(s.withdrawalReason || s.articles),
            expandedRowRender: (s) => (
              <Space direction="vertical" size={2}>
                {s.articles && <span>{t('register.signatures.subset')}: {s.articles.join(', ')}</span>}
                {s.withdrawalReason && <span>{t('register.signatures.withdrawalReason')}: {s.withdrawalReason}</span>}
              </Space>
            ),
          }}
          columns={[
            { title: t('register.signatures.convention'), key: 'convention', render: (_: unknown, s) => <>{s.conventionTitle} <Typography.Text type="secondary">({s.conventionCode} v{s.version})</Typography.Text></> },
            { title: t('register.signatures.status'), key: 'status', render: (_: unknown, s) => <SignatureStatusTag s={s} /> },
            { title: t('register.signatures.method'), dataIndex: 'method', render: (m: string) => t(`register.methods.${m}`, { defaultValue: m }) },
            { title: t('register.signatures.signatory'), key: 'who', render: (_: unknown, s) => `${s.signatoryName} · ${s.signatoryTitle}` },
            { title: t('register.signatures.signedAt'), dataIndex: 'signedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD') },
            {
              title: t('register.signatures.binds'),
              key: 'binds',
              render: (_: unknown, s) => (
                <>
                  {s.validFrom} – {s.bindsUntil ?? t('register.signatures.open')}
                  {s.status === 'renewal_pending' && s.renewalDueOn && <div><Typography.Text className={s.renewalOverdue ? 'register-danger' : 'register-warning'}>{t('register.signatures.renewBy', { date: s.renewalDueOn })}</Typography.Text></div>}
                </>
              ),
            },
            {
              title: t('register.common.actions'),
              key: 'actions',
              render: (_: unknown, s) => (
                <Space wrap>
                  {s.document && mayCall(me?.role, 'GET /v1/signatures/{id}/document') && (
                    <Button size="small" onClick={() => void download(`/v1/signatures/${s.id}/document`, s.document!.fileName).then(() => undefined, (e: unknown) => void message.error(problemText(e, t)))}
                      aria-label={`${t('register.signatures.downloadScan')} ${s.document.fileName}`}>
                      {t('register.signatures.downloadScan')} ({formatBytes(s.document.size)})
                    </Button>
                  )}
                  {(s.status === 'active' || s.status === 'renewal_pending') && mayCall(me?.role, 'POST /v1/signatures/{id}/withdraw') && (
                    <Button size="small" onClick={() => setWithdrawing(s)}>{t('register.signatures.withdraw')}</Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      {staff && <Typography.Paragraph type="secondary" className="console-hint">{t('register.signatures.audited')}</Typography.Paragraph>}
      {recording && <PaperSignatureModal memberId={memberId} onClose={(saved) => { setRecording(false); if (saved) refresh(); }} />}
      {withdrawing && <WithdrawModal s={withdrawing} onClose={(saved) => { setWithdrawing(null); if (saved) refresh(); }} />}
    </Card>
  );
}

interface PaperForm {
  convention: string;
  signatoryName: string;
  signatoryTitle: string;
  signedAt: Dayjs;
  articles?: number[];
  document: UploadFile[];
}

/** A paper ceremony: the published version, who signed, when, and the scanned signed document (PDF, JPEG or PNG, 5 MB at most). */
function PaperSignatureModal({ memberId, onClose }: { memberId: string; onClose: (saved: boolean) => void }) {
  const { t, locale } = useTranslation();
  const [form] = Form.useForm<PaperForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const conventions = useQuery({ queryKey: ['conventions'], queryFn: () => request<Convention[]>('/v1/conventions') });
  const signable = (conventions.data ?? []).filter((c) => c.currentVersion !== null);
  const code = Form.useWatch('convention', form);
  const conv = signable.find((c) => c.code === code);
  const version = useQuery({
    queryKey: ['convention-version', code, conv?.currentVersion],
    queryFn: () => request<Version>(`/v1/conventions/${encodeURIComponent(code!)}/versions/${conv!.currentVersion}`),
    enabled: Boolean(conv),
  });
  const submit = async (v: PaperForm) => {
    setBusy(true);
    setError(null);
    try {
      const file = v.document[0]?.originFileObj;
      if (!file) throw new Error('no file');
      await request(`/v1/conventions/${encodeURIComponent(v.convention)}/versions/${conv!.currentVersion}/signatures`, {
        method: 'POST',
        body: {
          memberId,
          signatoryName: v.signatoryName.trim(),
          signatoryTitle: v.signatoryTitle.trim(),
          signedAt: v.signedAt.format('YYYY-MM-DD[T]HH:mm:ssZ'),
          articles: v.articles && v.articles.length > 0 ? v.articles : undefined,
          document: await inlineFile(file),
        },
      });
      onClose(true);
    } catch (e) {
      setError(applyFieldErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  };
  const required = (field: string) => [{ required: true, whitespace: true, message: t('form.required', { field }) }];
  return (
    <Modal open width={640} title={t('register.signatures.recordPaper')} okText={t('register.common.save')} cancelText={t('common.cancel')} confirmLoading={busy}
      onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form<PaperForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ document: [], signedAt: dayjs().startOf('hour') }}>
        <Form.Item name="convention" label={t('register.signatures.convention')} rules={[picked(t('form.required', { field: t('register.signatures.convention') }))]}
          extra={conv ? t('register.signatures.versionInForce', { version: conv.currentVersion }) : undefined}>
          <Select aria-label={t('register.signatures.convention')} loading={conventions.isLoading}
            options={signable.map((c) => ({ value: c.code, label: `${locale === 'en' && c.titleEn ? c.titleEn : c.titleZh} (${c.code})` }))} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="signatoryName" label={t('register.signatures.signatoryName')} rules={required(t('register.signatures.signatoryName'))}><Input maxLength={100} /></Form.Item>
          <Form.Item name="signatoryTitle" label={t('register.signatures.signatoryTitle')} rules={required(t('register.signatures.signatoryTitle'))}><Input maxLength={100} /></Form.Item>
        </Space>
        <Form.Item name="signedAt" label={t('register.signatures.ceremony')} rules={[{ required: true, message: t('form.required', { field: t('register.signatures.ceremony') }) }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={t('register.signatures.ceremony')} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="articles" label={t('register.signatures.subset')} extra={t('register.signatures.subsetHelp')}>
          <Select mode="multiple" allowClear aria-label={t('register.signatures.subset')} disabled={!version.data}
            options={(version.data?.articles ?? []).map((a) => ({ value: a.number, label: `${a.number}. ${a.title}` }))} />
        </Form.Item>
        <Form.Item name="document" label={t('register.signatures.scan')} valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
          extra={t('register.signatures.scanHelp')}
          rules={[
            { validator: (_, files: UploadFile[]) => (files?.length ? Promise.resolve() : Promise.reject(new Error(t('form.required', { field: t('register.signatures.scan') })))) },
            { validator: (_, files: UploadFile[]) => { const f = files?.[0]?.originFileObj; return !f || (UPLOAD_TYPES.includes(f.type) && f.size <= MAX_UPLOAD_BYTES) ? Promise.resolve() : Promise.reject(new Error(t('register.signatures.scanHelp'))); } },
          ]}>
          <Upload beforeUpload={() => false} maxCount={1} accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
            <Button>{t('register.signatures.chooseScan')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Withdraw a current signature with the reason; it stops binding today. */
export function WithdrawModal({ s, onClose }: { s: Signature; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      await request(`/v1/signatures/${s.id}/withdraw`, { method: 'POST', body: { reason: v.reason.trim() } });
      onClose(true);
    } catch (e) {
      setError(applyFieldErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('register.signatures.withdrawTitle', { convention: s.conventionTitle, version: s.version })} okText={t('register.signatures.withdraw')}
      cancelText={t('common.cancel')} confirmLoading={busy} onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('register.signatures.withdrawHelp')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="reason" label={t('register.signatures.withdrawalReason')} rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('register.signatures.withdrawalReason') }) }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
