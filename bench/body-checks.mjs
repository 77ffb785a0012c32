// Benchmark (not a test): run with `npm run bench:body-checks` (builds dist/ if stale). Single process, no server.
// Cost of the JSON body checks added in #12 (depth scan before parsing, NUL/surrogate walk after) next to JSON.parse alone.
import { jsonNestsDeeperThan } from '../dist/src/platform/http/json-body.js';
import { unstorableTextFields } from '../dist/src/platform/http/text-rules.js';
const body = JSON.stringify({
  respondent: { name: '某市优选电子商务有限公司', url: 'https://youxuan-mall.cn/item/1114' }, category: 'fraud',
  title: '付款后一直不发货，客服不回复', description: '我于本月初在该网站购买了一部手机，付款后一直显示待发货。'.repeat(12),
  occurredAt: '2026-12-01T10:00:00+08:00', urls: ['https://youxuan-mall.cn/item/1114', 'https://youxuan-mall.cn/order/88'],
  complainant: { anonymous: false, name: '张三', phone: '13800138000', email: 'zhang.san@example.cn' }, consent: true,
});
const N = 200_000;
function run(label, fn) { for (let i = 0; i < 20_000; i++) fn(); const t = process.hrtime.bigint(); for (let i = 0; i < N; i++) fn(); const ns = Number(process.hrtime.bigint() - t) / N; console.log(`${label}: ${(ns / 1000).toFixed(2)} µs per body`); return ns; }
console.log(`body: ${Buffer.byteLength(body)} bytes`);
const base = run('JSON.parse alone', () => JSON.parse(body));
const full = run('depth scan + JSON.parse + NUL/surrogate walk', () => { if (jsonNestsDeeperThan(body, 32)) throw new Error(); const v = JSON.parse(body); if (unstorableTextFields(v).length) throw new Error(); });
console.log(`ratio: ${(full / base).toFixed(2)}x`);
