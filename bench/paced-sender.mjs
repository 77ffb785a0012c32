// Open-loop load generator for bench/intake.mjs, in a process of its own: it only sends requests at a fixed rate and
// times them, so the timing is not disturbed by the benchmark process's other work (its pools, samplers, and the
// garbage collection of everything earlier runs recorded: pauses of 100-250 ms were seen there).
//
//   node bench/paced-sender.mjs <job.json> <result.json>
//
// job.json: { url, headers, rate, rampS, seconds, connections, requests: [{ body, headers }] } (bodies as strings,
// one per request, in sending order). result.json: counts, latencies of the counted 2xx, when each was sent, the
// longest event-loop delays of this process.
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const [jobFile, resultFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile, 'utf8'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
const url = new URL(job.url);
const sent = [];
const failures = [];
let ok = 0;
let non2xx = 0;
let errors = 0;
let inFlight = 0;
let maxInFlight = 0;
const loop = monitorEventLoopDelay({ resolution: 10 });
const lags = [];

const send = (request, counted, start) =>
  new Promise((resolve) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const body = Buffer.from(request.body);
    const t0 = performance.now();
    const req = httpRequest(
      {
        agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
        headers: { ...job.headers, ...request.headers, 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          inFlight--;
          if (counted) {
            if (res.statusCode >= 200 && res.statusCode < 300) {
              ok++;
              sent.push([(t0 - start) / 1000, performance.now() - t0]);
            } else {
              non2xx++;
              if (failures.length < 5) failures.push(`${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`);
            }
          }
          resolve();
        });
      },
    );
    req.on('error', (e) => {
      inFlight--;
      if (counted) errors++;
      if (failures.length < 5) failures.push(e.message);
      resolve();
    });
    req.end(body);
  });

const interval = 1000 / job.rate;
const start = performance.now();
loop.enable();
const lagTimer = setInterval(() => {
  lags.push([(performance.now() - start) / 1000, loop.max / 1e6]);
  loop.reset();
}, 250);
const pending = [];
for (const [i, request] of job.requests.entries()) {
  const due = start + i * interval;
  const wait = due - performance.now();
  if (wait > 1) await sleep(wait);
  pending.push(send(request, i >= job.rampS * job.rate, start));
}
await Promise.all(pending);
clearInterval(lagTimer);
loop.disable();
agent.destroy();
writeFileSync(resultFile, JSON.stringify({ ok, non2xx, errors, failures, maxInFlight, sent, lags }));
