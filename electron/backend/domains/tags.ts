// User tags of domains, kept by XenDesk (never written to dom0): one JSON file in the data dir,
// keyed by host and domain name (a rename moves them).
import fs from 'node:fs';
import path from 'node:path';
import type { DomainRow } from '../../../shared/types';
import { writeFileAtomicSync } from '../atomicFile';

interface TagFile {
  version: 1;
  hosts: Record<string, Record<string, string[]>>;
}

export class TagStore {
  private data: TagFile;
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'domain-tags.json');
    this.data = this.load();
  }

  private load(): TagFile {
    try {
      const d = JSON.parse(fs.readFileSync(this.file, 'utf8')) as TagFile;
      if (d && d.version === 1 && typeof d.hosts === 'object') return d;
    } catch {
      // absent or unreadable: start empty (an unreadable file is kept aside)
      if (fs.existsSync(this.file)) fs.copyFileSync(this.file, `${this.file}.invalid-${Date.now()}`);
    }
    return { version: 1, hosts: {} };
  }

  get(hostId: string, domain: string): string[] {
    return [...(this.data.hosts[hostId]?.[domain] ?? [])];
  }

  set(hostId: string, domain: string, tags: readonly string[]): string[] {
    const clean = [...new Set(tags.map((t) => t.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b));
    const host = (this.data.hosts[hostId] ??= {});
    if (clean.length) host[domain] = clean;
    else delete host[domain];
    if (!Object.keys(host).length) delete this.data.hosts[hostId];
    writeFileAtomicSync(this.file, JSON.stringify(this.data, null, 2) + '\n');
    return clean;
  }

  rename(hostId: string, from: string, to: string): void {
    const t = this.get(hostId, from);
    if (!t.length) return;
    this.set(hostId, from, []);
    this.set(hostId, to, t);
  }

  forgetHost(hostId: string): void {
    if (!this.data.hosts[hostId]) return;
    delete this.data.hosts[hostId];
    writeFileAtomicSync(this.file, JSON.stringify(this.data, null, 2) + '\n');
  }

  /** Put the tags on polled rows (HostManager's decorateRows). */
  decorate(hostId: string, rows: DomainRow[]): void {
    const host = this.data.hosts[hostId];
    for (const r of rows) {
      const t = host?.[r.name];
      if (t?.length) r.tags = [...t];
      else delete r.tags;
    }
  }
}
