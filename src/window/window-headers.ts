/**
 * The page's Content-Security-Policy: everything from the service itself. The altcha widget needs `worker-src blob:`
 * (its default bundle starts its proof-of-work workers from blob: URLs) and nothing more: PBKDF2 runs in SubtleCrypto,
 * so no 'wasm-unsafe-eval' (only its Argon2id and scrypt workers use WebAssembly), and its `altcha/external` bundle
 * with `altcha.css` injects no inline style. `data:`/`blob:` images for previews of chosen evidence files.
 */
export function pageCsp(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** The small page a browser shows in place of a window whose site key is not usable (no script, no style). */
export const UNAVAILABLE_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>投诉窗口不可用 · Complaint window unavailable</title>
</head>
<body>
<main>
<h1>此投诉窗口不可用</h1>
<p>该网站的投诉窗口已停用或地址有误。您仍可通过协会网站提交投诉。</p>
<h1 lang="en">This complaint window is not available</h1>
<p lang="en">The complaint window of this site has been withdrawn or its address is wrong. You can still file a complaint on the association's own site.</p>
<p><a href="/complain">协会投诉页面 · The association's complaint form</a></p>
</main>
</body>
</html>
`;
