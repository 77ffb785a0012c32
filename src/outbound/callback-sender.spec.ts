import { jest } from '@jest/globals';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { AppConfig } from '../platform/config/config.js';
import { CallbackRefused, CallbackSender, publicOnlyLookup, type CallbackSigning } from './callback-sender.js';

/** A secret as partners are given it now: `whsec_` + standard base64 of 32 bytes. */
const standardSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const signing = (secret = standardSecret(), legacySignature = false): CallbackSigning => ({ id: 'a6f0c3de-0d6c-4c43-9d3e-1f6f0c9e4b21', secret, legacySignature });
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** The headers as a receiver's framework hands them over. */
const headersOf = (req: IncomingMessage) => req.headers as Record<string, string>;

const senderWith = (allowPrivateNetworks: boolean, timeoutMs = 2_000) =>
  new CallbackSender({ callbacks: { allowPrivateNetworks, timeoutMs, retryDelaySeconds: 1 } } as AppConfig);

describe('CallbackSender', () => {
  let server: Server;
  let port: number;
  const received: { req: IncomingMessage; body: string }[] = [];
  let answer: (res: import('node:http').ServerResponse) => void = (res) => res.writeHead(204).end();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ req, body });
        answer(res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    received.length = 0;
    answer = (res) => res.writeHead(204).end();
  });

  it('refuses a name whose addresses are loopback or private at connection time', async () => {
    const err = await new Promise<unknown>((resolve) => publicOnlyLookup('localhost', { all: true }, (e) => resolve(e)));
    expect(err).toBeInstanceOf(CallbackRefused);
  });

  it('does not connect when the name resolves inside at connection time, though it passed the check before (DNS rebinding)', async () => {
    const sender = senderWith(false);
    // The check saw a public address; by the time of the connection the name points at a loopback address.
    jest.spyOn(sender, 'assertAllowed').mockResolvedValue(undefined);
    await expect(sender.send(`http://localhost:${port}/cb`, signing(), '{"a":1}', 1_700_000_000)).rejects.toBeInstanceOf(CallbackRefused);
    expect(received).toHaveLength(0);
  });

  it('refuses loopback and private targets before sending, by address or by name', async () => {
    const sender = senderWith(false);
    for (const url of [`http://127.0.0.1:${port}/cb`, `http://localhost:${port}/cb`, 'http://10.1.2.3/cb', 'http://[::1]/cb', 'ftp://example.com/x']) {
      await expect(sender.send(url, signing(), '{}', 1_700_000_000)).rejects.toBeInstanceOf(CallbackRefused);
    }
    expect(received).toHaveLength(0);
  });

  it('posts a body that the Standard Webhooks library verifies with the secret as the partner was given it', async () => {
    const s = signing();
    const at = nowSeconds();
    await senderWith(true).send(`http://127.0.0.1:${port}/cb`, s, '{"event":"x","标题":"回调"}', at);
    expect(received).toHaveLength(1);
    const { req, body } = received[0];
    expect(req.method).toBe('POST');
    expect(body).toBe('{"event":"x","标题":"回调"}');
    expect(req.headers).toMatchObject({ 'webhook-id': s.id, 'webhook-timestamp': String(at), 'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/) });
    expect(new Webhook(s.secret).verify(body, headersOf(req))).toEqual({ event: 'x', 标题: '回调' });
    expect(req.headers['x-signature']).toBeUndefined();
  });

  it('a tampered body, another secret or a changed webhook-id fails verification', async () => {
    const s = signing();
    await senderWith(true).send(`http://127.0.0.1:${port}/cb`, s, '{"state":"resolved"}', nowSeconds());
    const { req, body } = received[0];
    expect(() => new Webhook(s.secret).verify(body.replace('resolved', 'closed'), headersOf(req))).toThrow(WebhookVerificationError);
    expect(() => new Webhook(standardSecret()).verify(body, headersOf(req))).toThrow(WebhookVerificationError);
    expect(() => new Webhook(s.secret).verify(body, { ...headersOf(req), 'webhook-id': 'another' })).toThrow(WebhookVerificationError);
  });

  it('a callback signed more than 5 minutes before or after the receiver\'s time fails verification', async () => {
    const s = signing();
    for (const at of [nowSeconds() - 301, nowSeconds() + 301]) {
      await senderWith(true).send(`http://127.0.0.1:${port}/cb`, s, '{}', at);
    }
    const [old, future] = received;
    expect(() => new Webhook(s.secret).verify(old.body, headersOf(old.req))).toThrow('Message timestamp too old');
    expect(() => new Webhook(s.secret).verify(future.body, headersOf(future.req))).toThrow('Message timestamp too new');
  });

  it('adds the legacy X-Signature, computed as before Standard Webhooks, only when asked to', async () => {
    const legacySecret = `whsec_${randomBytes(32).toString('base64url')}`;
    const at = nowSeconds();
    await senderWith(true).send(`http://127.0.0.1:${port}/cb`, signing(legacySecret, true), '{"event":"x"}', at);
    const { req, body } = received[0];
    expect(req.headers['x-signature']).toBe(`t=${at},v1=${createHmac('sha256', legacySecret).update(`${at}.${body}`).digest('hex')}`);
    expect(req.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('signs the standard header of a secret issued before Standard Webhooks (base64url) with the key bytes it encodes', async () => {
    const key = randomBytes(32);
    // Pick a key whose base64url form has "-" or "_", which a standard base64 decoder refuses or misreads.
    while (!/[-_]/.test(key.toString('base64url'))) randomBytes(32).copy(key);
    const legacySecret = `whsec_${key.toString('base64url')}`;
    await senderWith(true).send(`http://127.0.0.1:${port}/cb`, signing(legacySecret, true), '{"event":"x"}', nowSeconds());
    const { req, body } = received[0];
    // What docs/partners.md tells such a partner: convert base64url to standard base64, keep the prefix.
    const converted = `whsec_${Buffer.from(legacySecret.slice('whsec_'.length), 'base64url').toString('base64')}`;
    expect(new Webhook(converted).verify(body, headersOf(req))).toEqual({ event: 'x' });
    expect(() => new Webhook(legacySecret).verify(body, headersOf(req))).toThrow();
  });

  it('does not follow a redirect: a 3xx is a failed delivery', async () => {
    answer = (res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    await expect(senderWith(true).send(`http://127.0.0.1:${port}/cb`, signing(), '{}', 1)).rejects.toThrow('callback answered 302');
    expect(received).toHaveLength(1);
  });

  it('gives up after the timeout when the receiver never answers', async () => {
    answer = () => undefined;
    await expect(senderWith(true, 200).send(`http://127.0.0.1:${port}/cb`, signing(), '{}', 1)).rejects.toThrow();
  });
});
