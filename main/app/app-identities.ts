/**
 * The desktop app's identities and what it remembers of others, all in its user-data folder: its own Identity
 * (`identity.json`, presented to rooms as this install's key), the identity of the rooms it hosts
 * (`host-identity.json`, whose code guests compare), the rooms it pinned (`known-hosts.json`) and the people it knows
 * (`people.json`). Loaded once when the app starts.
 */
import { join } from 'node:path';
import { loadOrCreateIdentity, type Identity } from '../security/identity.js';
import { KnownHosts } from '../security/known-hosts.js';
import { People } from '../security/people.js';

export interface AppIdentities {
  /** This install's own key (the TLS client certificate; its code is "your key" in Settings). */
  identity: Identity;
  /** The identity of rooms hosted from this app (the room code in the hosting panel). */
  hostIdentity: Identity;
  knownHosts: KnownHosts;
  people: People;
}

export async function loadAppIdentities(userDataDir: string): Promise<AppIdentities> {
  const [identity, hostIdentity, knownHosts, people] = await Promise.all([
    loadOrCreateIdentity(join(userDataDir, 'identity.json'), 'Sarangbang'),
    loadOrCreateIdentity(join(userDataDir, 'host-identity.json'), 'Sarangbang room'),
    KnownHosts.load(join(userDataDir, 'known-hosts.json')),
    People.load(join(userDataDir, 'people.json')),
  ]);
  return { identity, hostIdentity, knownHosts, people };
}
