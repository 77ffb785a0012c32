import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem } from '../../support/auth.js';
import { insertMember } from '../../support/factories.js';

describe('Live respondent match — GET /v1/public/respondents/match?url=', () => {
  let t: TestApp;
  const match = (url?: string) => t.http().get('/v1/public/respondents/match').query(url === undefined ? {} : { url });

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_LOOKUPS_PER_IP_PER_MINUTE: '12' });
    await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    await insertMember(t, { name: '已停权的公司', status: 'suspended', domains: ['gone.example.cn'] });
  });
  afterAll(() => t.close());

  it('names the active member holding the domain or a parent domain, by its public name only, cacheable a minute', async () => {
    const res = await match('https://M.Shop.Example.cn/item/42?x=1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ domain: 'm.shop.example.cn', member: { name: '某某网络科技有限公司' } });
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect((await match('shop.example.cn')).body).toEqual({ domain: 'shop.example.cn', member: { name: '某某网络科技有限公司' } });
  });

  it('answers "not a member" for unknown and inactive members\' domains', async () => {
    expect((await match('https://other.example.cn/')).body).toEqual({ domain: 'other.example.cn', member: null });
    expect((await match('https://gone.example.cn/')).body).toEqual({ domain: 'gone.example.cn', member: null });
  });

  it('answers both null for what is not a domain, and 400 for a missing or oversized url', async () => {
    for (const url of ['not a url', 'http://192.168.1.1/', 'localhost', 'javascript:alert(1)']) {
      expect((await match(url)).body).toEqual({ domain: null, member: null });
    }
    expectProblem(await match(), 400, 'VALIDATION_FAILED');
    expectProblem(await match(''), 400, 'VALIDATION_FAILED');
    expectProblem(await match(`https://a.example.cn/${'x'.repeat(2100)}`), 400, 'VALIDATION_FAILED');
  });

  it('is limited per address (public-lookup)', async () => {
    let last;
    for (let i = 0; i < 13; i++) last = await match('shop.example.cn');
    expectProblem(last!, 429, 'RATE_LIMITED');
  });
});
