import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { BadRequestError, NotFoundError } from '../../shared/errors.js';
import { isValidMunicipalityCode } from '../regions/municipality-code.js';
import { bumpDataVersion, KEYS } from '../freshness/data-version.js';
import * as repo from './auth.repository.js';
import type { Principal, Role } from './auth.types.js';
import { problemDetails } from '../../shared/messages.js';

/** Every generated key starts so: secret scanners (and people) recognise a leaked one. */
export const KEY_PREFIX = 'cl_';
/** Name of the admin key the operator configures in ADMIN_API_KEY (reserved). */
export const ENV_ADMIN_NAME = 'ADMIN_API_KEY';

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * The prefix a key list shows. A generated key shows its first 8 characters ('cl_' and 5 of
 * its 43 random ones). A secret an operator chose shows none of itself: 'env:' and the start
 * of its SHA-256, enough to tell two configured keys apart.
 */
export const displayPrefix = (key: string, chosen: boolean) =>
  chosen ? `env:${hashKey(key).slice(0, 8)}` : key.slice(0, KEY_PREFIX.length + 5);

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
  // Resolved keys, valid for one version of the keys (bumped by every create and revoke, on any replica).
  const cache = new Map<string, { principal: Principal | null; version: number }>();

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
    if (input.prefectureCode && !/^(0[1-9]|[1-3]\d|4[0-7])$/.test(input.prefectureCode))
      throw new BadRequestError(problemDetails.invalidPrefecture(String(input.prefectureCode)));
  }

  return {
    /**
     * Resolves a bearer key to its principal; null when unknown or revoked. `keysVersion` is the
     * keys' data version read for the request: a cached answer of another version is not used,
     * so a key revoked on any replica is refused by the next request everywhere.
     */
    async authenticate(key: string, keysVersion?: number): Promise<Principal | null> {
      const hash = hashKey(key);
      const hit = cache.get(hash);
      if (hit && keysVersion !== undefined && hit.version === keysVersion) return hit.principal;
      const row = await repo.findActiveByHash(db, hash);
      const principal = row ? toPrincipal(row) : null;
      if (keysVersion !== undefined) {
        if (cache.size > 10_000) cache.clear();
        cache.set(hash, { principal, version: keysVersion });
      }
      return principal;
    },

    /** Creates a key; the secret is returned here once and never stored. */
    async create(input: NewKeyInput) {
      checkBinding(input);
      if (input.name.trim() === ENV_ADMIN_NAME)
        throw new BadRequestError(problemDetails.adminNameReserved(ENV_ADMIN_NAME));
      const key = KEY_PREFIX + randomBytes(32).toString('base64url');
      const row = await db.transaction(async (tx) => {
        const created = await repo.insertKey(tx, {
          name: input.name,
          role: input.role,
          prefectureCode: input.role === 'municipality' ? null : (input.prefectureCode ?? null),
          municipalityCode: input.municipalityCode ?? null,
          keyHash: hashKey(key),
          keyPrefix: displayPrefix(key, false),
        });
        await bumpDataVersion(tx, KEYS);
        return created;
      });
      return { key, row };
    },

    /**
     * Makes this value the one configured admin key (ADMIN_API_KEY, at every start): it is
     * created or reactivated, and the configured key it replaced is revoked, so rotating the
     * variable and restarting locks the old value out.
     */
    async ensureAdmin(key: string) {
      const keyHash = hashKey(key);
      const revoked = await db.transaction(async (tx) => {
        await repo.upsertConfiguredKey(tx, { name: ENV_ADMIN_NAME, role: 'admin', keyHash, keyPrefix: displayPrefix(key, true) });
        const n = await repo.revokeOthersNamed(tx, ENV_ADMIN_NAME, keyHash);
        await bumpDataVersion(tx, KEYS);
        return n;
      });
      cache.clear();
      return { revoked };
    },

    list: () => repo.listKeys(db),

    async revoke(id: string) {
      const row = await db.transaction(async (tx) => {
        const revoked = await repo.revokeKey(tx, id);
        if (revoked) await bumpDataVersion(tx, KEYS);
        return revoked;
      });
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
