import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

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

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` */
export function signCallback(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
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
    for (const a of addresses) {
      if (PRIVATE.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4')) throw new CallbackRefused('private, loopback or link-local address');
    }
  }

  async send(url: string, secret: string, body: string, nowSeconds: number): Promise<void> {
    await this.assertAllowed(url);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signCallback(secret, body, nowSeconds), 'user-agent': 'selfreg-callbacks/1' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.config.callbacks.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) throw new Error(`callback answered ${res.status}`);
  }
}
