import { CanActivate, ExecutionContext, HttpStatus, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import jwt from 'jsonwebtoken';
import { IS_PUBLIC } from '@roster/observability';
import { ProblemException } from './problem';

export const ROLES = ['admin', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  tenantId: string;
  role: Role;
  subject?: string;
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
  return jwt.sign({ tid: principal.tenantId, role: principal.role, ...(principal.subject ? { sub: principal.subject } : {}) }, secret, {
    algorithm: 'HS256',
    expiresIn: expiresInSeconds,
  });
}

/**
 * Verifies with the current secret, then with the previous one (if any), so a secret can be rotated
 * without refusing tokens signed just before: set AUTH_JWT_PREVIOUS_SECRET to the old secret until
 * tokens signed with it have expired.
 */
export function verifyToken(secrets: string | readonly string[], token: string): Principal {
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
  const tenantId = claims.tid;
  const role = claims.role;
  if (typeof tenantId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(tenantId)) throw new Error('claim tid is missing or malformed');
  if (!ROLES.includes(role)) throw new Error(`claim role must be one of ${ROLES.join(', ')}`);
  return { tenantId, role, subject: typeof claims.sub === 'string' ? claims.sub : undefined };
}

/** Bearer JWT (HS256) on every route not marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    /** The current secret first, then any still accepted during a rotation. */
    private readonly secrets: readonly string[],
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
      request.principal = verifyToken(this.secrets, token);
    } catch (error) {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'invalid-token', `The bearer token was refused: ${(error as Error).message}.`);
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'forbidden-role', `This action needs the role ${roles.join(' or ')}; the token has ${request.principal.role}.`);
    }
    return true;
  }
}
