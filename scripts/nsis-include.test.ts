// Compiles build/installer.nsh with makensis (warnings are errors) inside a harness that defines what
// electron-builder's installer provides, so a syntax slip in the firewall rule script fails here, not at release.
// makensis comes from the `nsis` package (apt-get install nsis); without it the test is skipped with a message.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './packaging.js';

function hasMakensis(): boolean {
  try {
    execFileSync('makensis', ['-VERSION'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = hasMakensis();
if (!available) console.warn('[nsis-include] skipped: makensis not installed (apt-get install nsis)');

const harness = (include: string) => `Unicode true
!include LogicLib.nsh
!define PRODUCT_NAME "Sarangbang"
!define APP_EXECUTABLE_FILENAME "Sarangbang.exe"
!define isUpdated '"1" == "0"'
Name "\${PRODUCT_NAME}"
OutFile "installer.exe"
InstallDir "$LOCALAPPDATA\\Programs\\Sarangbang"
RequestExecutionLevel user
!include "${include}"
Section "Install"
  !insertmacro customInstall
  WriteUninstaller "$INSTDIR\\uninstall.exe"
SectionEnd
Section "un.Uninstall"
  !insertmacro customUnInstall
SectionEnd
`;

describe.skipIf(!available)('the NSIS include script', () => {
  let dir = '';
  let log = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sarangbang-nsis-'));
    await writeFile(join(dir, 'harness.nsi'), harness(join(root, 'build', 'installer.nsh')));
    ({ stdout: log } = await promisify(execFile)('makensis', ['-WX', '-V4', 'harness.nsi'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    }));
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('compiles without warnings in the installer and the uninstaller', () => {
    expect(log).toMatch(/Output: ".*installer\.exe"/);
  });

  it('asks Windows, elevated, for the same rule it adds directly: inbound TCP for the installed executable', () => {
    const elevated = log.match(
      /ExecShellWait: runas: "\$SYSDIR\\netsh\.exe" "(advfirewall firewall add rule [^\n]*)" SW_HIDE/,
    )?.[1];
    expect(elevated).toContain('name="Sarangbang" dir=in action=allow protocol=TCP');
    expect(elevated).toContain('program="$INSTDIR\\Sarangbang.exe"');
    expect(elevated).toContain('profile=private,domain remoteip=localsubnet');
  });

  it('deletes the rule by the same name on uninstall', () => {
    expect(log).toContain(
      'ExecShellWait: runas: "$SYSDIR\\netsh.exe" "advfirewall firewall delete rule name="Sarangbang"" SW_HIDE',
    );
  });
});
