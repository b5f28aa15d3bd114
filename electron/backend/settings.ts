// Saved hosts (no secrets: passwords are never written here). One JSON file, written atomically.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import { HostInputSchema, type HostInput } from '../../shared/api';
import { parseStoredPreferences, type Preferences, type PreferencesPatch } from '../../shared/preferences';
import { writeFileAtomicSync } from './atomicFile';

const SavedHostSchema = HostInputSchema.extend({
  id: z.string(),
  demo: z.boolean().default(false),
  autoconnect: z.boolean().default(true),
});
export type SavedHost = z.infer<typeof SavedHostSchema>;

const SettingsSchema = z.object({
  version: z.literal(1),
  hosts: z.array(SavedHostSchema),
  /** issue 9: read field by field (a bad value falls back to its default, see parseStoredPreferences) */
  preferences: z.unknown().optional(),
});
type Settings = z.infer<typeof SettingsSchema>;

export class SettingsStore {
  private data: Settings;
  private prefs: Preferences;
  readonly file: string;
  constructor(readonly dir: string) {
    this.file = path.join(dir, 'settings.json');
    this.data = this.load();
    this.prefs = parseStoredPreferences(this.data.preferences);
  }
  private load(): Settings {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return { version: 1, hosts: [] };
    }
    const parsed = SettingsSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      // keep the unreadable file for the user instead of silently overwriting it
      fs.copyFileSync(this.file, `${this.file}.invalid-${Date.now()}`);
      return { version: 1, hosts: [] };
    }
    return parsed.data;
  }
  private save(): void {
    writeFileAtomicSync(this.file, JSON.stringify(this.data, null, 2) + '\n');
  }
  hosts(): SavedHost[] {
    return this.data.hosts.map((h) => ({ ...h }));
  }
  host(id: string): SavedHost | undefined {
    return this.data.hosts.find((h) => h.id === id);
  }
  addHost(input: HostInput, extra: { demo?: boolean } = {}): SavedHost {
    const id = `h-${crypto.randomBytes(5).toString('hex')}`;
    const host: SavedHost = { ...input, id, demo: extra.demo ?? false, autoconnect: true };
    this.data.hosts.push(host);
    this.save();
    return { ...host };
  }
  updateHost(id: string, patch: Partial<SavedHost>): SavedHost | undefined {
    const h = this.data.hosts.find((x) => x.id === id);
    if (!h) return undefined;
    Object.assign(h, patch, { id });
    this.save();
    return { ...h };
  }
  /** issue 9: the user's preferences (defaults for what was never set) */
  preferences(): Preferences {
    return { ...this.prefs };
  }
  /** Merge an already validated patch and write the file; returns the whole new object. */
  setPreferences(patch: PreferencesPatch): Preferences {
    const defined = Object.entries(patch).filter(([, v]) => v !== undefined);
    this.prefs = { ...this.prefs, ...Object.fromEntries(defined) };
    this.data.preferences = this.prefs;
    this.save();
    return { ...this.prefs };
  }
  removeHost(id: string): boolean {
    const before = this.data.hosts.length;
    this.data.hosts = this.data.hosts.filter((h) => h.id !== id);
    if (this.data.hosts.length !== before) this.save();
    return this.data.hosts.length !== before;
  }
}
