import { CanActivate, ExecutionContext, HttpStatus, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import jwt from 'jsonwebtoken';
import { IS_PUBLIC } from '@roster/observability';
import { ProblemException } from './problem';

/** A tenant's own people. */
export const ROLES = ['admin', 'agent', 'viewer'] as const;
/**
 * The SaaS operator: sets what a tenant may use (its plan). Its tokens act on the tenant named in
 * `tid`, and only on routes that name this role; every tenant route refuses them.
 */
export const OPERATOR_ROLE = 'operator';
export type Role = (typeof ROLES)[number] | typeof OPERATOR_ROLE;
const TOKEN_ROLES: readonly string[] = [...ROLES, OPERATOR_ROLE];
/** Tokens living longer than this are refused, whoever signed them. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

export interface Principal {
  tenantId: string;
  role: Role;
  subject?: string;
  /** The tenant's plan (claim `plan`), which sets its request rates; absent: the default plan. */
  plan?: string;
  /** A Roster service acting for the tenant (claim `svc`), not one of the tenant's own callers: never rate-limited as one. */
  service?: boolean;
}

export const AUTH_SECRET = Symbol('AUTH_SECRET');
const REQUIRED_ROLES = 'roster:roles';

/** Restricts a route or controller to some roles; without it every authenticated role may call. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The caller's tenant and role, set by the guard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<Request & { principal: Principal }>().principal;
});

export function signToken(secret: string, principal: Principal, expiresInSeconds = 3600): string {
  const claims = {
    tid: principal.tenantId, role: principal.role,
    ...(principal.subject ? { sub: principal.subject } : {}),
    ...(principal.plan ? { plan: principal.plan } : {}),
    ...(principal.service ? { svc: true } : {}),
  };
  return jwt.sign(claims, secret, {
    algorithm: 'HS256',
    expiresIn: expiresInSeconds,
  });
}

/**
 * Verifies with the current secret, then with the previous one (if any), so a secret can be rotated
 * without refusing tokens signed just before: set AUTH_JWT_PREVIOUS_SECRET to the old secret until
 * tokens signed with it have expired.
 */
export function verifyToken(secrets: string | readonly string[], token: string, maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS): Principal {
  const accepted = typeof secrets === 'string' ? [secrets] : secrets;
  let claims: jwt.JwtPayload | undefined;
  for (const [i, secret] of accepted.entries()) {
    try {
      claims = jwt.verify(token, secret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      break;
    } catch (error) {
      // Only a signature made with another secret moves on to the next one.
      if (i === accepted.length - 1 || !(error instanceof jwt.JsonWebTokenError) || error.message !== 'invalid signature') throw error;
    }
  }
  if (!claims) throw new Error('no secret to verify with');
  if (typeof claims.exp !== 'number') throw new Error('claim exp is required');
  const issuedAt = typeof claims.iat === 'number' ? claims.iat : Math.floor(Date.now() / 1000);
  if (claims.exp - issuedAt > maxLifetimeSeconds) throw new Error(`the token lives longer than the ${maxLifetimeSeconds} s allowed`);
  const tenantId = claims.tid;
  const role = claims.role;
  if (typeof tenantId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(tenantId)) throw new Error('claim tid is missing or malformed');
  if (!TOKEN_ROLES.includes(role)) throw new Error(`claim role must be one of ${TOKEN_ROLES.join(', ')}`);
  const plan = claims.plan;
  if (plan !== undefined && (typeof plan !== 'string' || !/^[a-z0-9_-]{1,32}$/.test(plan))) throw new Error('claim plan is malformed');
  return {
    tenantId, role, subject: typeof claims.sub === 'string' ? claims.sub : undefined,
    ...(plan ? { plan } : {}),
    ...(claims.svc === true ? { service: true } : {}),
  };
}

const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * verifyToken with memory: a token verified once is taken again at no cost until it expires (a
 * signature check costs hundreds of microseconds, and a client sends one token many times). The
 * secrets and lifetime cap are fixed for the verifier's life; a token refused once is checked again
 * each time (a refusal may be a clock matter).
 */
export class TokenVerifier {
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(
    private readonly secrets: readonly string[],
    private readonly maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  ) {}

  verify(token: string): Principal {
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.principal;
    if (known) this.verified.delete(token);
    const principal = verifyToken(this.secrets, token, this.maxLifetimeSeconds);
    const { exp } = jwt.decode(token) as { exp: number };
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, expiresAtMs: exp * 1000 });
    return principal;
  }
}

/** Bearer JWT (HS256) on every route not marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthorized', 'A bearer token is required (Authorization: Bearer <jwt>).');
    }
    try {
      request.principal = { ...this.tokens.verify(token) };
    } catch (error) {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'invalid-token', `The bearer token was refused: ${(error as Error).message}.`);
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets) ?? (request.principal.role === OPERATOR_ROLE ? [...ROLES] : undefined);
    if (roles && !roles.includes(request.principal.role)) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'forbidden-role', `This action needs the role ${roles.join(' or ')}; the token has ${request.principal.role}.`);
    }
    return true;
  }
}
