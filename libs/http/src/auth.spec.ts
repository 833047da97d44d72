import jwt from 'jsonwebtoken';
import { signToken, verifyToken } from './auth';

const secret = 'unit-test-secret-0123456789';

describe('bearer tokens', () => {
  it('round-trips tenant, role and subject', () => {
    const token = signToken(secret, { tenantId: 'acme', role: 'agent', subject: 'user-7' });
    expect(verifyToken(secret, token)).toEqual({ tenantId: 'acme', role: 'agent', subject: 'user-7' });
  });

  it('refuses a token signed with another secret, expired, or with another algorithm', () => {
    expect(() => verifyToken(secret, signToken('other-secret-0123456789', { tenantId: 'acme', role: 'admin' }))).toThrow('invalid signature');
    expect(() => verifyToken(secret, signToken(secret, { tenantId: 'acme', role: 'admin' }, -10))).toThrow('jwt expired');
    const none = jwt.sign({ tid: 'acme', role: 'admin' }, '', { algorithm: 'none' });
    expect(() => verifyToken(secret, none)).toThrow();
  });

  it('requires a well-formed tenant claim and a known role', () => {
    expect(() => verifyToken(secret, jwt.sign({ role: 'admin' }, secret, { expiresIn: 60 }))).toThrow('claim tid is missing or malformed');
    expect(() => verifyToken(secret, jwt.sign({ tid: 'a/b', role: 'admin' }, secret, { expiresIn: 60 }))).toThrow('claim tid is missing or malformed');
    expect(() => verifyToken(secret, jwt.sign({ tid: 'acme', role: 'root' }, secret, { expiresIn: 60 }))).toThrow('claim role must be one of admin, agent, viewer, operator');
  });

  it('requires exp, within the longest lifetime allowed', () => {
    expect(() => verifyToken(secret, jwt.sign({ tid: 'acme', role: 'admin' }, secret))).toThrow('claim exp is required');
    expect(() => verifyToken(secret, signToken(secret, { tenantId: 'acme', role: 'admin' }, 7200), 3600)).toThrow('longer than the 3600 s allowed');
    expect(verifyToken(secret, signToken(secret, { tenantId: 'acme', role: 'admin' }, 3600), 3600)).toMatchObject({ tenantId: 'acme' });
  });

  it('accepts tokens of the previous secret during a rotation, and only while they are valid', () => {
    const previous = 'previous-secret-0123456789';
    const both = [secret, previous];
    expect(verifyToken(both, signToken(previous, { tenantId: 'acme', role: 'viewer' }))).toMatchObject({ tenantId: 'acme', role: 'viewer' });
    expect(verifyToken(both, signToken(secret, { tenantId: 'acme', role: 'admin' }))).toMatchObject({ role: 'admin' });
    expect(() => verifyToken(both, signToken(previous, { tenantId: 'acme', role: 'admin' }, -10))).toThrow('jwt expired');
    expect(() => verifyToken(both, signToken('third-secret-0123456789', { tenantId: 'acme', role: 'admin' }))).toThrow('invalid signature');
    expect(() => verifyToken([secret], signToken(previous, { tenantId: 'acme', role: 'admin' }))).toThrow('invalid signature');
  });
});
