import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** An asset's name as Vite writes it (`index-BxT3k9aQ.js`): one flat folder, no path, no leading dot. */
export const ASSET_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Text types a build may precompress (`x.js.br`, `x.js.gz` next to `x.js`). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

export const contentTypeOf = (file: string): string => TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/** A file ready to send: its bytes, length, and the encoding of the variant chosen. */
export interface OpenedFile {
  stream: ReadStream;
  size: number;
  /** `br` or `gzip` when a precompressed sibling was chosen. */
  encoding: 'br' | 'gzip' | null;
  /** Whether the file has variants by encoding (the response then varies on Accept-Encoding). */
  compressible: boolean;
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/** The encodings the client accepts (q=0 excluded), from Accept-Encoding. */
function accepted(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

/**
 * Opens `file` (a path already confined to a build folder), preferring a precompressed `.br` or `.gz` sibling the
 * client accepts; null when the file is missing or not a regular file.
 */
export async function openBuiltFile(file: string, acceptEncoding: string | undefined): Promise<OpenedFile | null> {
  const size = await sizeOf(file);
  if (size === null) return null;
  const compressible = COMPRESSIBLE.has(path.extname(file).toLowerCase());
  if (compressible) {
    const ok = accepted(acceptEncoding);
    for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
      if (!ok.has(encoding)) continue;
      const compressed = await sizeOf(file + suffix);
      if (compressed !== null) return { stream: createReadStream(file + suffix), size: compressed, encoding, compressible };
    }
  }
  return { stream: createReadStream(file), size, encoding: null, compressible };
}
