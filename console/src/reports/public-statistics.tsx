import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Form, Row, Space, Table, Typography } from 'antd';
import { request } from '../api/http';
import { registerMessages } from '../providers/i18n';
import { CountSection, Downloads, FigureList, LoadError, Section, useFormat } from './figures';
import { en, zh } from './messages';
import { PeriodPicker, periodQuery, useParamsState, type PeriodKind } from './period';
import type { PublicStatistics } from './types';

registerMessages(zh, en);

const KINDS: PeriodKind[] = ['month', 'year'];
type GroupLine = PublicStatistics['satisfaction']['byChannelGroup'][number];

/** What the public reads at GET /v1/public/statistics (no member or partner named), as staff preview it. */
export default function PublicStatisticsPage() {
  const f = useFormat();
  const { t } = f;
  const [params, update] = useParamsState();
  // Neither a period nor a day: the API's default, the last complete month.
  const chosen = params.has('period') || params.has('date');
  const query = chosen ? (periodQuery(params, KINDS) ?? {}) : {};
  const stats = useQuery({ queryKey: ['reports-public', query], queryFn: () => request<PublicStatistics>('/v1/public/statistics', { query }) });
  const s = stats.data;
  return (
    <div className="console-page">
      <Card className="reports-section" title={<h1 className="console-card-title">{t('reports.public.title')}</h1>}>
        <Typography.Paragraph>{t('reports.public.lead')}</Typography.Paragraph>
        <Form layout="inline" className="reports-controls" aria-label={t('reports.period.label')}>
          <PeriodPicker kinds={KINDS} params={params} update={update} placeholder={chosen ? undefined : t('reports.public.defaultPeriod')} />
        </Form>
        <Space direction="vertical" className="console-fill">
          {s && <Typography.Paragraph className="reports-period">{t('reports.periodIs', { from: s.period.from, to: s.period.to })}</Typography.Paragraph>}
          {s?.provisional && <Alert type="warning" showIcon message={t('reports.public.provisional')} />}
          <Downloads path="/v1/public/statistics" query={query} baseName={s ? `statistics-${s.period.from}_${s.period.to}` : 'statistics'} />
        </Space>
      </Card>
      {stats.isError && <LoadError error={stats.error} />}
      {stats.isLoading && <Card loading />}
      {s && (
        <>
          <Section title={t('reports.statistics.overview')}>
            <FigureList
              columns={3}
              items={[
                { key: 'received', label: t('reports.figures.received'), value: f.num(s.received) },
                { key: 'decided', label: t('reports.figures.decided'), value: f.num(s.decided) },
                { key: 'medianDays', label: t('reports.figures.medianDays'), value: f.days(s.medianDaysToDecision) },
                { key: 'onTimeShare', label: t('reports.figures.onTimeShare'), value: f.pct(s.respondentsAnsweredOnTimeShare) },
                { key: 'publications', label: t('reports.figures.publications'), value: f.num(s.publications) },
                { key: 'referrals', label: t('reports.figures.referrals'), value: f.num(s.referrals) },
              ]}
            />
          </Section>
          <Row gutter={16}>
            <Col xs={24} xl={12}><CountSection title={t('reports.statistics.byChannelGroup')} counts={s.receivedByChannelGroup} /></Col>
            <Col xs={24} xl={12}><CountSection title={t('reports.statistics.byCategory')} counts={s.receivedByCategory} chart="hbar" /></Col>
          </Row>
          <Section title={t('reports.statistics.satisfaction')}>
            <Space direction="vertical" className="console-fill">
              <FigureList
                items={[
                  { key: 'surveyAnswered', label: t('reports.figures.surveyAnswered'), value: f.num(s.satisfaction.answered) },
                  { key: 'satisfactionMean', label: t('reports.figures.meanRating'), value: f.num(s.satisfaction.meanRating) },
                ]}
              />
              <Table<GroupLine>
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={s.satisfaction.byChannelGroup}
                columns={[
                  { title: t('reports.figures.channelGroup'), key: 'label', render: (_: unknown, l) => f.label(l) },
                  { title: t('reports.figures.surveyAnswered'), dataIndex: 'answered', align: 'right', render: (v: number) => f.num(v) },
                  { title: t('reports.figures.meanRating'), dataIndex: 'meanRating', align: 'right', render: (v: number | null) => f.num(v) },
                ]}
              />
            </Space>
          </Section>
        </>
      )}
    </div>
  );
}
