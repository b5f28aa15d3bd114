// Page object for the graphical console (renderer/src/vnc): tests speak of "the guest's
// screen", "send Ctrl+Alt+Del", "scale 1:1"; this file knows the test ids and how to read
// the noVNC canvas.
import { expect, type Locator, type Page } from '@playwright/test';

export interface CanvasPixels {
  width: number;
  height: number;
  /** RGBA */
  data: Buffer;
}

export class VncPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('vnc-view');
  }

  get status(): Locator {
    return this.page.getByTestId('vnc-status');
  }

  /** the canvas noVNC draws into */
  get canvas(): Locator {
    return this.page.getByTestId('vnc-canvas').locator('canvas');
  }

  /** The main window's "Console" button for the selected domain. */
  async open(): Promise<void> {
    await this.page.getByTestId('action-vnc').click();
    await expect(this.view).toBeVisible();
  }

  async expectConnected(timeout = 20_000): Promise<void> {
    await expect(this.status).toHaveAttribute('data-state', 'connected', { timeout });
  }

  async close(): Promise<void> {
    await this.page.getByTestId('vnc-close').click();
    await expect(this.view).toBeHidden();
  }

  /** The framebuffer as noVNC drew it (the canvas' own pixels, whatever the CSS scaling). */
  async pixels(region?: { x: number; y: number; w: number; h: number }): Promise<CanvasPixels> {
    const r = await this.canvas.evaluate((c: HTMLCanvasElement, r) => {
      const x = r?.x ?? 0;
      const y = r?.y ?? 0;
      const w = r?.w ?? c.width;
      const h = r?.h ?? c.height;
      const d = c.getContext('2d')!.getImageData(x, y, w, h).data;
      // base64: a million-element array would crawl through the protocol
      let bin = '';
      for (let i = 0; i < d.length; i += 0x8000) bin += String.fromCharCode(...d.subarray(i, i + 0x8000));
      return { width: w, height: h, b64: btoa(bin) };
    }, region);
    return { width: r.width, height: r.height, data: Buffer.from(r.b64, 'base64') };
  }

  async size(): Promise<{ width: number; height: number }> {
    return this.canvas.evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
  }

  /** Distinct colours on the screen (a blank or unpainted canvas has one). */
  async colourCount(): Promise<number> {
    return this.canvas.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      return seen.size;
    });
  }

  /** A cheap fingerprint of the whole screen, to see that it changed. */
  async screenHash(): Promise<string> {
    return this.canvas.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let h = 2166136261;
      for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i]!, 16777619);
      return `${c.width}x${c.height}:${(h >>> 0).toString(16)}`;
    });
  }

  async canvasBox(): Promise<{ width: number; height: number }> {
    const b = await this.canvas.boundingBox();
    if (!b) throw new Error('the console canvas is not visible');
    return { width: Math.round(b.width), height: Math.round(b.height) };
  }

  /** Focus the guest's screen (noVNC grabs the keyboard on click). */
  async focusScreen(): Promise<void> {
    await this.canvas.click({ position: { x: 5, y: 5 } });
  }

  async setScale(mode: 'fit' | '1:1' | 'remote'): Promise<void> {
    await this.page.getByTestId('vnc-scale').selectOption(mode);
  }

  async sendCtrlAltDel(): Promise<void> {
    await this.page.getByTestId('vnc-sendkeys').click();
    await this.page.getByTestId('vnc-cad').click();
    await expect(this.page.getByTestId('dialog-confirm')).toBeVisible();
    await this.page.getByTestId('confirm-ok').click();
  }

  async sendKeyCombo(id: string): Promise<void> {
    await this.page.getByTestId('vnc-sendkeys').click();
    await this.page.getByTestId(`vnc-key-${id}`).click();
  }

  async typeText(text: string): Promise<void> {
    await this.page.getByTestId('vnc-type-clipboard').click();
    await this.page.getByTestId('vnc-type-text').fill(text);
    await this.page.getByTestId('vnc-type-ok').click();
  }

  async toggleViewOnly(): Promise<void> {
    await this.page.getByTestId('vnc-viewonly').click();
  }

  async enterPassword(password: string): Promise<void> {
    await expect(this.page.getByTestId('vnc-password-dialog')).toBeVisible();
    await this.page.getByTestId('vnc-password-input').fill(password);
    await this.page.getByTestId('vnc-password-ok').click();
  }
}

/** Width and height from a PNG's IHDR (and a check of its signature). */
export function pngSize(buf: Buffer): { width: number; height: number } {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!buf.subarray(0, 8).equals(sig)) throw new Error('not a PNG file');
  if (buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR first');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}
