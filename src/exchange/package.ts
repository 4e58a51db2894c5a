/**
 * Exchange packages: a selection of an agency's incidents as versioned JSON, signed with Ed25519 by the
 * exporting agency's key. The schema is written once in zod (below); `package.schema.json` beside this
 * file is its JSON Schema export for other implementations (package-schema.test.ts keeps it in step).
 *
 * A package file:
 *   { "format": "narcotrace-exchange", "version": 1, "package": { id, exportedAt, exporter, selection, records }, "signature": { algorithm, keyId, value } }
 * The signature is over the canonical JSON (./canonical.ts) of { format, version, package }; the
 * exporter's keyId is inside the signed part as well. Checking order: JSON → envelope → known key →
 * signature → schema, so nothing of an unverified package is interpreted beyond its envelope. Pure
 * (node:crypto only).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { problem, type Problem } from '../problems.js';
import { canonicalJson } from './canonical.js';
import { CalendarDate, IncidentInput, PartyInput, SampleInput } from './model.js';
import './problems.js';

export const PACKAGE_FORMAT = 'narcotrace-exchange';
export const PACKAGE_VERSION = 1;
/** Largest package file read (bytes). */
export const MAX_PACKAGE_BYTES = 50 * 1024 * 1024;

const Uid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a UUID');
const KeyId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a key id');
const Timestamp = z.iso.datetime();

const SampleResultSchema = z
  .object({
    ok: z.boolean(),
    smiles: z.string().max(100_000).nullable(),
    inchikey: z.string().max(100).nullable(),
    controlled: z.record(z.string().max(20), z.boolean()),
    needsReview: z.boolean(),
    errorCode: z.string().max(100).nullable(),
    asOf: CalendarDate,
    dataVersion: z.string().max(2000),
  })
  .strict();

const IncidentShape = IncidentInput.shape;

/** One incident as it travels: redacted as the exporter released it. */
export const PackageIncident = z
  .object({
    uid: Uid,
    revision: z.number().int().positive(),
    updatedAt: Timestamp,
    kind: IncidentShape.kind,
    occurredOn: IncidentShape.occurredOn,
    place: IncidentShape.place,
    quantity: IncidentShape.quantity,
    form: IncidentShape.form,
    packaging: IncidentShape.packaging,
    labelling: IncidentShape.labelling,
    route: IncidentShape.route,
    edas: IncidentShape.edas,
    description: IncidentShape.description,
    operational: IncidentShape.operational.nullable(),
    parties: z.array(PartyInput.extend({ personal: PartyInput.shape.personal.nullable() })).max(100),
    samples: z.array(SampleInput.extend({ result: SampleResultSchema })).max(100),
    release: z.object({ personal: z.boolean(), operational: z.boolean() }).strict(),
    redacted: z.array(z.string().max(100)).max(20),
  })
  .strict();
export type PackageIncident = z.infer<typeof PackageIncident>;

export const PackageBody = z
  .object({
    id: Uid,
    exportedAt: Timestamp,
    exporter: z.object({ agency: z.string().min(1).max(200), keyId: KeyId, user: z.string().max(200) }).strict(),
    /** What was asked for: incident ids, a time window of occurrence, a substance (InChIKey). */
    selection: z
      .object({ incidents: z.array(Uid).max(10_000).optional(), from: CalendarDate.optional(), to: CalendarDate.optional(), inchikey: z.string().max(100).optional() })
      .strict(),
    /** Provenance of the redaction: per record, which withheld categories were released. */
    records: z.object({ incidents: z.array(PackageIncident).max(10_000) }).strict(),
  })
  .strict();
export type PackageBody = z.infer<typeof PackageBody>;

/** An Ed25519 signature (64 bytes) in canonical base64 only: a re-encoding (e.g. changed unused low bits of the last digit) is not the same signature. */
const SignatureValue = z
  .string()
  .regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a 64-byte signature in base64')
  .refine((v) => Buffer.from(v, 'base64').toString('base64') === v, 'must be canonical base64');
const Signature = z.object({ algorithm: z.literal('Ed25519'), keyId: KeyId, value: SignatureValue }).strict();

/** The envelope, checked before the signature; the body is checked (PackageBody) after it. */
const Envelope = z.object({ format: z.literal(PACKAGE_FORMAT), version: z.number().int(), package: z.record(z.string(), z.unknown()), signature: Signature }).strict();

/** The whole file, for the JSON Schema export. */
export const PackageFile = z
  .object({ format: z.literal(PACKAGE_FORMAT), version: z.literal(PACKAGE_VERSION), package: PackageBody, signature: Signature })
  .strict()
  .describe('A Narcotrace exchange package (see docs/exchange.md).');
export type PackageFile = z.infer<typeof PackageFile>;

// ── Keys ──

export interface KeyPairText {
  keyId: string;
  /** SPKI DER, base64. */
  publicKey: string;
  /** PKCS#8 DER, base64. */
  privateKey: string;
}

/** A key's id: the first 128 bits of SHA-256 over its public key (SPKI DER), base64url. */
export function keyIdOf(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('base64url').slice(0, 22);
}

export function generateAgencyKey(): KeyPairText {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return { keyId: keyIdOf(pub), publicKey: pub, privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64') };
}

/** Reads a public key given as base64 SPKI DER or PEM; the normalised base64 form, or a problem. */
export function readPublicKey(text: string): { ok: true; publicKey: string; keyId: string } | { ok: false; problem: Problem } {
  try {
    const trimmed = text.trim();
    const key = trimmed.startsWith('-----BEGIN') ? createPublicKey(trimmed) : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return { ok: false, problem: problem('INVALID_REQUEST', `The key is ${key.asymmetricKeyType}, not Ed25519.`, { field: 'publicKey' }) };
    const publicKey = key.export({ type: 'spki', format: 'der' }).toString('base64');
    return { ok: true, publicKey, keyId: keyIdOf(publicKey) };
  } catch {
    return { ok: false, problem: problem('INVALID_REQUEST', 'The public key is not an Ed25519 public key (base64 SPKI DER or PEM).', { field: 'publicKey' }) };
  }
}

export function publicKeyPem(publicKeyBase64: string): string {
  return createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }).toString();
}

function privateKeyOf(base64: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });
}

// ── Signing and checking ──

function signedText(body: unknown): Buffer {
  return Buffer.from(canonicalJson({ format: PACKAGE_FORMAT, version: PACKAGE_VERSION, package: body }), 'utf8');
}

/** The package file's text (pretty-printed JSON; whitespace is not signed, the canonical form is). */
export function signPackage(body: PackageBody, key: KeyPairText): string {
  if (body.exporter.keyId !== key.keyId) throw new Error('the package names another key than the one signing it');
  const value = edSign(null, signedText(body), privateKeyOf(key.privateKey)).toString('base64');
  const file: PackageFile = { format: PACKAGE_FORMAT, version: PACKAGE_VERSION, package: body, signature: { algorithm: 'Ed25519', keyId: key.keyId, value } };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export type PackageCheck = { ok: true; body: PackageBody; keyId: string; digest: string } | { ok: false; problem: Problem };

/**
 * Checks a package file: complete JSON, the envelope, a registered key (`publicKeyOf` gives the
 * registered key for an id, undefined when unknown), the signature, then the schema. `digest`:
 * SHA-256 of the signed text, the package's identity for idempotent import.
 */
export function checkPackage(bytes: Buffer | string, publicKeyOf: (keyId: string) => string | undefined): PackageCheck {
  const fail = (code: Problem['code'], message: string, field?: string): PackageCheck => ({ ok: false, problem: problem(code, message, field ? { field } : undefined) });
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  if (size > MAX_PACKAGE_BYTES) return fail('INPUT_TOO_LARGE', `The package is larger than ${MAX_PACKAGE_BYTES / 1024 / 1024} MiB.`);
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('PACKAGE_MALFORMED', 'The package is not UTF-8 text.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail('PACKAGE_MALFORMED', `The package is not complete JSON (${(err as Error).message}).`);
  }
  if (json && typeof json === 'object' && 'version' in json && (json as { version: unknown }).version !== PACKAGE_VERSION && (json as { format?: unknown }).format === PACKAGE_FORMAT)
    return fail('PACKAGE_VERSION_UNSUPPORTED', `Package format version ${String((json as { version: unknown }).version)} is not read here (this instance reads version ${PACKAGE_VERSION}).`, 'version');
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    return fail('PACKAGE_MALFORMED', `The package envelope is not valid: ${issue.path.join('.') || '(file)'}: ${issue.message}.`, issue.path.join('.') || undefined);
  }
  const { signature } = envelope.data;
  const publicKey = publicKeyOf(signature.keyId);
  if (!publicKey) return fail('UNKNOWN_SENDER_KEY', `The package is signed with key ${signature.keyId}, which is not registered here (narcotrace exchange register-key).`, 'signature.keyId');
  const signed = signedText(envelope.data.package);
  let valid = false;
  try {
    valid = edVerify(null, signed, createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' }), Buffer.from(signature.value, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) return fail('SIGNATURE_INVALID', `The signature does not match the package content for key ${signature.keyId}: the package was altered or signed with another key.`, 'signature');
  const body = PackageBody.safeParse(envelope.data.package);
  if (!body.success) {
    const issue = body.error.issues[0];
    const field = ['package', ...issue.path.map(String)].join('.');
    return fail('PACKAGE_SCHEMA_INVALID', `${field}: ${issue.message}`, field);
  }
  if (body.data.exporter.keyId !== signature.keyId) return fail('SIGNATURE_INVALID', 'The package names another exporter key than the one that signed it.', 'package.exporter.keyId');
  return { ok: true, body: body.data, keyId: signature.keyId, digest: createHash('sha256').update(signed).digest('hex') };
}

