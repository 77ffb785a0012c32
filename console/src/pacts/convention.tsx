import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Modal } from '../components/modal';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { ApiError, request } from '../api/http';
import { registerMessages, useTranslation } from '../providers/i18n';
import { problemText } from '../register/shared';
import type { Article, ConventionDetail, Diff, Version, VersionSummary } from '../register/types';
import { en, zh } from './messages';
import { VersionStatusTag } from './shared';
import { diffText } from './text-diff';

registerMessages(zh, en);

const conventionKey = (code: string) => ['convention', code];

/** A convention: its versions, the draft's article editor, an article-by-article comparison of two versions, publication. */
export default function ConventionPage() {
  const { code = '' } = useParams();
  const { t, locale } = useTranslation();
  const [params, setParams] = useSearchParams();
  const client = useQueryClient();
  const { message } = App.useApp();
  const detail = useQuery({ queryKey: conventionKey(code), queryFn: () => request<ConventionDetail>(`/v1/conventions/${encodeURIComponent(code)}`) });
  const [opening, setOpening] = useState(false);

  if (detail.isLoading) return <Card loading className="console-page" />;
  if (detail.isError || !detail.data) {
    const e = detail.error;
    return (
      <Card className="console-page" title={<h1 className="console-card-title">{t('pacts.convention.title')}</h1>}>
        <Alert type="error" showIcon role="alert" message={e instanceof ApiError && e.status === 404 ? t('pacts.convention.notFound') : t('pacts.convention.loadFailed')} />
      </Card>
    );
  }
  const c = detail.data;
  const refresh = () => void client.invalidateQueries({ queryKey: conventionKey(code) });
  const tab = params.get('tab') ?? (c.draftVersion ? 'draft' : 'versions');
  const setTab = (k: string) => {
    const p = new URLSearchParams(params);
    p.set('tab', k);
    setParams(p, { replace: true });
  };
  const openDraft = async () => {
    setOpening(true);
    try {
      await request(`/v1/conventions/${encodeURIComponent(code)}/versions`, { method: 'POST', body: {} });
      await client.invalidateQueries({ queryKey: conventionKey(code) });
      setTab('draft');
    } catch (e) {
      void message.error(problemText(e, t));
    } finally {
      setOpening(false);
    }
  };

  return (
    <div className="console-page">
      <Space align="center" wrap className="console-gap">
        <Typography.Title level={1} className="console-case-title">{locale === 'en' && c.titleEn ? c.titleEn : c.titleZh}</Typography.Title>
        <Typography.Text code>{c.code}</Typography.Text>
        {c.currentVersion !== null && <Tag color="#15803d">{t('pacts.convention.inForce', { version: c.currentVersion })}</Tag>}
        {c.draftVersion === null && (
          <Button type="primary" loading={opening} onClick={() => void openDraft()}>{t('pacts.draft.open')}</Button>
        )}
      </Space>
      <Card className="console-gap">
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('pacts.convention.issuingBody')}>{c.issuingBody}</Descriptions.Item>
          <Descriptions.Item label={t('pacts.convention.selfInspection')}>
            {t(`pacts.frequencies.${c.selfInspection.frequency}`, { defaultValue: c.selfInspection.frequency })}
            {c.selfInspection.frequency !== 'none' && ` · ${t('pacts.convention.dueAfter', { months: c.selfInspection.dueMonths })}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('pacts.convention.titleEn')}>{c.titleEn ?? '—'}</Descriptions.Item>
        </Descriptions>
        {c.description && <Typography.Paragraph className="console-description">{c.description}</Typography.Paragraph>}
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'versions', label: t('pacts.versions.title'), children: <Versions c={c} /> },
            ...(c.draftVersion !== null
              ? [{ key: 'draft', label: t('pacts.draft.tab', { version: c.draftVersion }), children: <DraftEditor code={code} version={c.draftVersion} current={c.versions.find((v) => v.status === 'published') ?? null} onChanged={refresh} /> }]
              : []),
            { key: 'compare', label: t('pacts.diff.title'), children: <Compare code={code} versions={c.versions} /> },
          ]}
        />
      </Card>
    </div>
  );
}

/** Every version, newest first; a row opens to its articles. */
function Versions({ c }: { c: ConventionDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  const version = useQuery({
    queryKey: ['convention-version', c.code, open],
    queryFn: () => request<Version>(`/v1/conventions/${encodeURIComponent(c.code)}/versions/${open}`),
    enabled: open !== null,
  });
  const versions = [...c.versions].sort((a, b) => b.version - a.version);
  return (
    <>
      <Table<VersionSummary>
        rowKey="version"
        size="small"
        pagination={false}
        dataSource={versions}
        locale={{ emptyText: t('pacts.versions.none') }}
        columns={[
          { title: t('pacts.versions.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          { title: t('pacts.versions.status'), dataIndex: 'status', render: (s: string) => <VersionStatusTag status={s} /> },
          { title: t('pacts.versions.effectiveDate'), dataIndex: 'effectiveDate', render: (d: string | null) => d ?? '—' },
          { title: t('pacts.versions.articles'), dataIndex: 'articleCount' },
          { title: t('pacts.versions.textHash'), dataIndex: 'textHash', render: (h: string | null) => (h ? <Typography.Text code copyable={{ text: h }}>{h.slice(0, 12)}…</Typography.Text> : '—') },
          { title: t('pacts.versions.notes'), dataIndex: 'notes', ellipsis: true },
          { title: t('pacts.common.actions'), key: 'a', render: (_: unknown, v) => <Button size="small" onClick={() => setOpen(open === v.version ? null : v.version)}>{open === v.version ? t('pacts.versions.hide') : t('pacts.versions.show')}</Button> },
        ]}
      />
      {open !== null && version.data && (
        <div className="pacts-version-text">
          <Typography.Title level={2} className="console-card-title">{t('pacts.versions.textOf', { version: open })}</Typography.Title>
          <ArticleList articles={version.data.articles} />
        </div>
      )}
    </>
  );
}

function ArticleList({ articles }: { articles: Article[] }) {
  const { t } = useTranslation();
  if (articles.length === 0) return <Empty description={t('pacts.draft.empty')} />;
  return (
    <List
      size="small"
      dataSource={articles}
      renderItem={(a) => (
        <List.Item>
          <div>
            <Typography.Text strong>{t('pacts.article.heading', { number: a.number, title: a.title })}</Typography.Text>
            <div className="console-description pacts-article-body">{a.body}</div>
          </div>
        </List.Item>
      )}
    />
  );
}

interface Row extends Article {
  key: string;
}
let seq = 0;
const rowsOf = (articles: Article[]): Row[] => articles.map((a) => ({ ...a, key: `a${++seq}` }));
const sameArticles = (a: Article[], b: Article[]) => JSON.stringify(a.map(({ number, title, body }) => [number, title, body])) === JSON.stringify(b.map(({ number, title, body }) => [number, title, body]));

/**
 * The draft's articles, edited here and saved as a whole (PATCH replaces them): add, edit, remove, move up and down
 * (an article moves, the numbers stay in order), renumber 1…n. Publishing needs the edits saved first.
 */
function DraftEditor({ code, version, current, onChanged }: { code: string; version: number; current: VersionSummary | null; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const draft = useQuery({ queryKey: ['convention-version', code, version], queryFn: () => request<Version>(`/v1/conventions/${encodeURIComponent(code)}/versions/${version}`) });
  const [rows, setRows] = useState<Row[]>([]);
  const [notes, setNotes] = useState('');
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  useEffect(() => {
    if (draft.data) {
      setRows(rowsOf(draft.data.articles));
      setNotes(draft.data.notes);
    }
  }, [draft.data]);
  const dirty = draft.data ? !sameArticles(rows, draft.data.articles) || notes !== draft.data.notes : false;
  const duplicates = useMemo(() => {
    const seen = new Set<number>();
    const dup = new Set<number>();
    for (const r of rows) (seen.has(r.number) ? dup : seen).add(r.number);
    return dup;
  }, [rows]);

  if (draft.isLoading) return <Card loading bordered={false} />;
  if (draft.isError || !draft.data) return <Alert type="error" showIcon role="alert" message={problemText(draft.error, t)} />;

  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= rows.length) return;
    const next = [...rows];
    const [a, b] = [next[i], next[j]];
    next[i] = { ...b, number: a.number };
    next[j] = { ...a, number: b.number };
    setRows(next);
  };
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const sorted = [...rows].sort((a, b) => a.number - b.number);
      const saved = await request<Version>(`/v1/conventions/${encodeURIComponent(code)}/versions/${version}`, {
        method: 'PATCH',
        body: { articles: sorted.map(({ number, title, body }) => ({ number, title, body })), notes },
      });
      client.setQueryData(['convention-version', code, version], saved);
      onChanged();
      void message.success(t('pacts.draft.saved'));
    } catch (e) {
      setError(problemText(e, t));
    } finally {
      setSaving(false);
    }
  };
  const upsert = (a: Article) => {
    if (editing === 'new') setRows([...rows, { ...a, key: `a${++seq}` }]);
    else if (editing) setRows(rows.map((r) => (r.key === editing.key ? { ...r, ...a } : r)));
    setEditing(null);
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('pacts.draft.help')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      {duplicates.size > 0 && <Alert type="warning" showIcon role="alert" className="console-gap" message={t('pacts.draft.duplicates', { numbers: [...duplicates].join(', ') })} />}
      <Space wrap className="console-gap">
        <Button onClick={() => setEditing('new')}>{t('pacts.draft.add')}</Button>
        <Button onClick={() => setRows(rows.map((r, i) => ({ ...r, number: i + 1 })))}>{t('pacts.draft.renumber')}</Button>
        <Button type="primary" loading={saving} disabled={!dirty || duplicates.size > 0} onClick={() => void save()}>{t('pacts.draft.save')}</Button>
        <Button disabled={dirty || rows.length === 0} onClick={() => setPublishing(true)}>{t('pacts.publish.button')}</Button>
        {dirty && <Tag color="#b45309">{t('pacts.draft.unsaved')}</Tag>}
      </Space>
      <Table<Row>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('pacts.draft.empty') }}
        columns={[
          { title: t('pacts.article.number'), dataIndex: 'number', width: 72, render: (n: number) => (duplicates.has(n) ? <Typography.Text className="register-danger">{n}</Typography.Text> : n) },
          { title: t('pacts.article.title'), dataIndex: 'title' },
          { title: t('pacts.article.body'), dataIndex: 'body', ellipsis: true },
          {
            title: t('pacts.common.actions'),
            key: 'a',
            render: (_: unknown, r, i) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setEditing(r)} aria-label={t('pacts.draft.editArticle', { number: r.number })}>{t('pacts.common.edit')}</Button>
                <Button size="small" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('pacts.draft.moveUp', { number: r.number })}>↑</Button>
                <Button size="small" disabled={i === rows.length - 1} onClick={() => move(i, 1)} aria-label={t('pacts.draft.moveDown', { number: r.number })}>↓</Button>
                <Button size="small" onClick={() => setRows(rows.filter((x) => x.key !== r.key))} aria-label={t('pacts.draft.removeArticle', { number: r.number })}>{t('pacts.common.remove')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <Form layout="vertical" className="pacts-notes">
        <Form.Item label={t('pacts.draft.notes')} htmlFor="draft-notes">
          <Input.TextArea id="draft-notes" rows={2} maxLength={5000} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Form.Item>
      </Form>
      {editing && (
        <ArticleModal
          article={editing === 'new' ? { number: Math.max(0, ...rows.map((r) => r.number)) + 1, title: '', body: '' } : editing}
          taken={rows.filter((r) => editing === 'new' || r.key !== editing.key).map((r) => r.number)}
          onClose={(a) => (a ? upsert(a) : setEditing(null))}
        />
      )}
      {publishing && (
        <PublishModal code={code} version={version} articleCount={rows.length} current={current}
          onClose={(done) => { setPublishing(false); if (done) onChanged(); }} />
      )}
    </>
  );
}

function ArticleModal({ article, taken, onClose }: { article: Article; taken: number[]; onClose: (a: Article | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Article>();
  const required = (field: string) => [{ required: true, whitespace: true, message: t('form.required', { field }) }];
  return (
    <Modal open width={720} title={article.title ? t('pacts.draft.editArticle', { number: article.number }) : t('pacts.draft.add')} okText={t('pacts.common.ok')} cancelText={t('common.cancel')}
      onOk={() => form.submit()} onCancel={() => onClose(null)} destroyOnHidden>
      <Form<Article> form={form} layout="vertical" initialValues={article} onFinish={(v) => onClose({ number: Number(v.number), title: v.title.trim(), body: v.body.trim() })}>
        <Form.Item name="number" label={t('pacts.article.number')}
          rules={[{ required: true, message: t('form.required', { field: t('pacts.article.number') }) },
            { validator: (_, n: number) => (taken.includes(Number(n)) ? Promise.reject(new Error(t('pacts.draft.numberTaken'))) : Promise.resolve()) }]}>
          <InputNumber min={1} max={9999} precision={0} />
        </Form.Item>
        <Form.Item name="title" label={t('pacts.article.title')} rules={required(t('pacts.article.title'))}><Input maxLength={200} /></Form.Item>
        <Form.Item name="body" label={t('pacts.article.body')} rules={required(t('pacts.article.body'))}><Input.TextArea rows={8} maxLength={20000} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** Publication fixes the text and its hash for good and starts the renewal of the version in force's signatures: confirmed here. */
function PublishModal({ code, version, articleCount, current, onClose }: { code: string; version: number; articleCount: number; current: VersionSummary | null; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [date, setDate] = useState<Dayjs | null>(dayjs());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const earliest = current?.effectiveDate ? dayjs(current.effectiveDate) : null;
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      await request(`/v1/conventions/${encodeURIComponent(code)}/versions/${version}/publish`, { method: 'POST', body: date ? { effectiveDate: date.format('YYYY-MM-DD') } : {} });
      void message.success(t('pacts.publish.done', { version }));
      onClose(true);
    } catch (e) {
      setError(problemText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('pacts.publish.title', { version })} okText={t('pacts.publish.confirm')} cancelText={t('common.cancel')}
      confirmLoading={busy} onOk={() => void publish()} onCancel={() => onClose(false)} destroyOnHidden>
      <Alert type="warning" showIcon className="console-gap" message={t('pacts.publish.warning', { count: articleCount })}
        description={current ? t('pacts.publish.renewal', { version: current.version }) : undefined} />
      {error && <Alert type="error" showIcon role="alert" message={error} className="console-gap" />}
      <Form layout="vertical">
        <Form.Item label={t('pacts.publish.effectiveDate')} extra={earliest ? t('pacts.publish.notBefore', { date: earliest.format('YYYY-MM-DD') }) : undefined}>
          <DatePicker aria-label={t('pacts.publish.effectiveDate')} value={date} onChange={setDate} allowClear={false}
            disabledDate={(d) => (earliest ? d.isBefore(earliest, 'day') : false)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Two versions side by side, article by article (matched on the number), changed text marked character by character. */
function Compare({ code, versions }: { code: string; versions: VersionSummary[] }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const last = sorted[sorted.length - 1]?.version;
  const from = Number(params.get('from')) || (sorted.length > 1 ? sorted[sorted.length - 2].version : last);
  const to = Number(params.get('to')) || last;
  const set = (k: 'from' | 'to', v: number) => {
    const p = new URLSearchParams(params);
    p.set(k, String(v));
    p.set('tab', 'compare');
    setParams(p, { replace: true });
  };
  const diff = useQuery({
    queryKey: ['convention-diff', code, from, to],
    queryFn: () => request<Diff>(`/v1/conventions/${encodeURIComponent(code)}/diff`, { query: { from, to } }),
    enabled: Boolean(from && to),
  });
  const options = sorted.map((v) => ({ value: v.version, label: `v${v.version} · ${t(`pacts.versionStatuses.${v.status}`)}` }));
  if (sorted.length === 0) return <Empty description={t('pacts.versions.none')} />;
  const d = diff.data;
  return (
    <>
      <Form layout="inline" className="console-filters">
        <Form.Item label={t('pacts.diff.from')}>
          <Select aria-label={t('pacts.diff.from')} className="console-filter" value={from} onChange={(v: number) => set('from', v)} options={options} />
        </Form.Item>
        <Form.Item label={t('pacts.diff.to')}>
          <Select aria-label={t('pacts.diff.to')} className="console-filter" value={to} onChange={(v: number) => set('to', v)} options={options} />
        </Form.Item>
      </Form>
      {diff.isError && <Alert type="error" showIcon role="alert" message={problemText(diff.error, t)} />}
      {d && (
        <div className="pacts-diff">
          <Typography.Paragraph>
            {t('pacts.diff.summary', { changed: d.changed.length, added: d.added.length, removed: d.removed.length, unchanged: d.unchangedCount })}
          </Typography.Paragraph>
          {d.changed.length + d.added.length + d.removed.length === 0 && <Empty description={t('pacts.diff.same')} />}
          {[...d.changed.map((c) => ({ n: c.number, el: <Changed key={`c${c.number}`} c={c} /> })),
            ...d.added.map((a) => ({ n: a.number, el: <Whole key={`a${a.number}`} a={a} kind="added" /> })),
            ...d.removed.map((a) => ({ n: a.number, el: <Whole key={`r${a.number}`} a={a} kind="removed" /> }))]
            .sort((x, y) => x.n - y.n)
            .map((x) => x.el)}
        </div>
      )}
    </>
  );
}

function Marked({ a, b, side }: { a: string; b: string; side: 'from' | 'to' }) {
  const segments = useMemo(() => diffText(a, b), [a, b]);
  return (
    <span className="console-description pacts-article-body">
      {segments.map((s, i) =>
        s.op === 'eq' ? <span key={i}>{s.text}</span> : s.op === 'del' ? (side === 'from' ? <del key={i}>{s.text}</del> : null) : side === 'to' ? <ins key={i}>{s.text}</ins> : null,
      )}
    </span>
  );
}

function Changed({ c }: { c: Diff['changed'][number] }) {
  const { t } = useTranslation();
  return (
    <section className="pacts-change" aria-label={t('pacts.diff.changedArticle', { number: c.number })}>
      <Typography.Title level={3} className="console-card-title">
        <Tag color="#1d4ed8">{t('pacts.diff.changed')}</Tag> {t('pacts.article.heading', { number: c.number, title: c.to.title })}
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <div className="pacts-side"><Typography.Text type="secondary">{t('pacts.diff.before')}</Typography.Text>
            <div><strong><Marked a={c.from.title} b={c.to.title} side="from" /></strong></div>
            <Marked a={c.from.body} b={c.to.body} side="from" />
          </div>
        </Col>
        <Col xs={24} md={12}>
          <div className="pacts-side"><Typography.Text type="secondary">{t('pacts.diff.after')}</Typography.Text>
            <div><strong><Marked a={c.from.title} b={c.to.title} side="to" /></strong></div>
            <Marked a={c.from.body} b={c.to.body} side="to" />
          </div>
        </Col>
      </Row>
    </section>
  );
}

function Whole({ a, kind }: { a: Article; kind: 'added' | 'removed' }) {
  const { t } = useTranslation();
  return (
    <section className={`pacts-change pacts-${kind}`} aria-label={t(`pacts.diff.${kind}Article`, { number: a.number })}>
      <Typography.Title level={3} className="console-card-title">
        <Tag color={kind === 'added' ? '#15803d' : '#b91c1c'}>{t(`pacts.diff.${kind}`)}</Tag> {t('pacts.article.heading', { number: a.number, title: a.title })}
      </Typography.Title>
      <div className="console-description pacts-article-body">{kind === 'added' ? <ins>{a.body}</ins> : <del>{a.body}</del>}</div>
    </section>
  );
}

