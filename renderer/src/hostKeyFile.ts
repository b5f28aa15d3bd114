// Which file on the host holds the key of a given type (for the "compare with" command).
const FILES: [prefix: string, file: string][] = [
  ['ssh-ed25519', 'ssh_host_ed25519_key.pub'],
  ['ecdsa-', 'ssh_host_ecdsa_key.pub'],
  ['ssh-rsa', 'ssh_host_rsa_key.pub'],
  ['rsa-', 'ssh_host_rsa_key.pub'],
];

export function hostKeyCommand(keyType: string): string {
  const file = FILES.find(([p]) => keyType.startsWith(p))?.[1] ?? 'ssh_host_ed25519_key.pub';
  return `ssh-keygen -lf /etc/ssh/${file}`;
}
