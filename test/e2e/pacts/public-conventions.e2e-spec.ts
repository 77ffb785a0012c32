import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app.js';
import { userWithRole } from '../../support/auth.js';
import { articles, bearer, publishedConvention, publishNewVersion } from '../../support/pacts.js';

describe('Published conventions for the public — GET /v1/public/conventions', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    await publishedConvention(t, staff, { code: 'pact-one', articles: articles(2), effectiveDate: '2025-01-01' });
    await publishNewVersion(t, staff, 'pact-one', { articles: articles(3) });
    await t.http().post('/v1/conventions/pact-one/versions').set(bearer(staff)).send({ articles: [{ number: 1, title: '草稿', body: '尚未公布的草稿内容' }] });
    await t.http().post('/v1/conventions').set(bearer(staff)).send({ code: 'only-draft', titleZh: '草拟中的公约', issuingBody: '协会' });
  });
  afterAll(() => t.close());

  it('anyone reads the version in force with its articles and the versions it superseded; drafts never show', async () => {
    const res = await t.http().get('/v1/public/conventions');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      code: 'pact-one',
      titleZh: '互联网行业自律公约',
      current: { version: 2, textHash: expect.stringMatching(/^[0-9a-f]{64}$/), articles: articles(3) },
      previousVersions: [{ version: 1, effectiveDate: '2025-01-01', supersededAt: expect.any(String) }],
    });
    expect(res.text).not.toContain('尚未公布的草稿内容');
    expect(res.text).not.toContain('only-draft');
  });

  it('is cacheable: a strong ETag that is the SHA-256 of the body, and Cache-Control public, max-age=300', async () => {
    const res = await t.http().get('/v1/public/conventions');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.etag).toBe(`"${createHash('sha256').update(res.text).digest('base64url')}"`);
  });

  it('answers 304 without a body when If-None-Match names the current ETag (also weak or in a list), 200 otherwise', async () => {
    const { etag } = (await t.http().get('/v1/public/conventions')).headers;
    const cached = await t.http().get('/v1/public/conventions').set('if-none-match', etag);
    expect(cached.status).toBe(304);
    expect(cached.text ?? '').toBe('');
    expect(cached.headers.etag).toBe(etag);
    expect((await t.http().get('/v1/public/conventions').set('if-none-match', `"other", W/${etag}`)).status).toBe(304);
    expect((await t.http().get('/v1/public/conventions').set('if-none-match', '"stale"')).status).toBe(200);
  });

  it('a new publication changes the ETag, so a cached copy is refreshed', async () => {
    const before = (await t.http().get('/v1/public/conventions')).headers.etag;
    await t.http().post('/v1/conventions/pact-one/versions/3/publish').set(bearer(staff)).send({});
    const after = await t.http().get('/v1/public/conventions').set('if-none-match', before);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before);
    expect(after.body.items[0].current.version).toBe(3);
  });
});
