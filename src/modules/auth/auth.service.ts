import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { BadRequestError, NotFoundError } from '../../shared/errors.js';
import { isValidMunicipalityCode } from '../regions/municipality-code.js';
import * as repo from './auth.repository.js';
import type { Principal, Role } from './auth.types.js';
import { problemDetails } from '../../shared/messages.js';

const KEY_PREFIX = 'cl_';
const CACHE_TTL_MS = 10_000;

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export interface NewKeyInput {
  role: Role;
  name: string;
  prefectureCode?: string | null;
  municipalityCode?: string | null;
}

/** Principal from a key row: a municipality key is bound to its municipality's prefecture too. */
function toPrincipal(row: repo.ApiKeyRow): Principal {
  return {
    keyId: row.id,
    name: row.name,
    role: row.role,
    prefectureCode: row.prefectureCode ?? row.municipalityCode?.slice(0, 2) ?? null,
    municipalityCode: row.municipalityCode,
  };
}

/** API keys: created shown once, stored hashed, revocable. */
export function createAuthService(db: Db) {
  const cache = new Map<string, { principal: Principal | null; at: number }>();

  function checkBinding(input: NewKeyInput) {
    if (input.role === 'municipality') {
      if (!input.municipalityCode) throw new BadRequestError(problemDetails.keyNeedsMunicipality());
      if (!isValidMunicipalityCode(input.municipalityCode))
        throw new BadRequestError(problemDetails.invalidMunicipalityCode(input.municipalityCode));
    } else if (input.municipalityCode) {
      throw new BadRequestError(problemDetails.keyOnlyMunicipalityBound());
    }
    if (input.role === 'admin' && input.prefectureCode)
      throw new BadRequestError(problemDetails.adminNotBound());
    if (input.prefectureCode && !/^\d{2}$/.test(input.prefectureCode))
      throw new BadRequestError(problemDetails.invalidPrefecture(String(input.prefectureCode)));
  }

  return {
    /** Resolves a bearer key to its principal; null when unknown or revoked. */
    async authenticate(key: string): Promise<Principal | null> {
      const hash = hashKey(key);
      const hit = cache.get(hash);
      if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.principal;
      const row = await repo.findActiveByHash(db, hash);
      const principal = row ? toPrincipal(row) : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, { principal, at: Date.now() });
      return principal;
    },

    /** Creates a key; the secret is returned here once and never stored. */
    async create(input: NewKeyInput) {
      checkBinding(input);
      const key = KEY_PREFIX + randomBytes(32).toString('base64url');
      const row = await repo.insertKey(db, {
        name: input.name,
        role: input.role,
        prefectureCode: input.role === 'municipality' ? null : (input.prefectureCode ?? null),
        municipalityCode: input.municipalityCode ?? null,
        keyHash: hashKey(key),
        keyPrefix: key.slice(0, 8),
      });
      return { key, row };
    },

    /** Makes sure an admin key with this value exists (ADMIN_API_KEY). */
    async ensureAdmin(key: string) {
      await repo.ensureKey(db, {
        name: 'ADMIN_API_KEY',
        role: 'admin',
        keyHash: hashKey(key),
        keyPrefix: key.slice(0, 8),
      });
    },

    list: () => repo.listKeys(db),

    async revoke(id: string) {
      const row = await repo.revokeKey(db, id);
      if (!row) {
        const existing = await repo.findKey(db, id);
        if (!existing) throw new NotFoundError(problemDetails.noApiKey(id));
        return existing;
      }
      cache.clear();
      return row;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
