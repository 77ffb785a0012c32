import { useGetIdentity } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, DatePicker, Descriptions, Form, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { mayCall } from '../access/permissions';
import { ApiError, request } from '../api/http';
import type { Identity } from '../providers/auth';
import { registerMessages } from '../providers/i18n';
import { Downloads, LoadError, Section, thisYear, useFormat, yearParam } from './figures';
import { en, zh } from './messages';
import { useParamsState } from './period';
import type { Evaluation, EvaluationMember, Methodology } from './types';

registerMessages(zh, en);

/** The year-end evaluation: the ranked members, how the score is made, and (supervisor) freezing an ended year. */
export default function EvaluationPage() {
  const f = useFormat();
  const { t } = f;
  const [params, update] = useParamsState();
  const year = yearParam(params.get('year'), thisYear());
  const { data: me } = useGetIdentity<Identity>();
  const evaluation = useQuery({ queryKey: ['reports-evaluation', year], queryFn: () => request<Evaluation>('/v1/reports/evaluation', { query: { year } }) });
  const e = evaluation.data;

  return (
    <div className="console-page">
      <Card className="reports-section" title={<h1 className="console-card-title">{t('reports.evaluation.title', { year })}</h1>}>
        <Form layout="inline" className="reports-controls">
          <Form.Item label={t('reports.year')}>
            <DatePicker picker="year" aria-label={t('reports.year')} allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(d) => d && update({ year: String(d.year()) })} />
          </Form.Item>
        </Form>
        <Space direction="vertical" size="middle" className="console-fill">
          <Downloads path="/v1/reports/evaluation" query={{ year }} baseName={`evaluation-${year}`} />
          {e && <Status e={e} canFinalise={!!me && mayCall(me.role, 'POST /v1/reports/evaluation/{year}/finalise')} />}
        </Space>
      </Card>
      {evaluation.isError && <LoadError error={evaluation.error} />}
      {evaluation.isLoading && <Card loading />}
      {e && (
        <>
          <Section title={t('reports.evaluation.ranking')}>
            <RankingTable e={e} />
          </Section>
          <MethodologySection m={e.methodology} />
        </>
      )}
    </div>
  );
}

/** Finalised (with its hash) or provisional; a supervisor may finalise a year that has ended, after confirming. */
function Status({ e, canFinalise }: { e: Evaluation; canFinalise: boolean }) {
  const { t } = useFormat();
  const { modal, message } = App.useApp();
  const client = useQueryClient();
  const [failed, setFailed] = useState<string | null>(null);
  const ended = e.year < thisYear();

  const finalise = () =>
    modal.confirm({
      title: t('reports.evaluation.confirmTitle', { year: e.year }),
      content: t('reports.evaluation.confirmBody', { version: e.methodology.version }),
      okText: t('reports.evaluation.finalise'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setFailed(null);
        try {
          const frozen = await request<Evaluation>(`/v1/reports/evaluation/${e.year}/finalise`, { method: 'POST' });
          client.setQueryData(['reports-evaluation', e.year], frozen);
          void message.success(t('reports.evaluation.finalisedNow', { year: e.year }));
        } catch (err) {
          const code = err instanceof ApiError ? err.code : '';
          setFailed(['EVALUATION_ALREADY_FINALISED', 'EVALUATION_YEAR_NOT_ENDED', 'FORBIDDEN_ROLE'].includes(code) ? t(`reports.errors.${code}`) : t('reports.evaluation.finaliseFailed'));
          void client.invalidateQueries({ queryKey: ['reports-evaluation', e.year] });
        }
      },
    });

  if (e.finalised) {
    return (
      <Alert
        type="success"
        showIcon
        message={t('reports.evaluation.finalised', { at: dayjs(e.finalised.at).format('YYYY-MM-DD HH:mm'), version: e.methodology.version })}
        description={
          <span>
            {t('reports.evaluation.hash')} <span className="reports-hash">{e.finalised.resultHash}</span>
          </span>
        }
      />
    );
  }
  return (
    <Space direction="vertical" className="console-fill">
      <Alert type="info" showIcon message={ended ? t('reports.evaluation.provisionalEnded') : t('reports.evaluation.provisionalRunning')} />
      {canFinalise && ended && (
        <Button type="primary" danger onClick={finalise}>
          {t('reports.evaluation.finaliseYear', { year: e.year })}
        </Button>
      )}
      {failed && <Alert type="error" showIcon role="alert" message={failed} />}
    </Space>
  );
}

function RankingTable({ e }: { e: Evaluation }) {
  const f = useFormat();
  const { t } = f;
  const components = Object.keys(e.methodology.weights);
  const value = (m: EvaluationMember, key: string) => m.components.find((c) => c.key === key)?.value ?? null;
  const share = (v: number | null) => (v === null ? <Typography.Text type="secondary">{t('reports.notApplicable')}</Typography.Text> : f.pct(v));
  const columns: ColumnsType<EvaluationMember> = [
    {
      title: t('reports.evaluation.rank'),
      key: 'rank',
      fixed: 'left',
      width: 90,
      render: (_: unknown, m) => (m.ranked ? m.rank : <Tag>{t('reports.evaluation.notRanked')}</Tag>),
    },
    {
      title: t('reports.member'),
      key: 'name',
      fixed: 'left',
      width: 200,
      render: (_: unknown, m) => <Link to={`/reports/members/${m.memberId}?year=${e.year}`}>{m.name}</Link>,
    },
    { title: t('reports.evaluation.score'), dataIndex: 'score', align: 'right', width: 80, render: (v: number | null) => f.num(v) },
    { title: t('reports.evaluation.complaints'), key: 'complaints', align: 'right', width: 90, render: (_: unknown, m) => f.num(m.inputs.complaintsReceived) },
    ...components.map((k) => ({
      title: t('reports.evaluation.componentWithWeight', { name: t(`reports.components.${k}`), weight: e.methodology.weights[k] }),
      key: `c-${k}`,
      align: 'right' as const,
      width: 120,
      render: (_: unknown, m: EvaluationMember) => share(value(m, k)),
    })),
    { title: t('reports.evaluation.onTimeLateMissed'), key: 'answers', align: 'right', width: 130, render: (_: unknown, m) => `${m.inputs.answeredOnTime} / ${m.inputs.answeredLate} / ${m.inputs.responseDeadlinesMissed}` },
    { title: t('reports.evaluation.upheldOfFindings'), key: 'findings', align: 'right', width: 110, render: (_: unknown, m) => `${m.inputs.upheld} / ${m.inputs.findings}` },
    { title: t('reports.evaluation.mediations'), key: 'mediations', align: 'right', width: 110, render: (_: unknown, m) => `${m.inputs.mediationsSucceeded} / ${m.inputs.mediationsEnded}` },
    { title: t('reports.figures.publications'), key: 'publications', align: 'right', width: 90, render: (_: unknown, m) => f.num(m.inputs.publications) },
    { title: t('reports.figures.referrals'), key: 'referrals', align: 'right', width: 90, render: (_: unknown, m) => f.num(m.inputs.referrals) },
    { title: t('reports.evaluation.pactShare'), key: 'pacts', align: 'right', width: 110, render: (_: unknown, m) => (m.inputs.pacts.available ? share(m.inputs.pacts.share) : t('reports.notAvailable')) },
    { title: t('reports.evaluation.selfInspectionShare'), key: 'selfInspections', align: 'right', width: 120, render: (_: unknown, m) => (m.inputs.selfInspections.available ? share(m.inputs.selfInspections.onTimeShare) : t('reports.notAvailable')) },
    { title: t('reports.category'), key: 'category', width: 130, render: (_: unknown, m) => t(`reports.memberCategories.${m.category}`, { defaultValue: m.category }) },
    { title: t('reports.status'), key: 'status', width: 90, render: (_: unknown, m) => t(`reports.memberStatuses.${m.status}`, { defaultValue: m.status }) },
  ];
  return (
    <Space direction="vertical" className="console-fill">
      <Typography.Paragraph type="secondary">{t('reports.evaluation.minCases', { count: e.methodology.minCases })}</Typography.Paragraph>
      <Table<EvaluationMember> size="small" rowKey="memberId" pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 1800 }} dataSource={e.members} columns={columns} />
    </Space>
  );
}

/** What the score is made of: a summary of docs/evaluation-methodology.md and the weights the API reports. */
function MethodologySection({ m }: { m: Methodology }) {
  const f = useFormat();
  const { t } = f;
  const total = Object.values(m.weights).reduce((s, w) => s + w, 0);
  return (
    <Section title={t('reports.methodology.title')}>
      <Space direction="vertical" size="middle" className="console-fill">
        <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('reports.methodology.version')}><span data-figure="methodologyVersion">{m.version}</span></Descriptions.Item>
          <Descriptions.Item label={t('reports.methodology.minCasesLabel')}>{m.minCases}</Descriptions.Item>
          <Descriptions.Item label={t('reports.methodology.document')}>{m.document}</Descriptions.Item>
        </Descriptions>
        <Table<{ key: string; weight: number }>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={Object.entries(m.weights).map(([key, weight]) => ({ key, weight }))}
          columns={[
            { title: t('reports.methodology.component'), key: 'name', render: (_: unknown, r) => t(`reports.components.${r.key}`) },
            { title: t('reports.methodology.measures'), key: 'measures', render: (_: unknown, r) => t(`reports.componentHelp.${r.key}`) },
            { title: t('reports.methodology.weight'), dataIndex: 'weight', align: 'right' },
            { title: t('reports.share'), key: 'share', align: 'right', render: (_: unknown, r) => f.pct(total ? r.weight / total : null) },
          ]}
        />
        <div className="reports-note">
          <p>{t('reports.methodology.score')}</p>
          <p>{t('reports.methodology.missing')}</p>
          <p>{t('reports.methodology.ranking', { count: m.minCases })}</p>
          <p>{t('reports.methodology.history')}</p>
          <p>{t('reports.methodology.finalisation')}</p>
        </div>
        {m.version !== 'eval-2026.2' && <Alert type="warning" showIcon message={t('reports.methodology.otherVersion', { version: m.version })} />}
        <Collapse
          items={[{ key: 'example', label: t('reports.methodology.exampleTitle'), children: <p>{t('reports.methodology.example')}</p> }]}
        />
      </Space>
    </Section>
  );
}
