import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificatePem } from './self-signed-cert.js';

describe('selfSignedCertificatePem', () => {
  it('writes a certificate Node parses and verifies, with UTCTime and GeneralizedTime validity', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const notBefore = new Date('2026-01-02T03:04:05.678Z');
    const notAfter = new Date('2066-01-02T03:04:05Z');
    const label = 'Jisoo 지수 '.repeat(10);
    const pem = selfSignedCertificatePem({ label, privateKey, publicKey, notBefore, notAfter });
    const cert = new X509Certificate(pem);
    expect(cert.verify(publicKey)).toBe(true);
    expect(cert.checkPrivateKey(privateKey)).toBe(true);
    expect(cert.subject).toBe(cert.issuer);
    expect(cert.subject).toBe(`CN=${[...label.trim()].slice(0, 64).join('')}`);
    expect(cert.ca).toBe(false);
    expect(Date.parse(cert.validFrom)).toBe(Date.parse('2026-01-02T03:04:05Z'));
    expect(Date.parse(cert.validTo)).toBe(Date.parse('2066-01-02T03:04:05Z'));
    expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
  });
});
