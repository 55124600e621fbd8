import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthService } from '../modules/auth/auth.service.js';
import type { Freshness } from '../modules/freshness/freshness.js';
import type { Access, Principal } from '../modules/auth/auth.types.js';
import { BadRequestError, ForbiddenError, UnauthorizedError } from '../shared/errors.js';
import { problemDetails } from '../shared/messages.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as declared, with its access (undefined outside /v1 when not declared). */
    routeAccess: RouteAccess[];
  }
  interface FastifyContextConfig {
    /** Who may call the route; every /v1 route must declare it. */
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** One route and who may call it, as the route declares it. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access | undefined;
}

/** 403 because of the key's role (not of the data it asks for). */
export class RoleForbiddenError extends ForbiddenError {
  constructor(role: string, allowed: readonly string[]) {
    super(problemDetails.roleForbidden(role, allowed));
    Object.assign(this.extra, { code: 'role_not_allowed', allowed: [...allowed] });
  }
}

/** The principal of an authenticated route (the auth hook guarantees it is set). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
}

/**
 * Bearer-key authentication and role checks. Access is declared in each route's `config.access`;
 * a /v1 route that declares none is refused at start, so nothing is open by omission.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { auth: AuthService; freshness: Freshness }) => {
    app.decorateRequest('principal', null);
    // Failed authentications are counted per address when the security plugin is there.
    const guard = app.hasDecorator('authFailed');

    const routes: RouteAccess[] = [];
    app.decorate('routeAccess', routes);
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) routes.push({ method, url: route.url, access: route.config?.access });
      if (!route.url.startsWith('/v1')) return;
      const declared = route.config?.access;
      if (!declared) throw new Error(`Route ${route.method} ${route.url} declares no access.`);
      if (declared !== 'public') {
        route.schema = { ...route.schema, security: [{ bearerAuth: [] }] } as typeof route.schema;
      }
    });

    app.addHook('onRequest', async (req) => {
      const declared = req.routeOptions.config?.access;
      if (!declared || declared === 'public') return;
      const header = req.headers.authorization;
      const match = header ? /^Bearer\s+(\S{1,512})\s*$/i.exec(header) : null;
      // An address that keeps failing is slowed down (429) before any key of it is looked up.
      if (guard) await app.authBlocked(req);
      if (!match) {
        if (header && guard) await app.authFailed(req);
        throw new UnauthorizedError();
      }
      const principal = await opts.auth.authenticate(match[1], await opts.freshness.keysVersion(req));
      if (!principal) {
        if (guard) await app.authFailed(req);
        throw new UnauthorizedError(problemDetails.keyUnknown());
      }
      if (!declared.roles.includes(principal.role)) {
        throw new RoleForbiddenError(principal.role, declared.roles);
      }
      req.principal = principal;
    });
  },
  { name: 'auth', dependencies: ['errors'] },
);

/** 403 unless the principal may act on this prefecture. */
export function assertPrefecture(p: Principal, prefectureCode: string): void {
  if (p.prefectureCode !== null && p.prefectureCode !== prefectureCode) {
    throw new ForbiddenError(problemDetails.prefectureForbidden(p.prefectureCode, prefectureCode));
  }
}

/** 403 unless the principal may act on this municipality. */
export function assertMunicipality(p: Principal, municipalityCode: string): void {
  assertPrefecture(p, municipalityCode.slice(0, 2));
  if (p.role === 'municipality' && p.municipalityCode !== municipalityCode) {
    throw new ForbiddenError(problemDetails.municipalityForbidden(p.municipalityCode, municipalityCode));
  }
}

/** The prefecture to read when the caller gave none: its bound one, else an error. */
export function defaultPrefecture(p: Principal, requested?: string): string {
  if (requested) {
    assertPrefecture(p, requested);
    return requested;
  }
  if (p.prefectureCode) return p.prefectureCode;
  throw new BadRequestError(problemDetails.prefectureNeeded());
}
