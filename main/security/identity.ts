/**
 * Long-lived identities: an ECDSA P-256 key and a self-signed X.509 certificate (CN = label, valid 20 years),
 * made on first use (certificate DER written by self-signed-cert.ts) and kept in a private JSON file
 * `{version: 1, key: PKCS#8 PEM, cert: PEM}` (file 0600, folder 0700, written atomically). The fingerprint is the hex SHA-256 of the certificate's SubjectPublicKeyInfo DER; the
 * code is its room code (room-code.ts). An existing file that cannot be read is an error, never silently a new
 * identity (that would change the room code everyone pinned).
 *
 * API: `loadOrCreateIdentity(file, label) → Promise<Identity>`, `createIdentity(label)`, `createIdentitySync(label)`, `fingerprintOfCert(der | PEM | X509Certificate)`,
 * `fingerprintOfSpki(spkiDer)`, `CorruptFileError` (thrown for an unreadable file).
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPair,
  generateKeyPairSync,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { CorruptFileError, createPrivateFileAtomic, parseVersionedJson, readTextIfExists } from './atomic-file.js';
import { roomCode } from './room-code.js';
import { selfSignedCertificatePem } from './self-signed-cert.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface Identity {
  /** PKCS#8 PEM of the private key (for tls `key`). */
  keyPem: string;
  /** PEM of the self-signed certificate (for tls `cert`). */
  certPem: string;
  /** Hex SHA-256 of the certificate's SubjectPublicKeyInfo DER (64 lower-case hex digits). */
  fingerprint: string;
  /** Room code / key code of the fingerprint, `XXXX-XXXX-XXXX-XXXX-XXXX`. */
  code: string;
}

export { CorruptFileError };

const VALIDITY_YEARS = 20;
const WHAT = 'Identity';

/** Reads the identity in `file`, or creates one (CN = `label`) and saves it there. */
export async function loadOrCreateIdentity(file: string, label: string): Promise<Identity> {
  const text = await readTextIfExists(file);
  if (text !== undefined) return parseIdentityFile(file, text);
  const created = await createIdentity(label);
  const saved = JSON.stringify({ version: 1, key: created.keyPem, cert: created.certPem }, null, 2);
  if (await createPrivateFileAtomic(file, saved)) return created;
  // Another process created it meanwhile: theirs is the identity.
  return parseIdentityFile(file, (await readTextIfExists(file)) ?? '');
}

/** A fresh identity, not saved. */
export async function createIdentity(label: string): Promise<Identity> {
  const { privateKey, publicKey } = await generateKeyPairAsync('ec', { namedCurve: 'P-256' });
  return identityFromKeys(label, privateKey, publicKey);
}

/** A fresh identity, not saved, made synchronously (a server that needs one at construction). */
export function createIdentitySync(label: string): Identity {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return identityFromKeys(label, privateKey, publicKey);
}

function identityFromKeys(label: string, privateKey: KeyObject, publicKey: KeyObject): Identity {
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000); // a day of slack for skewed clocks
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
  const certPem = selfSignedCertificatePem({ label, privateKey, publicKey, notBefore, notAfter });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return identityOf(keyPem, certPem);
}

/** Hex SHA-256 of the certificate's SubjectPublicKeyInfo DER. */
export function fingerprintOfCert(cert: Uint8Array | string | X509Certificate): string {
  const parsed = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  return fingerprintOfSpki(parsed.publicKey.export({ type: 'spki', format: 'der' }));
}

/** Hex SHA-256 of a SubjectPublicKeyInfo DER. */
export function fingerprintOfSpki(spkiDer: Uint8Array): string {
  return createHash('sha256').update(spkiDer).digest('hex');
}

function parseIdentityFile(file: string, text: string): Identity {
  const record = parseVersionedJson(file, WHAT, text);
  const { key, cert } = record;
  if (typeof key !== 'string' || typeof cert !== 'string') {
    throw new CorruptFileError(file, WHAT, 'missing "key" or "cert"');
  }
  try {
    return identityOf(key, cert);
  } catch (error) {
    throw new CorruptFileError(file, WHAT, (error as Error).message);
  }
}

/** Checks that the key and certificate parse and belong together, and derives fingerprint and code. */
/** The identity made of this key and certificate (they must match). */
export function identityOf(keyPem: string, certPem: string): Identity {
  const privateKey = createPrivateKey(keyPem);
  const certificate = new X509Certificate(certPem);
  if (!certificate.checkPrivateKey(privateKey)) throw new Error('the key does not match the certificate');
  const fingerprint = fingerprintOfCert(certificate);
  return { keyPem, certPem, fingerprint, code: roomCode(fingerprint) };
}
