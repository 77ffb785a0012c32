import { domainToASCII } from 'node:url';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * A website domain as stored and matched: lower case, internationalised names in punycode
 * (`url.domainToASCII`), no scheme, port, path or trailing dot. Accepts a bare host or a URL
 * (`https://Shop.例子.中国/path` → `shop.xn--fsqu00a.xn--fiqs8s`). Null when it is not a domain
 * (IP addresses, single labels, invalid characters).
 */
export function normalizeDomain(input: string): string | null {
  let s = input.trim();
  if (s.length === 0 || s.length > 2048) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `http://${s}`;
  let host: string;
  try {
    const url = new URL(s);
    if (url.username || url.password) return null;
    host = url.hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '');
  if (host.startsWith('[') || IPV4.test(host)) return null;
  const ascii = domainToASCII(host).toLowerCase();
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  if (/^\d+$/.test(labels[labels.length - 1])) return null;
  return ascii;
}

/**
 * The domains a host can belong to, most specific first: `a.shop.example.cn` → itself, `shop.example.cn`,
 * `example.cn` (never a bare top-level label). Intake matches a complaint URL against these.
 */
export function domainCandidates(host: string): string[] {
  const labels = host.split('.');
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}
