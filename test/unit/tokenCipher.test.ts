import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenCipher, keyVersionOf } from '../../src/crypto/tokenCipher.ts';

const TOKEN = 'prtapi_0123456789abcdef0123456789abcdef';

describe('token cipher', () => {
  it('when a token is encrypted, then the ciphertext does not contain it and decrypts back to it', () => {
    const cipher = createTokenCipher(randomBytes(32));
    const secret = cipher.encrypt(TOKEN);
    expect(secret.ciphertext).not.toContain(TOKEN);
    expect(Buffer.from(secret.ciphertext, 'base64').toString('latin1')).not.toContain(TOKEN);
    expect(cipher.decrypt(secret)).toBe(TOKEN);
  });

  it('when the same token is encrypted twice, then the ciphertexts differ (random IV)', () => {
    const cipher = createTokenCipher(randomBytes(32));
    expect(cipher.encrypt(TOKEN).ciphertext).not.toBe(cipher.encrypt(TOKEN).ciphertext);
  });

  it('when the key is rotated, then tokens made with the previous key still decrypt and new ones use the new key', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = createTokenCipher(oldKey).encrypt(TOKEN);
    const after = createTokenCipher(newKey, [oldKey]);
    expect(after.decrypt(before)).toBe(TOKEN);
    expect(after.encrypt(TOKEN).keyVersion).toBe(keyVersionOf(newKey));
    expect(before.keyVersion).toBe(keyVersionOf(oldKey));
  });

  it('when the key that made a token is no longer configured, then the error says which setting to fix', () => {
    const secret = createTokenCipher(randomBytes(32)).encrypt(TOKEN);
    expect(() => createTokenCipher(randomBytes(32)).decrypt(secret)).toThrow(/TOKEN_ENCRYPTION_PREVIOUS_KEYS/);
  });

  it('when a ciphertext is tampered with, then decryption fails instead of returning garbage', () => {
    const cipher = createTokenCipher(randomBytes(32));
    const secret = cipher.encrypt(TOKEN);
    const raw = Buffer.from(secret.ciphertext, 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.decrypt({ ...secret, ciphertext: raw.toString('base64') })).toThrow();
  });
});
