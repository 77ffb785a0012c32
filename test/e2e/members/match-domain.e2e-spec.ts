import { MembersService } from '../../../src/register/members.service.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { userWithRole } from '../../support/auth.js';
import { bearer, registerMember } from '../../support/pacts.js';

describe('Match a complaint URL to a member — MembersService.matchDomain (used by intake)', () => {
  let t: TestApp;
  let svc: MembersService;
  let parent: string;
  let shop: string;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    parent = (await registerMember(t, staff, { domains: ['example-group.cn'] })).id;
    shop = (await registerMember(t, staff, { domains: ['shop.example-group.cn', '商城.例子.中国'] })).id;
    svc = t.app.get(MembersService);
  });
  afterAll(() => t.close());

  it('matches the most specific registered domain of the URL host', async () => {
    expect(await svc.matchDomain('https://m.shop.example-group.cn/item?id=1')).toMatchObject({ memberId: shop, domain: 'shop.example-group.cn', memberStatus: 'active' });
    expect(await svc.matchDomain('http://news.example-group.cn/')).toMatchObject({ memberId: parent, domain: 'example-group.cn' });
    expect(await svc.matchDomain('EXAMPLE-GROUP.CN')).toMatchObject({ memberId: parent });
  });

  it('matches internationalised hosts through punycode', async () => {
    expect(await svc.matchDomain('https://商城.例子.中国/活动')).toMatchObject({ memberId: shop });
  });

  it('answers null for an unknown host, an IP address or garbage', async () => {
    expect(await svc.matchDomain('https://elsewhere.cn/')).toBeNull();
    expect(await svc.matchDomain('http://192.168.1.1/')).toBeNull();
    expect(await svc.matchDomain('not a url')).toBeNull();
  });

  it('a member that is no longer active is not matched', async () => {
    const gone = (await registerMember(t, staff, { domains: ['gone-member.cn'] })).id;
    await t.http().post(`/v1/members/${gone}/status`).set(bearer(staff)).send({ status: 'lapsed', reason: '退会' });
    expect(await svc.matchDomain('https://gone-member.cn/')).toBeNull();
  });
});
