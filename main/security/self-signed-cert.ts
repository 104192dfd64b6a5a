/**
 * A minimal self-signed X.509 v3 certificate for an ECDSA P-256 key, written as DER by hand: subject = issuer =
 * `CN=<label>`, ecdsa-with-SHA256, one extension (basicConstraints, not a CA). Only this one shape is needed, and
 * Node's own parser verifies the result in the tests. (@peculiar/x509 2.x needs a global Reflect-metadata polyfill
 * at import time, which the project does not ship; see the security-core report.)
 */
import { type KeyObject, randomBytes, sign } from 'node:crypto';

const OID_ECDSA_WITH_SHA256 = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const OID_COMMON_NAME = [0x55, 0x04, 0x03];
const OID_BASIC_CONSTRAINTS = [0x55, 0x1d, 0x13];
const MAX_CN_CHARS = 64; // X.520 ub-common-name

export interface SelfSignedParams {
  label: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}

/** PEM of a self-signed certificate for the given P-256 key pair. */
export function selfSignedCertificatePem(params: SelfSignedParams): string {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40; // positive, minimal DER (no leading zero byte needed)
  const algorithm = seq(tlv(0x06, OID_ECDSA_WITH_SHA256));
  const name = seq(tlv(0x31, seq(tlv(0x06, OID_COMMON_NAME), tlv(0x0c, utf8(commonName(params.label))))));
  const spki = params.publicKey.export({ type: 'spki', format: 'der' });
  const basicConstraints = seq(tlv(0x06, OID_BASIC_CONSTRAINTS), tlv(0x04, seq()));
  const tbs = seq(
    tlv(0xa0, tlv(0x02, [2])), // version v3
    tlv(0x02, serial),
    algorithm,
    name,
    seq(time(params.notBefore), time(params.notAfter)),
    name,
    spki,
    tlv(0xa3, seq(basicConstraints)),
  );
  const signature = sign('sha256', tbs, params.privateKey); // DER-encoded ECDSA signature
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.of(0), signature])));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function commonName(label: string): string {
  const chars = [...label.normalize('NFC').trim()].slice(0, MAX_CN_CHARS).join('');
  return chars === '' ? 'Sarangbang' : chars;
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5), always whole seconds in UTC. */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z';
  const year = date.getUTCFullYear();
  return year < 2050 ? tlv(0x17, utf8(digits.slice(2))) : tlv(0x18, utf8(digits));
}

function seq(...parts: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(parts));
}

function tlv(tag: number, value: Buffer | number[]): Buffer {
  const body = Buffer.isBuffer(value) ? value : Buffer.from(value);
  return Buffer.concat([Buffer.of(tag), derLength(body.length), body]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
