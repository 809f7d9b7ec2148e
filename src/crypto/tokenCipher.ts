import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';

/** What is stored for one secret: ciphertext and the version of the key that made it. */
export interface EncryptedSecret {
  ciphertext: string;
  keyVersion: string;
}

export interface TokenCipher {
  readonly currentKeyVersion: string;
  encrypt(plaintext: string): EncryptedSecret;
  decrypt(secret: EncryptedSecret): string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds ciphertexts to this use so a blob cannot be replayed as another kind of secret.
const ASSOCIATED_DATA = Buffer.from('partnerbot:secret:v1');

/**
 * A key's version is a fingerprint of the key itself, so rotation needs no bookkeeping: rows say
 * which key made them, and any key still configured can read them.
 */
export function keyVersionOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** AES-256-GCM with a random 96-bit IV per secret. Stored as base64(iv | tag | ciphertext). */
export function createTokenCipher(currentKey: Buffer, previousKeys: Buffer[] = []): TokenCipher {
  const keys = new Map<string, Buffer>();
  for (const key of [currentKey, ...previousKeys]) {
    if (key.length !== 32) throw new Error('token encryption keys must be 32 bytes');
    keys.set(keyVersionOf(key), key);
  }
  const currentKeyVersion = keyVersionOf(currentKey);

  return {
    currentKeyVersion,
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(ASSOCIATED_DATA);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'),
        keyVersion: currentKeyVersion,
      };
    },
    decrypt({ ciphertext, keyVersion }) {
      const key = keys.get(keyVersion);
      if (!key) {
        throw new AppError(
          'encryption_key_unknown',
          `A stored secret was encrypted with key version ${keyVersion}, which is not configured: ` +
            'add that key to TOKEN_ENCRYPTION_PREVIOUS_KEYS.',
        );
      }
      const raw = Buffer.from(ciphertext, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(ASSOCIATED_DATA);
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
