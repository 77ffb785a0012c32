import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

export interface ArticleText {
  number: number;
  title: string;
  body: string;
}

/**
 * The canonical text of a convention version: RFC 8785 (JSON Canonicalization Scheme) of
 * `{"articles":[{"body","number","title"}…],"code","version"}`, articles in ascending number, encoded
 * as UTF-8. Its SHA-256 (lower-case hex) is the version's text hash; docs/pacts.md shows how to
 * recompute it with any RFC 8785 implementation.
 */
export function canonicalText(code: string, version: number, articles: ArticleText[]): string {
  const sorted = [...articles].sort((a, b) => a.number - b.number).map((a) => ({ number: a.number, title: a.title, body: a.body }));
  return canonicalize({ code, version, articles: sorted })!;
}

export function textHash(code: string, version: number, articles: ArticleText[]): string {
  return createHash('sha256').update(canonicalText(code, version, articles), 'utf8').digest('hex');
}

/** How article text is stored: Unicode NFC, line breaks as LF, no surrounding white space. */
export function normalizeText(s: string): string {
  return s.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}
