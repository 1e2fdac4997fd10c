/**
 * Fetches a pasted file (Slack snippet, Discord message.txt) as text: bounded in size and time,
 * binary refused. Platform-neutral: adapters pass the URL and any auth header.
 */

export type AttachmentResult =
  | { readonly ok: true; readonly text: string; readonly truncated: boolean }
  | { readonly ok: false; readonly reason: 'too-large' | 'binary' | 'timeout' | 'http-error' | 'network' };

/** Content types read as text; anything else is skipped without downloading. */
export function isTextContentType(contentType: string | undefined | null, fileName = ''): boolean {
  const type = (contentType ?? '').toLowerCase();
  if (/^text\//.test(type) || /json|xml|yaml|javascript|x-sh|x-log/.test(type)) return true;
  if (type === '' || type === 'application/octet-stream')
    return /\.(txt|log|json|ya?ml|xml|csv|md|ts|js|java|kt|py|go|sh|ini|conf)$/i.test(fileName);
  return false;
}

/** NUL bytes or many bytes that do not decode: not text, whatever the name says. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) return true;
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(sample);
  const replacement = decoded.split('\uFFFD').length - 1;
  return replacement > Math.max(8, decoded.length * 0.02);
}

export async function fetchTextAttachment(
  url: string,
  options: { maxBytes: number; timeoutMs: number; headers?: Record<string, string> },
): Promise<AttachmentResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await fetch(url, { headers: options.headers ?? {}, signal: controller.signal, redirect: 'follow' });
    if (!response.ok || !response.body) return { ok: false, reason: 'http-error' };
    const declared = Number(response.headers.get('content-length') ?? '0');
    // A declared size far beyond the cap is not worth reading even in part.
    if (declared > options.maxBytes * 16) {
      await response.body.cancel();
      return { ok: false, reason: 'too-large' };
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let truncated = false;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = options.maxBytes - size;
      if (value.byteLength >= room) {
        chunks.push(value.subarray(0, room));
        size += room;
        truncated = true;
        await reader.cancel();
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    if (looksBinary(bytes)) return { ok: false, reason: 'binary' };
    return { ok: true, text: new TextDecoder('utf-8', { fatal: false }).decode(bytes), truncated };
  } catch (error) {
    return { ok: false, reason: (error as Error).name === 'AbortError' ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
  }
}
