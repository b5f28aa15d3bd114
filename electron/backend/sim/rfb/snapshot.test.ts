// Screenshots of both simulated screens, taken through the protocol with the test client.
// Set RFB_PNG_DIR to also write rfb-hvm.png / rfb-pv.png there.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRfbServer } from './index';
import { encodePng } from './png';
import { NOVNC_PF, RfbTestClient, duplexPair } from './testClient';

describe('screenshots', () => {
  for (const [screen, w, h, name, file] of [
    ['hvm-text', 720, 400, 'QEMU (hvm1)', 'rfb-hvm.png'],
    ['pv-vfb', 800, 600, 'QEMU (pvvfb)', 'rfb-pv.png'],
  ] as const) {
    it(`${screen} full frame matches the server framebuffer`, async () => {
      const server = createRfbServer({ width: w, height: h, name, screen, animateMs: 0 });
      const [a, b] = duplexPair();
      server.handle(a);
      const c = new RfbTestClient(b);
      await c.handshake();
      c.setPixelFormat(NOVNC_PF);
      c.setEncodings([0]);
      await c.fullFrame();
      const fb = server.framebuffer();
      expect(c.fb.equals(fb.rgba)).toBe(true);
      const png = encodePng(c.width, c.height, c.fb);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      if (process.env.RFB_PNG_DIR) writeFileSync(join(process.env.RFB_PNG_DIR, file), png);
      server.dispose();
    });
  }
});
