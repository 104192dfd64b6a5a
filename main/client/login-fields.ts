/**
 * The `login` request of one connection: on TLS in a password room a CPace answer bound to the channel (never the
 * password); on a cleartext link the legacy `password` field; and the history the login asks to be replayed.
 */
import type { HistoryWanted, WelcomeMessage } from '../protocol/messages.js';
import { CPACE_METHOD, CpaceError, cpaceClient, type CpaceClient } from '../security/cpace.js';
import { ConnectionError } from './errors.js';
import type { FramedSocket } from './framed-socket.js';
import type { RequestFields } from './session-types.js';

export function loginFields(
  link: FramedSocket,
  welcome: WelcomeMessage,
  nick: string,
  password: string | undefined,
  history: HistoryWanted | undefined,
): { login: RequestFields<'login'>; cpace?: CpaceClient } {
  const base = history === undefined ? { nick } : { nick, history };
  if (!link.channel) return { login: password === undefined ? base : { ...base, password } };
  const auth = welcome.auth;
  if (password === undefined || !auth) return { login: base };
  if (auth.method !== CPACE_METHOD)
    throw new ConnectionError('not_a_room', `The room asks for an unknown password method (${auth.method}).`);
  let cpace: CpaceClient;
  try {
    cpace = cpaceClient(password, link.channel.cbPake, Buffer.from(auth.Y, 'base64url'));
  } catch (error) {
    if (error instanceof CpaceError) throw hostImpostor();
    throw error;
  }
  const pake = { Y: Buffer.from(cpace.Ya).toString('base64url'), tag: Buffer.from(cpace.tagC).toString('base64url') };
  return { login: { ...base, pake }, cpace };
}

export function hostImpostor(): ConnectionError {
  return new ConnectionError(
    'host_impostor',
    'The host could not prove it knows the room password: it may be an impostor. You were disconnected.',
  );
}
