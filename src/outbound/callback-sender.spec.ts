import { jest } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../platform/config/config.js';
import { CallbackRefused, CallbackSender, publicOnlyLookup } from './callback-sender.js';

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
    await expect(sender.send(`http://localhost:${port}/cb`, 'secret', '{"a":1}', 1_700_000_000)).rejects.toBeInstanceOf(CallbackRefused);
    expect(received).toHaveLength(0);
  });

  it('refuses loopback and private targets before sending, by address or by name', async () => {
    const sender = senderWith(false);
    for (const url of [`http://127.0.0.1:${port}/cb`, `http://localhost:${port}/cb`, 'http://10.1.2.3/cb', 'http://[::1]/cb', 'ftp://example.com/x']) {
      await expect(sender.send(url, 'secret', '{}', 1_700_000_000)).rejects.toBeInstanceOf(CallbackRefused);
    }
    expect(received).toHaveLength(0);
  });

  it('posts the signed body where private networks are allowed', async () => {
    await senderWith(true).send(`http://127.0.0.1:${port}/cb`, 'secret', '{"event":"x"}', 1_700_000_000);
    expect(received).toHaveLength(1);
    expect(received[0].req.method).toBe('POST');
    expect(received[0].body).toBe('{"event":"x"}');
    expect(received[0].req.headers['x-signature']).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });

  it('does not follow a redirect: a 3xx is a failed delivery', async () => {
    answer = (res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    await expect(senderWith(true).send(`http://127.0.0.1:${port}/cb`, 's', '{}', 1)).rejects.toThrow('callback answered 302');
    expect(received).toHaveLength(1);
  });

  it('gives up after the timeout when the receiver never answers', async () => {
    answer = () => undefined;
    await expect(senderWith(true, 200).send(`http://127.0.0.1:${port}/cb`, 's', '{}', 1)).rejects.toThrow();
  });
});
