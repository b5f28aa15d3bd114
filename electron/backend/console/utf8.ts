// Bytes from a pty channel → text for the terminal, never splitting a multi-byte UTF-8
// character across two chunks (Tabby's UTF8Splitter habit; here the platform's streaming
// TextDecoder keeps the incomplete tail of one chunk and completes it with the next).
// Bytes that are not UTF-8 at all (a guest printing Latin-1) become U+FFFD, as in a terminal.
/* eslint-disable no-control-regex -- terminal output is made of control characters */

export class Utf8Decoder {
  private dec = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  /** Decode one chunk; an incomplete character at its end waits for the next chunk. */
  write(chunk: Uint8Array): string {
    return this.dec.decode(chunk, { stream: true });
  }

  /** The stream ended: whatever is left (an incomplete character becomes U+FFFD). */
  end(): string {
    const rest = this.dec.decode();
    this.dec = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
    return rest;
  }
}

/** Terminal queries whose answers would reach the guest as typed input if a replayed copy were answered again. */
const QUERY_RE = /\x1b\[[0-9;?>]*[nc]/g;

/** Output replayed to a late-joining window: without device queries (ESC[6n, ESC[c…). */
export function stripTerminalQueries(text: string): string {
  return text.replace(QUERY_RE, '');
}

/** Plain text of terminal output, for error messages: escape sequences and CRs removed. */
export function plainText(text: string): string {
  return text
    .replace(/\x1b\[[0-9;?>=]*[ -/]*[@-~]/g, '')
    .replace(/\x1b[\]P^_][\s\S]*?(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b[@-Z\\-_]/g, '')
    .replace(/\r/g, '');
}
