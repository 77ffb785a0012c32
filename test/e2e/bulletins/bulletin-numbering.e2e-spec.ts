import { jest } from '@jest/globals';
import { Clock } from '../../../src/platform/clock.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { approvedBulletin, bearer, createSeries } from './support.js';

describe('Bulletin numbering — per series and year, never repeated or skipped, also under concurrent publishing', () => {
  let t: TestApp;
  let staff: string;
  let supervisor: string;

  const setNow = (iso: string) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(iso));
  const publish = (id: string) => t.http().post(`/v1/bulletins/${id}/publish`).set(bearer(staff));

  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    supervisor = (await userWithRole(t, 'supervisor')).token;
  }, 60_000);
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  it('ten bulletins of one series published at once get exactly 1..10, each number once', async () => {
    const series = await createSeries(t, staff, { code: 'weekly', title: '工作周报', frequency: 'weekly' });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await approvedBulletin(t, staff, supervisor, { seriesId: series.id, periodFrom: '2026-11-02', periodTo: '2026-11-08', title: `第${i}份` }));
    const answers = await Promise.all(ids.map(publish));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const numbers = answers.map((a) => a.body.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(answers.map((a) => a.body.year))).toEqual(new Set([answers[0].body.year]));
    const rows = (await t.sql.query(`SELECT number FROM bulletins WHERE series_id = $1 AND status = 'published' ORDER BY number`, [series.id])).rows;
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await t.sql.query(`SELECT last_number FROM bulletin_counters WHERE series_id = $1`, [series.id])).rows).toEqual([{ last_number: 10 }]);
    // One outbox row per publication.
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM notifications WHERE template = 'bulletin_published' AND recipient_ref = ANY($1)`, [ids])).rows[0].n).toBe(10);
    // The number follows the order of the commits: a later publication has a later (or equal) publication time.
    const byNumber = (await t.sql.query(`SELECT published_at FROM bulletins WHERE series_id = $1 ORDER BY number`, [series.id])).rows.map((r) => new Date(r.published_at).getTime());
    expect([...byNumber].sort((a, b) => a - b)).toEqual(byNumber);
  }, 120_000);

  it('the same bulletin published twice at once is numbered once: the other request is refused', async () => {
    const series = await createSeries(t, staff, { code: 'twice', title: '专报', frequency: 'ad_hoc' });
    const id = await approvedBulletin(t, staff, supervisor, { seriesId: series.id, periodFrom: '2026-11-01', periodTo: '2026-11-30' });
    const [a, b] = await Promise.all([publish(id), publish(id)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expectProblem(a.status === 409 ? a : b, 409, 'BULLETIN_NOT_APPROVED');
    expect((await t.sql.query(`SELECT last_number FROM bulletin_counters WHERE series_id = $1`, [series.id])).rows).toEqual([{ last_number: 1 }]);
  });

  it('each series counts on its own, and a new year (Asia/Shanghai) restarts at 第1期', async () => {
    const a = await createSeries(t, staff, { code: 'yuqing', title: '舆情简报', frequency: 'weekly' });
    const b = await createSeries(t, staff, { code: 'monthly', title: '工作月报', frequency: 'monthly' });
    const ready = async (seriesId: string) => approvedBulletin(t, staff, supervisor, { seriesId, periodFrom: '2026-12-01', periodTo: '2026-12-07' });
    const [a1, a2, b1, a3, a4] = [await ready(a.id), await ready(a.id), await ready(b.id), await ready(a.id), await ready(a.id)];

    setNow('2026-12-31T10:00:00+08:00');
    expect((await publish(a1)).body).toMatchObject({ year: 2026, number: 1, issue: '2026年第1期' });
    expect((await publish(b1)).body).toMatchObject({ year: 2026, number: 1 });
    // 23:59 in Shanghai is still 2026 (15:59 UTC).
    setNow('2026-12-31T23:59:00+08:00');
    expect((await publish(a2)).body).toMatchObject({ year: 2026, number: 2, issue: '2026年第2期' });
    // 00:01 on 1 January in Shanghai is 2027, although it is still 31 December in UTC.
    setNow('2027-01-01T00:01:00+08:00');
    const first = await publish(a3);
    expect(first.body).toMatchObject({ year: 2027, number: 1, issue: '2027年第1期' });
    expect((await t.http().get(`/v1/public/bulletins/${a3}`)).body.headline).toBe('舆情简报 2027年第1期');
    expect((await publish(a4)).body).toMatchObject({ year: 2027, number: 2 });
    const counters = (await t.sql.query(`SELECT year, last_number FROM bulletin_counters WHERE series_id = $1 ORDER BY year`, [a.id])).rows;
    expect(counters).toEqual([
      { year: 2026, last_number: 2 },
      { year: 2027, last_number: 2 },
    ]);
  });

  it('the database refuses a number given twice in a series and year (the backstop behind the counter)', async () => {
    // A series and year that has both a 第1期 and a 第2期 (any of those published above).
    const other = (
      await t.sql.query(
        `SELECT b2.id FROM bulletins b2 JOIN bulletins b1 ON b1.series_id = b2.series_id AND b1.year = b2.year AND b1.number = 1
          WHERE b2.number = 2 AND b2.status = 'published' ORDER BY b2.id LIMIT 1`,
      )
    ).rows[0].id;
    await expect(t.sql.query(`UPDATE bulletins SET number = 1 WHERE id = $1`, [other])).rejects.toThrow(/bulletins_series_year_number_key/);
  });
});
