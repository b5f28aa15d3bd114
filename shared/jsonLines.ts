// A stream carries text, not messages: the RPC layer gathers what a busy stream pushes during one
// I/O turn into one piece (shared/rpc.ts). A stream of JSON messages therefore writes one per line
// (JSON.stringify never emits a raw newline) and reads them back through a line buffer.

export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** Feed it the stream's pieces; it calls `onMessage` once per complete line that is JSON. */
export function jsonLineReader(onMessage: (value: unknown) => void): (piece: string) => void {
  let rest = '';
  return (piece) => {
    rest += piece;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue; // not ours to guess at: a malformed line is skipped, the next one still counts
      }
      onMessage(value);
    }
  };
}
