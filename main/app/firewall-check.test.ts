// The self-check's Windows Firewall question: netsh's answer read right, the question asked only on Windows.
import { describe, expect, it, vi } from 'vitest';
import { checkFirewallRule, type CommandRunner } from './firewall-check.js';

const RULE = (profiles: string, enabled = 'Yes') => `
Rule Name:                            Sarangbang
----------------------------------------------------------------------
Enabled:                              ${enabled}
Direction:                            In
Profiles:                             ${profiles}
Grouping:
LocalIP:                              Any
RemoteIP:                             LocalSubnet
Protocol:                             TCP
Edge traversal:                       No
Program:                              C:\\Users\\me\\AppData\\Local\\Programs\\Sarangbang\\Sarangbang.exe
Action:                               Allow
Ok.
`;

const runner = (code: number, stdout: string) => vi.fn<CommandRunner>(async () => ({ code, stdout }));

describe('checkFirewallRule', () => {
  it('is not applicable, and runs nothing, on macOS and Linux', async () => {
    const run = runner(0, RULE('Private,Domain'));
    expect(await checkFirewallRule('linux', run)).toBe('n/a');
    expect(await checkFirewallRule('darwin', run)).toBe('n/a');
    expect(run).not.toHaveBeenCalled();
  });

  it('asks netsh for the rule by name on Windows and finds it allowed on private networks', async () => {
    const run = runner(0, RULE('Domain,Private'));
    expect(await checkFirewallRule('win32', run)).toBe('allowed');
    expect(run).toHaveBeenCalledWith('netsh', [
      'advfirewall',
      'firewall',
      'show',
      'rule',
      'name=Sarangbang',
      'verbose',
    ]);
  });

  it('says missing when no rule matches, or the rule is disabled or Public only', async () => {
    expect(await checkFirewallRule('win32', runner(1, '\nNo rules match the specified criteria.\n'))).toBe('missing');
    expect(await checkFirewallRule('win32', runner(0, RULE('Private', 'No')))).toBe('missing');
    expect(await checkFirewallRule('win32', runner(0, RULE('Public')))).toBe('missing');
  });

  it('says unknown when netsh cannot be run or fails otherwise', async () => {
    expect(
      await checkFirewallRule(
        'win32',
        vi.fn<CommandRunner>(async () => Promise.reject(new Error('ENOENT'))),
      ),
    ).toBe('unknown');
    expect(await checkFirewallRule('win32', runner(-1, ''))).toBe('unknown');
  });
});
