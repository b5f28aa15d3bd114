// The main window's size and position, remembered between runs (issue 9) in the data dir,
// written atomically. A saved position that no display shows any more (a monitor unplugged)
// is dropped, so the window never opens off-screen.
import fs from 'node:fs';
import { z } from 'zod';
import { writeFileAtomicSync } from './backend/atomicFile';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const StateSchema = z.object({
  width: z.number().int().min(200).max(20000),
  height: z.number().int().min(200).max(20000),
  x: z.number().int().min(-50000).max(50000).optional(),
  y: z.number().int().min(-50000).max(50000).optional(),
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false),
});
export type WindowState = z.infer<typeof StateSchema>;

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 800, maximized: false, fullScreen: false };

export function loadWindowState(file: string): WindowState {
  try {
    const parsed = StateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { ...DEFAULT_WINDOW };
  } catch {
    return { ...DEFAULT_WINDOW };
  }
}

export function saveWindowState(file: string, s: WindowState): void {
  writeFileAtomicSync(file, JSON.stringify(s, null, 2) + '\n');
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The bounds to open with, given the displays' work areas: the size is shrunk to the largest
 * display, and the position kept only if enough of the title bar area is on a display.
 */
export function fitToDisplays(
  s: WindowState,
  workAreas: readonly Rect[],
  min: { width: number; height: number },
): { width: number; height: number; x?: number; y?: number } {
  const biggest = workAreas.length
    ? workAreas.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a))
    : { x: 0, y: 0, width: s.width, height: s.height };
  const width = Math.max(min.width, Math.min(s.width, biggest.width));
  const height = Math.max(min.height, Math.min(s.height, biggest.height));
  if (s.x === undefined || s.y === undefined) return { width, height };
  // the top strip (where the title bar is) must be visible, at least 100 × 30 px of it
  const strip = { x: s.x, y: s.y, width, height: 30 };
  const visible = workAreas.some((a) => overlap(strip, a) >= Math.min(width, 100) * 30);
  return visible ? { width, height, x: s.x, y: s.y } : { width, height };
}
