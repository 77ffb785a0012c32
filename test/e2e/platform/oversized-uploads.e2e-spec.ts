import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { complaintBody, count, createPartner } from '../../support/factories.js';
import { articles, bearer, PACT_TABLES, publishedConvention, registerMember, rowCounts } from '../../support/pacts.js';

/** Blocks the event loop most of the time, as a machine busy with other work does to the service. */
function busyLoop(): () => void {
  const timer = setInterval(() => {
    const end = Date.now() + 25;
    while (Date.now() < end);
  }, 35);
  return () => clearInterval(timer);
}

/** A multipart upload of `size` bytes sent in small pieces with pauses; resolves with the status line and code. */
function slowUpload(port: number, path: string, token: string, size: number): Promise<string> {
  return new Promise((resolve) => {
    const boundary = 'slow-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (c) => (answer += c.toString('latin1')));
    socket.on('error', () => undefined); // a reset after the answer is the server's right
    socket.on('close', () => resolve(`${answer.split('\r\n')[0].split(' ')[1] ?? 'none'} ${/"code":"(\w+)"/.exec(answer)?.[1] ?? ''}`));
    // No half-close: Node's HTTP server drops a request whose client ends its side before the answer.
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
        `Content-Length: ${head.length + size + tail.length}\r\nConnection: close\r\n\r\n${head}`,
    );
    let sent = 0;
    const tick = setInterval(() => {
      if (socket.destroyed) return clearInterval(tick);
      const n = Math.min(8192, size - sent);
      socket.write(Buffer.alloc(n, 'a'));
      sent += n;
      if (sent >= size) {
        clearInterval(tick);
        socket.write(tail);
      }
    }, 2);
  });
}

describe('Oversized uploads answer 413, never 500, however the bytes arrive', () => {
  let t: TestApp;
  let staff: string;
  let code: string;
  let caseId: string;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ EVIDENCE_MAX_FILE_BYTES: '65536' });
    staff = (await userWithRole(t, 'secretariat')).token;
    code = await publishedConvention(t, staff, { articles: articles(2), effectiveDate: '2025-01-01' });
    const partner = await createPartner(t, await adminToken(t));
    caseId = (await t.http().post('/v1/partner/complaints').set('x-api-key', partner.key).set('idempotency-key', 'big-1').send(complaintBody({ externalId: 'big-1' }))).body.caseId;
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }, 60_000);
  afterAll(() => t.close());

  it('scanned documents above 5 MB, several at once on a busy event loop: each 413 DOCUMENT_TOO_LARGE, nothing written', async () => {
    const members = await Promise.all([1, 2, 3, 4].map(() => registerMember(t, staff)));
    const tooBig = { fileName: 'scan.png', contentType: 'image/png', contentBase64: Buffer.alloc(5 * 1024 * 1024 + 1, 7).toString('base64') };
    const before = await rowCounts(t, PACT_TABLES);
    const stop = busyLoop();
    try {
      const answers = await Promise.all(
        members.map((m) =>
          t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff))
            .send({ memberId: m.id, signatoryName: '王强', signatoryTitle: '董事长', signedAt: '2025-02-01T10:00:00+08:00', document: tooBig }),
        ),
      );
      for (const res of answers) expectProblem(res, 413, 'DOCUMENT_TOO_LARGE');
    } finally {
      stop();
    }
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  }, 60_000);

  it('evidence files over the limit, sent slowly and in parallel: each 413 EVIDENCE_TOO_LARGE, nothing kept', async () => {
    const before = await count(t, 'evidence');
    const stop = busyLoop();
    let answers: string[];
    try {
      answers = await Promise.all(Array.from({ length: 8 }, () => slowUpload(port, `/v1/cases/${caseId}/evidence`, staff, 200_000)));
    } finally {
      stop();
    }
    expect(answers).toEqual(Array(8).fill('413 EVIDENCE_TOO_LARGE'));
    expect(await count(t, 'evidence')).toBe(before);
    // The service still answers normally afterwards.
    const ok = await t.http().post(`/v1/cases/${caseId}/evidence`).set(bearer(staff)).attach('files', Buffer.from('聊天记录'), 'a.txt');
    expect(ok.status).toBe(201);
  }, 60_000);
});
