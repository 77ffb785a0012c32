import { useQuery } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Form, Input, Select, Space, Typography, Upload } from 'antd';
import { Modal } from '../components/modal';
import type { UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { request } from '../api/http';
import { registerMessages, useTranslation } from '../providers/i18n';
import { picked, applyFieldErrors } from '../register/shared';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES, inlineFile, type PublicConvention, type Report, type Revision, type Signature } from '../register/types';
import { en, zh } from './messages';

registerMessages(zh, en);

interface FileForm {
  convention: string;
  period: string;
  summary?: string;
  items: { articleNumber?: number; findings: string; correctiveActions?: string }[];
  attachments: UploadFile[];
}

/** The periods a report is likely to be for: this year's and last year's, in every frequency's form. */
function recentPeriods(): string[] {
  const y = dayjs().year();
  return [y - 1, y].flatMap((year) => [`${year}`, `${year}-H1`, `${year}-H2`, `${year}-Q1`, `${year}-Q2`, `${year}-Q3`, `${year}-Q4`]).reverse();
}

/**
 * File a self-inspection report (or a new revision of a returned one): a convention the member signed, the period,
 * one item per article checked, up to three attachments (PDF, JPEG or PNG, 5 MB each).
 */
export function FileInspectionModal({ memberId, previous, onClose }: { memberId: string; previous?: { report: Report; revision: Revision }; onClose: (id: string | null) => void }) {
  const { t, locale } = useTranslation();
  const [form] = Form.useForm<FileForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signatures = useQuery({ queryKey: ['member-signatures', memberId], queryFn: () => request<{ items: Signature[] }>(`/v1/members/${encodeURIComponent(memberId)}/signatures`) });
  const published = useQuery({ queryKey: ['public-conventions'], queryFn: () => request<{ items: PublicConvention[] }>('/v1/public/conventions'), staleTime: 60_000 });
  const signed = [...new Map((signatures.data?.items ?? []).map((s) => [s.conventionCode, s])).values()];
  const code = Form.useWatch('convention', form);
  const articles = published.data?.items.find((c) => c.code === code)?.current.articles ?? [];
  const titleOf = (c: string) => {
    const p = published.data?.items.find((x) => x.code === c);
    return p ? (locale === 'en' && p.titleEn ? p.titleEn : p.titleZh) : (signed.find((s) => s.conventionCode === c)?.conventionTitle ?? c);
  };
  const submit = async (v: FileForm) => {
    setBusy(true);
    setError(null);
    try {
      for (const f of v.attachments ?? []) if (!f.originFileObj) throw new Error('no file');
      const report = await request<Report>(`/v1/members/${encodeURIComponent(memberId)}/self-inspections`, {
        method: 'POST',
        body: {
          convention: v.convention,
          period: v.period.trim(),
          summary: v.summary?.trim() || undefined,
          items: v.items.map((i) => ({ articleNumber: Number(i.articleNumber), findings: i.findings.trim(), correctiveActions: (i.correctiveActions ?? '').trim() })),
          attachments: v.attachments?.length ? await Promise.all(v.attachments.map((f) => inlineFile(f.originFileObj!))) : undefined,
        },
      });
      onClose(report.id);
    } catch (e) {
      setError(applyFieldErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  };
  const required = (field: string) => [{ required: true, whitespace: true, message: t('form.required', { field }) }];
  const initial: Partial<FileForm> = previous
    ? { convention: previous.report.conventionCode, period: previous.report.period, summary: previous.revision.summary, items: previous.revision.items, attachments: [] }
    : { items: [{ findings: '', correctiveActions: '' }], attachments: [] };
  return (
    <Modal open width={760} title={previous ? t('pacts.file.revise') : t('pacts.file.title')} okText={t('pacts.file.submit')} cancelText={t('common.cancel')} confirmLoading={busy}
      onOk={() => form.submit()} onCancel={() => onClose(null)} destroyOnHidden>
      {previous?.revision.comments && <Alert type="info" showIcon className="console-gap" message={t('pacts.file.returnedWith')} description={previous.revision.comments} />}
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form<FileForm> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Space wrap align="start">
          <Form.Item name="convention" label={t('pacts.inspections.convention')} rules={[picked(t('form.required', { field: t('pacts.inspections.convention') }))]}>
            <Select aria-label={t('pacts.inspections.convention')} className="pacts-wide" disabled={Boolean(previous)} loading={signatures.isLoading}
              options={signed.map((s) => ({ value: s.conventionCode, label: titleOf(s.conventionCode) }))} />
          </Form.Item>
          <Form.Item name="period" label={t('pacts.inspections.period')} extra={t('pacts.file.periodHelp')} rules={[picked(t('form.required', { field: t('pacts.inspections.period') }))]}>
            <AutoComplete aria-label={t('pacts.inspections.period')} disabled={Boolean(previous)} options={recentPeriods().map((p) => ({ value: p }))} filterOption={(input, o) => String(o?.value).startsWith(input)} />
          </Form.Item>
        </Space>
        <Form.Item name="summary" label={t('pacts.file.summary')}><Input.TextArea rows={3} maxLength={10000} /></Form.Item>
        <Typography.Title level={2} className="console-card-title pacts-form-heading">{t('pacts.file.items')}</Typography.Title>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <div key={f.key} className="pacts-item">
                  <Space align="start" wrap>
                    <Form.Item name={[f.name, 'articleNumber']} label={t('pacts.file.article', { n: i + 1 })} rules={[picked(t('form.required', { field: t('pacts.article.number') }))]}>
                      <Select aria-label={t('pacts.file.article', { n: i + 1 })} className="pacts-wide" showSearch optionFilterProp="label"
                        options={articles.map((a) => ({ value: a.number, label: t('pacts.article.heading', { number: a.number, title: a.title }) }))} />
                    </Form.Item>
                    {fields.length > 1 && <Button className="register-row-remove" onClick={() => remove(f.name)}>{t('pacts.common.remove')}</Button>}
                  </Space>
                  <Form.Item name={[f.name, 'findings']} label={t('pacts.file.findings')} rules={required(t('pacts.file.findings'))}><Input.TextArea rows={2} maxLength={5000} /></Form.Item>
                  <Form.Item name={[f.name, 'correctiveActions']} label={t('pacts.file.correctiveActions')}><Input.TextArea rows={2} maxLength={5000} /></Form.Item>
                </div>
              ))}
              <Button onClick={() => add({ findings: '', correctiveActions: '' })} className="console-gap">{t('pacts.file.addItem')}</Button>
            </>
          )}
        </Form.List>
        <Form.Item name="attachments" label={t('pacts.file.attachments')} valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(0, 3)}
          extra={t('pacts.file.attachmentsHelp')}
          rules={[{ validator: (_, files: UploadFile[]) => ((files ?? []).every((f) => f.originFileObj && UPLOAD_TYPES.includes(f.originFileObj.type) && f.originFileObj.size <= MAX_UPLOAD_BYTES) ? Promise.resolve() : Promise.reject(new Error(t('pacts.file.attachmentsHelp')))) }]}>
          <Upload beforeUpload={() => false} multiple maxCount={3} accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
            <Button>{t('pacts.file.chooseFiles')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
