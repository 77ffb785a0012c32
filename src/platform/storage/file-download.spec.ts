import { contentDisposition } from './file-download.js';

describe('Download file names (RFC 6266, RFC 8187 UTF-8)', () => {
  it('keeps a plain name readable and percent-encodes UTF-8 and the characters RFC 8187 does not allow bare', () => {
    expect(contentDisposition('signing.pdf')).toBe("attachment; filename*=UTF-8''signing.pdf");
    expect(contentDisposition('截图 1.png')).toBe("attachment; filename*=UTF-8''%E6%88%AA%E5%9B%BE%201.png");
    expect(contentDisposition(`it's (final)*.pdf`)).toBe("attachment; filename*=UTF-8''it%27s%20%28final%29%2A.pdf");
  });

  it('cannot be used to inject another parameter or header', () => {
    expect(contentDisposition('a.pdf"; filename="evil.exe\r\nx: y')).toMatch(/^attachment; filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+$/);
  });
});
