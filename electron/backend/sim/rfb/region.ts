// Dirty-region tracking on a grid of 16x16 tiles (QEMU's VNC server tracks 16-pixel-wide blocks too).

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const TILE = 16;

export class DirtyRegion {
  private tw = 0;
  private th = 0;
  private tiles = new Uint8Array(0);
  private count = 0;

  constructor(
    private width: number,
    private height: number,
  ) {
    this.resize(width, height);
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.tw = Math.ceil(width / TILE);
    this.th = Math.ceil(height / TILE);
    this.tiles = new Uint8Array(this.tw * this.th);
    this.count = 0;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  addAll(): void {
    this.tiles.fill(1);
    this.count = this.tiles.length;
  }

  add(x: number, y: number, w: number, h: number): void {
    const x0 = Math.max(0, Math.floor(x / TILE));
    const y0 = Math.max(0, Math.floor(y / TILE));
    const x1 = Math.min(this.tw, Math.ceil((x + w) / TILE));
    const y1 = Math.min(this.th, Math.ceil((y + h) / TILE));
    for (let ty = y0; ty < y1; ty++) {
      for (let tx = x0; tx < x1; tx++) {
        const i = ty * this.tw + tx;
        if (!this.tiles[i]) {
          this.tiles[i] = 1;
          this.count++;
        }
      }
    }
  }

  /** True when a dirty tile intersects `clip`. */
  intersects(clip: Rect): boolean {
    if (this.count === 0) return false;
    const [x0, y0, x1, y1] = this.tileBounds(clip);
    for (let ty = y0; ty < y1; ty++) {
      for (let tx = x0; tx < x1; tx++) if (this.tiles[ty * this.tw + tx]) return true;
    }
    return false;
  }

  /**
   * Remove the dirty tiles inside `clip` and return them as rectangles (runs of tiles on a tile row,
   * merged with identical runs below), in pixels.
   */
  take(clip: Rect): Rect[] {
    const out: Rect[] = [];
    if (this.count === 0) return out;
    const [x0, y0, x1, y1] = this.tileBounds(clip);
    let open = new Map<string, Rect>();
    for (let ty = y0; ty < y1; ty++) {
      const next = new Map<string, Rect>();
      let tx = x0;
      while (tx < x1) {
        if (!this.tiles[ty * this.tw + tx]) {
          tx++;
          continue;
        }
        const start = tx;
        while (tx < x1 && this.tiles[ty * this.tw + tx]) {
          this.tiles[ty * this.tw + tx] = 0;
          this.count--;
          tx++;
        }
        const key = `${start},${tx}`;
        const prev = open.get(key);
        if (prev) {
          prev.h += 1;
          open.delete(key);
          next.set(key, prev);
        } else {
          const r = { x: start, y: ty, w: tx - start, h: 1 };
          out.push(r);
          next.set(key, r);
        }
      }
      open = next;
    }
    // tiles -> pixels. Whole tiles are sent (a tile straddling the edge of `clip` is cleared, so all of
    // it goes out; RFB lets a server send more than was asked), clipped to the framebuffer.
    const res: Rect[] = [];
    for (const r of out) {
      const px = r.x * TILE;
      const py = r.y * TILE;
      const px1 = Math.min((r.x + r.w) * TILE, this.width);
      const py1 = Math.min((r.y + r.h) * TILE, this.height);
      if (px1 > px && py1 > py) res.push({ x: px, y: py, w: px1 - px, h: py1 - py });
    }
    return res;
  }

  private tileBounds(clip: Rect): [number, number, number, number] {
    return [
      Math.max(0, Math.floor(clip.x / TILE)),
      Math.max(0, Math.floor(clip.y / TILE)),
      Math.min(this.tw, Math.ceil((clip.x + clip.w) / TILE)),
      Math.min(this.th, Math.ceil((clip.y + clip.h) / TILE)),
    ];
  }
}
