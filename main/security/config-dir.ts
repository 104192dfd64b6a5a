/**
 * Where a CLI profile keeps its identity, known hosts and people: `$SARANGBANG_CONFIG_DIR`, else
 * `$XDG_CONFIG_HOME/sarangbang`, else the platform default (`%APPDATA%\Sarangbang` on Windows,
 * `~/Library/Application Support/Sarangbang` on macOS, `~/.config/sarangbang` elsewhere). The desktop app uses its
 * userData folder instead. Pure: the environment, platform and home folder are parameters for tests.
 */
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

export interface ConfigDirEnvironment {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The configuration folder (not created here; the atomic writers create it 0700). */
export function configDir(from: ConfigDirEnvironment = {}): string {
  const env = from.env ?? process.env;
  const platform = from.platform ?? process.platform;
  const home = from.home ?? homedir();
  if (env.SARANGBANG_CONFIG_DIR) return env.SARANGBANG_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'sarangbang');
  if (platform === 'win32') return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), 'Sarangbang');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Sarangbang');
  return join(home, '.config', 'sarangbang');
}

/** The files a profile keeps in its configuration folder. */
export const CONFIG_FILES = {
  identity: 'identity.json',
  hostIdentity: 'host-identity.json',
  knownHosts: 'known-hosts.json',
  people: 'people.json',
} as const;

/** `<config>/<name>` for one of CONFIG_FILES. */
export function configFile(name: keyof typeof CONFIG_FILES, from: ConfigDirEnvironment = {}): string {
  return join(configDir(from), CONFIG_FILES[name]);
}
