import { z } from 'zod';
import { roles } from './auth.types.js';

export const ApiKeyCreate = z
  .object({
    role: z.enum(roles).describe('admin | analyst | municipality | viewer'),
    name: z.string().min(1).max(200).describe('Who or what uses the key'),
    municipality: z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .describe('Municipality code a municipality key is bound to'),
    prefecture: z
      .string()
      .regex(/^\d{2}$/)
      .nullable()
      .optional()
      .describe(
        'Prefecture an analyst or viewer key is bound to (required for those roles); null binds it to every prefecture',
      ),
  })
  .meta({ id: 'ApiKeyCreate' });

export const ApiKey = z
  .object({
    id: z.string().uuid().describe('Key id'),
    name: z.string().describe('Label'),
    role: z.enum(roles).describe('Role'),
    prefecture: z.string().nullable().describe('Bound prefecture, null = all'),
    municipality: z.string().nullable().describe('Bound municipality (municipality role)'),
    prefix: z
      .string()
      .describe(
        'To recognise the key: a generated key\'s first 8 characters (cl_…); for ADMIN_API_KEY env: and the start of its SHA-256, never part of the secret',
      ),
    createdAt: z.string().describe('Created at'),
    revokedAt: z.string().nullable().describe('Revoked at, null while active'),
  })
  .meta({ id: 'ApiKey' });

export const ApiKeyCreated = ApiKey.extend({
  key: z.string().describe('The secret key: shown once, store it now'),
}).meta({ id: 'ApiKeyCreated' });

export const ApiKeyParams = z.object({ id: z.string().uuid().describe('Key id') });
