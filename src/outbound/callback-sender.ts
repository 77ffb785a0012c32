import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';

/** Addresses a callback may never reach unless configuration allows private networks (SSRF guard). */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['::ffff:0:0', 96]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

export class CallbackRefused extends Error {}

const isPrivate = (a: { address: string; family: number }) => PRIVATE.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4');

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The name resolution the callback's connection itself uses (node:net calls it when it connects): it refuses private,
 * loopback and link-local answers there, so a name that resolved to a public address for `assertAllowed()` and to an
 * internal one a moment later (DNS rebinding) still cannot reach inside.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    if (list.length === 0 || list.some(isPrivate)) {
      return callback(Object.assign(new CallbackRefused('private, loopback or link-local address'), { code: 'ECALLBACKREFUSED' }), []);
    }
    if (options.all) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  });
}

/**
 * The legacy signature (before issue #15), for partners in transition: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 * t + "." + body)>`, keyed with the secret string itself.
 */
export function signCallback(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

/** `whsec_` + standard, padded base64: the Standard Webhooks form, which every library decodes as given. */
const STANDARD_SECRET = /^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The Standard Webhooks signer for a partner's secret. A standard secret goes to the library as given, as the partner's
 * verifier takes it. A secret issued before issue #15 is `whsec_` + base64url, which the libraries' base64 decoders
 * refuse or misread, so the key bytes it encodes are handed over raw (docs/partners.md tells such partners to convert).
 */
export function webhookSigner(secret: string): Webhook {
  if (STANDARD_SECRET.test(secret)) return new Webhook(secret);
  return new Webhook(Buffer.from(secret.replace(/^whsec_/, ''), 'base64url'), { format: 'raw' });
}

/** What signs one callback. */
export interface CallbackSigning {
  /** `webhook-id`: the callback's id, the same on every attempt, so the partner can de-duplicate. */
  id: string;
  /** The partner's callback secret (`whsec_…`). */
  secret: string;
  /** Also send the legacy `X-Signature` header (a partner still in the transition). */
  legacySignature: boolean;
}

/** The signature headers of one attempt: the three Standard Webhooks headers, and `x-signature` when asked for. */
export function signatureHeaders(signing: CallbackSigning, body: string, unixSeconds: number): Record<string, string> {
  const headers: Record<string, string> = {
    'webhook-id': signing.id,
    'webhook-timestamp': String(unixSeconds),
    'webhook-signature': webhookSigner(signing.secret).sign(signing.id, new Date(unixSeconds * 1000), body),
  };
  if (signing.legacySignature) headers['x-signature'] = signCallback(signing.secret, body, unixSeconds);
  return headers;
}

/** POSTs signed callbacks: http(s) only, no private/loopback/link-local targets (unless allowed), no redirects, a timeout. */
@Injectable()
export class CallbackSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async assertAllowed(url: string): Promise<void> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new CallbackRefused('not a URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CallbackRefused('only http and https callbacks');
    if (this.config.callbacks.allowPrivateNetworks) return;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true }).catch(() => []);
    if (addresses.length === 0) throw new CallbackRefused('host does not resolve');
    if (addresses.some(isPrivate)) throw new CallbackRefused('private, loopback or link-local address');
  }

  /** One attempt, signed as of `nowSeconds` (the attempt's time: `webhook-timestamp`). */
  async send(url: string, signing: CallbackSigning, body: string, nowSeconds: number): Promise<void> {
    await this.assertAllowed(url);
    const status = await this.post(new URL(url), body, {
      'content-type': 'application/json',
      ...signatureHeaders(signing, body, nowSeconds),
      'user-agent': 'selfreg-callbacks/1',
    });
    if (status < 200 || status >= 300) throw new Error(`callback answered ${status}`);
  }

  /**
   * One POST over node:http(s): no redirects followed (a 3xx is an answer, and not a 2xx), the whole exchange bounded
   * by the timeout, and, unless private networks are allowed, the connection made only to an address
   * `publicOnlyLookup` accepted.
   */
  private post(url: URL, body: string, headers: Record<string, string>): Promise<number> {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          agent: false,
          signal: AbortSignal.timeout(this.config.callbacks.timeoutMs),
          ...(this.config.callbacks.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup }),
        },
        (res) => {
          res.on('error', reject);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.resume();
        },
      );
      // A refusal by publicOnlyLookup arrives here as it was thrown (node:net emits the lookup's error).
      req.on('error', reject);
      req.end(body);
    });
  }
}
