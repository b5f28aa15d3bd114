// A fixed-capacity, column-oriented ring buffer of time-stamped samples: the Performance tab's
// one hour of history per domain. Columns are Float64Arrays (no per-sample objects, no GC churn
// at one sample per second for every domain); a missing value is stored as NaN and read as null.

export type SampleValues<K extends string> = Readonly<Record<K, number | null>>;

/** Chronological copies: `t` in ms, one array per field (null where unknown), as charts want them. */
export type SampleArrays<K extends string> = { t: number[] } & Record<K, (number | null)[]>;

export class RingBuffer<K extends string> {
  private readonly times: Float64Array;
  private readonly cols: Record<K, Float64Array>;
  /** index of the oldest sample */
  private head = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly fields: readonly K[],
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.times = new Float64Array(capacity);
    this.cols = {} as Record<K, Float64Array>;
    for (const f of fields) this.cols[f] = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Time of the newest sample, or null when empty. */
  get lastTime(): number | null {
    return this.count === 0 ? null : this.times[this.slot(this.count - 1)]!;
  }

  /** Time of the oldest sample, or null when empty. */
  get firstTime(): number | null {
    return this.count === 0 ? null : this.times[this.head]!;
  }

  private slot(i: number): number {
    return (this.head + i) % this.capacity;
  }

  /** Append a sample; when full, the oldest one is overwritten. Times must not go backwards. */
  push(t: number, values: SampleValues<K>): void {
    const last = this.lastTime;
    if (last !== null && t < last) throw new RangeError('samples must be pushed in time order');
    let i: number;
    if (this.count < this.capacity) {
      i = this.slot(this.count);
      this.count++;
    } else {
      i = this.head;
      this.head = (this.head + 1) % this.capacity;
    }
    this.times[i] = t;
    for (const f of this.fields) {
      const v = values[f];
      this.cols[f][i] = v === null || v === undefined || !Number.isFinite(v) ? NaN : v;
    }
  }

  /** Drop every sample older than `t` (ms). */
  evictBefore(t: number): void {
    while (this.count > 0 && this.times[this.head]! < t) {
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** The i-th sample from the oldest (0) to the newest (length - 1). */
  at(i: number): ({ t: number } & Record<K, number | null>) | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const s = this.slot(i);
    const out = { t: this.times[s]! } as { t: number } & Record<K, number | null>;
    for (const f of this.fields) {
      const v = this.cols[f][s]!;
      (out as Record<K, number | null>)[f] = Number.isNaN(v) ? null : v;
    }
    return out;
  }

  /** Everything, oldest first. */
  toArrays(): SampleArrays<K> {
    const t: number[] = new Array<number>(this.count);
    const out = { t } as SampleArrays<K>;
    for (const f of this.fields)
      (out as Record<K, (number | null)[]>)[f] = new Array<number | null>(this.count);
    for (let i = 0; i < this.count; i++) {
      const s = this.slot(i);
      t[i] = this.times[s]!;
      for (const f of this.fields) {
        const v = this.cols[f][s]!;
        (out as Record<K, (number | null)[]>)[f][i] = Number.isNaN(v) ? null : v;
      }
    }
    return out;
  }
}
