// Test-only: just enough of a browser for noVNC 1.7's RFB class to run in Node against the simulated
// server — fake DOM elements, a 2D canvas that keeps real pixels (so the test can compare what noVNC
// drew with the server's framebuffer), and a WebSocket-like channel over a Duplex.

import type { Duplex } from 'node:stream';

type Listener = (e: unknown) => void;

export class FakeElement {
  style: Record<string, string> = {};
  children: FakeElement[] = [];
  parentNode: FakeElement | null = null;
  tabIndex = 0;
  /** layout size reported to noVNC (getBoundingClientRect / clientWidth) */
  clientWidth = 0;
  clientHeight = 0;
  classList = { add() {}, remove() {}, toggle() {}, contains: () => false };
  private listeners = new Map<string, Set<Listener>>();

  constructor(readonly tagName = 'DIV') {}

  appendChild<T extends FakeElement>(c: T): T {
    c.parentNode = this;
    this.children.push(c);
    return c;
  }
  removeChild<T extends FakeElement>(c: T): T {
    this.children = this.children.filter((x) => x !== c);
    c.parentNode = null;
    return c;
  }
  contains(c: FakeElement | null): boolean {
    return c === this || this.children.some((x) => x.contains(c));
  }
  addEventListener(t: string, l: Listener): void {
    if (!this.listeners.has(t)) this.listeners.set(t, new Set());
    this.listeners.get(t)?.add(l);
  }
  removeEventListener(t: string, l: Listener): void {
    this.listeners.get(t)?.delete(l);
  }
  dispatchEvent(e: { type: string }): boolean {
    for (const l of this.listeners.get(e.type) ?? []) l(e);
    return true;
  }
  focus(): void {}
  blur(): void {}
  setAttribute(): void {}
  getAttribute(): null {
    return null;
  }
  setPointerCapture(): void {}
  releasePointerCapture(): void {}
  getBoundingClientRect(): {
    left: number;
    top: number;
    right: number;
    bottom: number;
    width: number;
    height: number;
    x: number;
    y: number;
  } {
    return {
      left: 0,
      top: 0,
      x: 0,
      y: 0,
      right: this.clientWidth,
      bottom: this.clientHeight,
      width: this.clientWidth,
      height: this.clientHeight,
    };
  }
}

export class FakeImageData {
  readonly data: Uint8ClampedArray;
  constructor(
    dataOrWidth: Uint8ClampedArray | Uint8Array | number,
    readonly width: number,
    readonly height: number = 0,
  ) {
    if (typeof dataOrWidth === 'number') {
      this.height = width;
      this.width = dataOrWidth;
      this.data = new Uint8ClampedArray(this.width * this.height * 4);
    } else {
      this.data = new Uint8ClampedArray(dataOrWidth.buffer, dataOrWidth.byteOffset, dataOrWidth.byteLength);
      if (!height) this.height = this.data.length / 4 / width;
    }
  }
}

export class FakeCanvas extends FakeElement {
  private w = 300;
  private h = 150;
  pixels = new Uint8ClampedArray(300 * 150 * 4);
  private ctx: FakeContext | null = null;

  constructor() {
    super('CANVAS');
  }
  get width(): number {
    return this.w;
  }
  set width(v: number) {
    this.w = v;
    this.pixels = new Uint8ClampedArray(this.w * this.h * 4);
  }
  get height(): number {
    return this.h;
  }
  set height(v: number) {
    this.h = v;
    this.pixels = new Uint8ClampedArray(this.w * this.h * 4);
  }
  getContext(): FakeContext {
    this.ctx ??= new FakeContext(this);
    return this.ctx;
  }
}

export class FakeContext {
  fillStyle = '#000000';
  imageSmoothingEnabled = true;
  constructor(readonly canvas: FakeCanvas) {}

  putImageData(img: FakeImageData, x: number, y: number): void {
    const c = this.canvas;
    for (let row = 0; row < img.height; row++) {
      const ty = y + row;
      if (ty < 0 || ty >= c.height) continue;
      const w = Math.min(img.width, c.width - x);
      if (w <= 0) continue;
      c.pixels.set(img.data.subarray(row * img.width * 4, (row * img.width + w) * 4), (ty * c.width + x) * 4);
    }
  }
  getImageData(x: number, y: number, w: number, h: number): FakeImageData {
    const out = new FakeImageData(w, h);
    const c = this.canvas;
    for (let row = 0; row < h; row++) {
      out.data.set(
        c.pixels.subarray(((y + row) * c.width + x) * 4, ((y + row) * c.width + x + w) * 4),
        row * w * 4,
      );
    }
    return out;
  }
  drawImage(src: unknown, ...a: number[]): void {
    if (!(src instanceof FakeCanvas)) return;
    // drawImage(src, sx, sy, sw, sh, dx, dy, dw, dh) without scaling; or (src, dx, dy)
    const [sx, sy, sw, sh, dx, dy] = a.length >= 8 ? a : [0, 0, src.width, src.height, a[0] ?? 0, a[1] ?? 0];
    if (sx === undefined || sy === undefined || sw === undefined || sh === undefined) return;
    const img = new FakeContext(src).getImageData(sx, sy, sw, sh);
    this.putImageData(img, dx ?? 0, dy ?? 0);
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(this.fillStyle);
    const rgb = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
    const c = this.canvas;
    for (let row = y; row < y + h && row < c.height; row++) {
      for (let col = x; col < x + w && col < c.width; col++)
        c.pixels.set([rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0, 255], (row * c.width + col) * 4);
    }
  }
  clearRect(): void {}
  save(): void {}
  restore(): void {}
  scale(): void {}
  translate(): void {}
  setTransform(): void {}
}

/** Install the browser globals noVNC touches at import and at run time. */
export function installBrowserShim(): void {
  const g = globalThis as Record<string, unknown>;
  const body = new FakeElement('BODY');
  const documentElement = new FakeElement('HTML');
  g.window = globalThis;
  g.isSecureContext = true;
  g.devicePixelRatio = 1;
  g.addEventListener ??= () => {};
  g.removeEventListener ??= () => {};
  g.requestAnimationFrame = (cb: (t: number) => void) => setTimeout(() => cb(Date.now()), 0);
  g.getComputedStyle = () => ({ cursor: 'default' });
  g.document = {
    body,
    documentElement,
    activeElement: null,
    captureElement: null,
    createElement: (tag: string) =>
      tag.toLowerCase() === 'canvas' ? new FakeCanvas() : new FakeElement(tag.toUpperCase()),
    getElementById: () => null,
    addEventListener() {},
    removeEventListener() {},
    contains: (e: FakeElement) => body.contains(e),
  };
  g.ImageData = FakeImageData;
  g.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
  g.MutationObserver = class {
    observe(): void {}
    disconnect(): void {}
  };
  g.WebSocket ??= class {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
  };
  if (!('navigator' in globalThis) || !g.navigator) {
    g.navigator = { userAgent: 'Node.js', platform: 'Linux x86_64', maxTouchPoints: 0, languages: ['en'] };
  }
}

/** What noVNC's Websock.attach() needs: an RTCDataChannel-like object, here over a Duplex. */
export class DuplexChannel {
  binaryType = 'arraybuffer';
  protocol = '';
  readyState = 'open';
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: ArrayBuffer }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  sent = 0;

  constructor(private readonly stream: Duplex) {
    // like a WebSocket, deliver each message from the event loop, never inside send()
    stream.on('data', (b: Buffer) => {
      const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
      setImmediate(() => this.onmessage?.({ data: ab }));
    });
    const closed = (): void =>
      void setImmediate(() => {
        if (this.readyState === 'closed') return;
        this.readyState = 'closed';
        this.onclose?.({ code: 1000, reason: '' });
      });
    stream.on('end', closed);
    stream.on('close', closed);
    stream.on('error', closed);
  }

  send(data: Uint8Array): void {
    this.sent += data.length;
    this.stream.write(Buffer.from(data)); // copy: noVNC reuses its send buffer
  }

  close(): void {
    this.readyState = 'closed';
    this.stream.end();
  }
}
