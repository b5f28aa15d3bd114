import { describe, expect, it } from 'vitest';
import { interleaved, median, p95, quantile } from './stats';

describe('bench stats', () => {
  it('computes quantiles with interpolation', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(quantile([0, 10], 0.95)).toBeCloseTo(9.5);
    expect(p95(Array.from({ length: 101 }, (_, i) => i))).toBe(95);
  });
  it('alternates the order of the two measurements', async () => {
    const order: string[] = [];
    await interleaved(
      3,
      async () => (order.push('a'), 1),
      async () => (order.push('b'), 2),
    );
    expect(order).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
  });
});
