/**
 * Whether the Windows Firewall rule the installer adds for Sarangbang is in place (hosting panel's self-check). Reads it
 * with `netsh advfirewall firewall show rule name=...` (no rights needed) through an injected runner; other systems
 * have no such rule to read ('n/a': README, Firewall, tells their users what to allow).
 */
import { execFile } from 'node:child_process';
import type { HostSelfCheck } from '@contract/ipc-contract';

/** The rule name build/installer.nsh adds (the product name). */
export const FIREWALL_RULE_NAME = 'Sarangbang';

/** Runs a program; resolves with its exit code and standard output (never rejects for a non-zero exit). */
export type CommandRunner = (file: string, args: string[]) => Promise<{ code: number; stdout: string }>;

export const execRunner: CommandRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: 5000, windowsHide: true }, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout) });
    });
  });

export async function checkFirewallRule(
  platform: string,
  run: CommandRunner = execRunner,
): Promise<HostSelfCheck['firewall']> {
  if (platform !== 'win32') return 'n/a';
  let result: { code: number; stdout: string };
  try {
    result = await run('netsh', ['advfirewall', 'firewall', 'show', 'rule', `name=${FIREWALL_RULE_NAME}`, 'verbose']);
  } catch {
    return 'unknown';
  }
  // "No rules match the specified criteria." exits 1.
  if (result.code !== 0) return /no rules match/i.test(result.stdout) ? 'missing' : 'unknown';
  return ruleAllows(result.stdout) ? 'allowed' : 'missing';
}

/**
 * netsh prints one block per rule, `Field:   value` lines (English labels; localized Windows translates them, so an
 * unreadable block counts as allowed rather than as missing). A rule allows us when it is enabled, inbound, allows,
 * and covers the private profile (where home and office networks are).
 */
export function ruleAllows(output: string): boolean {
  const blocks = output.split(/\r?\n\s*\r?\n/).filter((block) => /Rule Name:/i.test(block));
  if (blocks.length === 0) return output.trim().length > 0;
  return blocks.some((block) => {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(block)?.[1]?.trim().toLowerCase();
    const profiles = field('Profiles') ?? '';
    return (
      field('Enabled') === 'yes' &&
      field('Direction') === 'in' &&
      field('Action') === 'allow' &&
      (profiles.includes('private') || profiles === 'any')
    );
  });
}
