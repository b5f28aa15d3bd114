// The simulated dom0's shell: quoting semantics (command substitution really runs, so an
// injection creates a canary), operators, redirections, expansions, coreutils wording.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shQuote, shScript, splitScript } from '../../../shared/quote';
import { ex, newHost, USER_XLTEST } from './testKit';
import type { SimHost } from './model';

let host: SimHost & { cleanup(): void };
beforeAll(() => {
  host = newHost({ scenario: 'empty' });
});
afterAll(() => host.cleanup());

const sh = (cmd: string, stdin?: string): ReturnType<typeof ex> => ex(host, cmd, { stdin });

describe('quoting and command substitution', () => {
  it('$(…) inside single quotes is NOT executed; unquoted (and in double quotes) it IS', async () => {
    expect((await sh("echo '$(touch /canary1)'")).stdout).toBe('$(touch /canary1)\n');
    expect(host.fs.exists('/canary1')).toBe(false);
    await sh('echo $(touch /canary2)');
    expect(host.fs.exists('/canary2')).toBe(true);
    await sh('echo "$(touch /canary3)"');
    expect(host.fs.exists('/canary3')).toBe(true);
    await sh('echo `touch /canary4`');
    expect(host.fs.exists('/canary4')).toBe(true);
    await sh("echo '`touch /canary5`'");
    expect(host.fs.exists('/canary5')).toBe(false);
  });

  it("the app's shQuote/shScript never let a hostile name run", async () => {
    const evil = [
      '$(touch /pwn1)',
      '`touch /pwn2`',
      "x'; touch /pwn3; '",
      'a"b$(touch /pwn4)"',
      '-n; touch /pwn5',
      'a\nb; touch /pwn6',
    ];
    for (const e of evil) {
      const r = await sh(shQuote(['printf', '%s', e]));
      expect(r.stdout).toBe(e);
    }
    const script = shScript(evil.map((e, i) => ({ key: `k${i}`, argv: ['echo', e] })));
    const sections = splitScript((await sh(script)).stdout);
    evil.forEach((e, i) => expect(sections.get(`k${i}`)).toEqual({ key: `k${i}`, output: e, rc: 0 }));
    for (let i = 1; i <= 6; i++) expect(host.fs.exists(`/pwn${i}`)).toBe(false);
  });

  it('double quotes keep spaces, backslash rules, $VAR and $?', async () => {
    expect((await sh('X="a  b"; echo $X; echo "$X"')).stdout).toBe('a b\na  b\n');
    expect((await sh('echo "a\\$b \\"q\\" \\\\ \\n"')).stdout).toBe('a$b "q" \\ \n\n');
    expect((await sh('false; echo $?; true; echo $?')).stdout).toBe('1\n0\n');
    expect((await sh('echo ${UNSET:-dflt} ${#HOME} ${HOME%/*}x')).stdout).toBe('dflt 5 x\n');
    expect((await sh('echo $((3 + 4 * 2))')).stdout).toBe('11\n');
  });

  it('&& || ; pipes and exit codes', async () => {
    expect((await sh('false && echo no || echo yes; echo done')).stdout).toBe('yes\ndone\n');
    expect(await sh('printf "b\\na\\nc\\n" | sort | head -n 2')).toEqual({
      stdout: 'a\nb\n',
      stderr: '',
      code: 0,
    });
    expect((await sh('! false')).code).toBe(0);
    expect((await sh('exit 7')).code).toBe(7);
    expect((await sh('(exit 3); echo $?')).stdout).toBe('3\n');
    expect((await sh('yes | head -c 5')).stdout).toBe('y\ny\ny');
  });

  it('break and continue (also N levels, and inside case … esac as the inventory script uses them)', async () => {
    expect(
      (await sh('for f in a b.bak c; do case $f in *.bak) continue ;; esac; echo $f; done')).stdout,
    ).toBe('a\nc\n');
    expect((await sh('for i in 1 2 3; do [ $i = 2 ] && break; echo $i; done; echo end')).stdout).toBe(
      '1\nend\n',
    );
    expect(
      (await sh('for i in 1 2; do for j in a b; do [ $j = b ] && continue 2; echo $i$j; done; done')).stdout,
    ).toBe('1a\n2a\n');
    expect((await sh('i=0; while true; do i=$((i+1)); [ $i -ge 3 ] && break; done; echo $i')).stdout).toBe(
      '3\n',
    );
    expect(
      (await sh('printf "x\\ny\\n" | while read -r l; do [ $l = x ] && continue; echo $l; done')).stdout,
    ).toBe('y\n');
  });

  it('redirections: > >> < 2>&1 2>/dev/null, here-documents', async () => {
    await sh('echo one > /tmp/f; echo two >> /tmp/f');
    expect((await sh('cat < /tmp/f')).stdout).toBe('one\ntwo\n');
    expect(await sh('ls /nope 2>&1')).toEqual({
      stdout: "ls: cannot access '/nope': No such file or directory\n",
      stderr: '',
      code: 2,
    });
    expect(await sh('ls /nope 2>/dev/null')).toEqual({ stdout: '', stderr: '', code: 2 });
    expect((await sh("cat <<'EOF'\n$HOME `x`\nEOF\n")).stdout).toBe('$HOME `x`\n');
    expect((await sh('cat <<EOF\nhome=$HOME\nEOF')).stdout).toBe('home=/root\n');
    expect(await sh('echo x > /nodir/f')).toEqual({
      stdout: '',
      stderr: 'sh: 1: cannot create /nodir/f: Directory nonexistent\n',
      code: 2,
    });
  });

  it('background jobs: `wait`, and the exec stays open until they end (as with sshd)', async () => {
    const t0 = Date.now();
    expect((await sh('(sleep 0.2; echo late) & echo early')).stdout).toBe('early\nlate\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect((await sh('sleep 0.1 & wait; echo done')).stdout).toBe('done\n');
  });

  it('if / for / while / case and globbing', async () => {
    expect((await sh('if [ -d /etc/xen ]; then echo dir; else echo no; fi')).stdout).toBe('dir\n');
    expect((await sh('for f in /root/guest/*.cfg; do basename $f; done')).stdout).toBe(
      'hvm.cfg\npv-disk.cfg\npv-tiny.cfg\npv-vfb.cfg\n',
    );
    expect((await sh("echo '/root/guest/*.cfg'")).stdout).toBe('/root/guest/*.cfg\n');
    expect((await sh('i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i')).stdout).toBe('3\n');
    expect((await sh('case pvdisk in pv*) echo pv;; *) echo other;; esac')).stdout).toBe('pv\n');
  });

  it('sed: ranges, substitutions, -n p, -i', async () => {
    await sh('printf "a\\nmemory = 128\\nb\\nc\\n" > /tmp/s.cfg');
    expect((await sh("sed -n '2,3p' /tmp/s.cfg")).stdout).toBe('memory = 128\nb\n');
    expect((await sh("sed -n '/^memory/,/^c/p' /tmp/s.cfg")).stdout).toBe('memory = 128\nb\nc\n');
    expect((await sh("sed 's/\\(memory\\) = .*/\\1 = 512/; /^b$/d' /tmp/s.cfg")).stdout).toBe(
      'a\nmemory = 512\nc\n',
    );
    await sh("sed -i -E 's/^memory = [0-9]+/memory = 256/' /tmp/s.cfg");
    expect((await sh('grep memory /tmp/s.cfg')).stdout).toBe('memory = 256\n');
    expect((await sh("echo aaa | sed 's/a/b/g'")).stdout).toBe('bbb\n');
  });

  it('awk one-liners', async () => {
    expect((await sh("xl list | awk 'NR>1 {print $1, $2}'")).stdout).toBe('Domain-0 0\n');
    expect((await sh("printf 'a:1\\nb:2\\n' | awk -F: '$2==2 {print $1} END {print NR}'")).stdout).toBe(
      'b\n2\n',
    );
    expect((await sh("echo 'x y z' | awk '{print $NF}'")).stdout).toBe('z\n');
  });

  it('dash wording: unknown command (127), syntax errors (2)', async () => {
    expect(await sh('nosuchcmd --x')).toEqual({
      stdout: '',
      stderr: 'sh: 1: nosuchcmd: not found\n',
      code: 127,
    });
    expect(await sh("echo 'unterminated")).toEqual({
      stdout: '',
      stderr: 'sh: 1: Syntax error: Unterminated quoted string\n',
      code: 2,
    });
    expect((await sh('echo )')).stderr).toBe('sh: 1: Syntax error: ")" unexpected\n');
    expect((await sh('sh -c \'echo "$0 $1"\' zero one')).stdout).toBe('zero one\n');
    expect((await sh('command -v xl; command -v nope; echo $?')).stdout).toBe('/usr/sbin/xl\n1\n');
  });

  it('non-root id, sudo refusal, uname', async () => {
    expect((await ex(host, 'id -u', { user: USER_XLTEST })).stdout).toBe('1001\n');
    expect((await sh('id -u')).stdout).toBe('0\n');
    expect((await sh('uname -a')).stdout).toBe(
      'Linux xendom0 6.1.0-56-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16) x86_64 GNU/Linux\n',
    );
    expect(await ex(host, 'sudo xl list', { user: USER_XLTEST })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('sudo: a password is required'),
    });
  });
});

describe('files', () => {
  it('dd / truncate make sparse images; stat -c; cp --sparse=always keeps them sparse', async () => {
    // a fresh dom0 ('empty', as the lab boots) has no image directory until someone makes one
    expect((await sh('ls -d /var/lib/xen/images 2>&1; mkdir -p /var/lib/xen/images')).stdout).toMatch(
      /No such file or directory/,
    );
    expect(
      (await sh('dd if=/dev/zero of=/var/lib/xen/images/a.img bs=1M count=0 seek=2048 status=none; echo $?'))
        .stdout,
    ).toBe('0\n');
    expect((await sh('stat -c "%s %b %B" /var/lib/xen/images/a.img')).stdout).toMatch(
      /^2147483648 \d+ 512\n$/,
    );
    expect(Number((await sh('stat -c %b /var/lib/xen/images/a.img')).stdout)).toBeLessThan(64);
    await sh(
      'truncate -s 64M /var/lib/xen/images/b.img && cp --sparse=always /var/lib/xen/images/b.img /var/lib/xen/images/c.img',
    );
    expect((await sh('stat -c %s /var/lib/xen/images/c.img')).stdout).toBe('67108864\n');
    expect(Number((await sh('stat -c %b /var/lib/xen/images/c.img')).stdout)).toBeLessThan(64);
    const r = await sh('dd if=/dev/zero of=/tmp/z bs=1024 count=3');
    expect(r.stderr).toMatch(/^3\+0 records in\n3\+0 records out\n3072 bytes \(3\.1 kB, 3\.0 KiB\) copied, /);
  });

  it('ls -l, ln -s, readlink, test, mkdir -p, mv, rm, head/tail/wc, sha256sum, df -B1', async () => {
    await sh('mkdir -p /srv/a/b && echo hi > /srv/a/b/f && ln -s /srv/a/b/f /srv/link');
    expect((await sh('readlink /srv/link; cat /srv/link')).stdout).toBe('/srv/a/b/f\nhi\n');
    expect((await sh('[ -L /srv/link ] && [ -f /srv/link ] && [ -s /srv/link ] && echo ok')).stdout).toBe(
      'ok\n',
    );
    expect((await sh('ls -l /srv/link')).stdout).toMatch(
      /^lrwxrwxrwx 1 root root 10 \w{3} [ \d]\d [\d :]{5} \/srv\/link -> \/srv\/a\/b\/f\n$/,
    );
    expect(await sh('ln -s /x /srv/link')).toMatchObject({
      code: 1,
      stderr: "ln: failed to create symbolic link '/srv/link': File exists\n",
    });
    expect((await sh('ln -sfn /srv/a /srv/link && readlink /srv/link')).stdout).toBe('/srv/a\n');
    expect((await sh('mv /srv/a/b/f /srv/g && ls /srv')).stdout).toBe('a\ng\nlink\n');
    expect(await sh('rm /srv/nope')).toMatchObject({
      code: 1,
      stderr: "rm: cannot remove '/srv/nope': No such file or directory\n",
    });
    expect(
      (await sh('printf "1\\n2\\n3\\n" > /tmp/n; head -n 2 /tmp/n; tail -n 1 /tmp/n; wc -l < /tmp/n')).stdout,
    ).toBe('1\n2\n3\n3\n');
    expect((await sh('printf abc | sha256sum')).stdout).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n',
    );
    expect((await sh('df -B1 /var/lib/xen/images')).stdout).toMatch(
      /^Filesystem +1B-blocks +Used +Available Use% Mounted on\n\/dev\/xvda1 +21474836480 +\d+ +\d+ +\d+% \/\n$/,
    );
    expect((await sh('cat /proc/xen/capabilities')).stdout).toBe('control_d\n');
  });

  it('paths never escape the sandbox', async () => {
    expect((await sh('cat /../../../../etc/hostname')).stdout).toBe('xendom0\n');
    await sh('ln -s /../../../.. /up && ln -s ../../../../../../../ /up2');
    expect((await sh('ls /up/etc/xen | head -n 1')).stdout).toBe('scripts\n');
    expect((await sh('readlink -f /up2/root/guest')).stdout).toBe('/root/guest\n');
    expect(host.fs.resolve('/up/../../x').startsWith(host.fs.root)).toBe(true);
    expect(host.fs.resolve('../../../../../etc/passwd', { cwd: '/root' })).toBe(host.fs.root + '/etc/passwd');
  });
});
