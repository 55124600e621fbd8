export const roles = ['admin', 'analyst', 'municipality', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** Who is calling: resolved from the API key on every /v1 request. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  /** null = every prefecture. */
  prefectureCode: string | null;
  /** Set for the municipality role only. */
  municipalityCode: string | null;
}

/** What a route declares next to itself: who may call it. */
export type Access = 'public' | { roles: readonly Role[] };

/** Shorthands so every route declares access in one style. */
export const access = {
  public: 'public' as Access,
  admin: { roles: ['admin'] } as Access,
  analysts: { roles: ['admin', 'analyst'] } as Access,
  uploaders: { roles: ['admin', 'analyst', 'municipality'] } as Access,
  readers: { roles: ['admin', 'analyst', 'municipality', 'viewer'] } as Access,
};
