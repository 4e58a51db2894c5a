/**
 * Agency exchange (src/exchange): incidents with their samples and parties, sharing and release,
 * signed exchange packages (export, verify, import) and the audit log. Reads show one's agency's
 * incidents and those shared with it (redacted unless released); only the owner writes; every write
 * and every read of another agency's record is in the hash-chained audit log.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ExchangeService } from '../../exchange/service.js';
import { CalendarDate, IncidentInput, SharingInput } from '../../exchange/model.js';
import { MAX_PACKAGE_BYTES, publicKeyPem } from '../../exchange/package.js';
import { ATTACHMENT_TYPES, AttachmentInput, contentDisposition, MAX_ATTACHMENT_BODY_BYTES, MAX_ATTACHMENT_BYTES } from '../../exchange/attachments.js';
import { scopeOf } from '../access.js';
import type { ServerContext } from '../context.js';
import { documented } from '../request-schema.js';

const Uid = z.object({ uid: z.string().uuid() });
const AttachmentParams = z.object({ uid: z.string().uuid(), attachmentId: z.string().uuid() });
const ListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).optional().describe('How many, latest occurrence first (default 100).'),
    from: CalendarDate.optional().describe('Occurred on or after (YYYY-MM-DD).'),
    to: CalendarDate.optional().describe('Occurred on or before (YYYY-MM-DD).'),
    inchikey: z.string().regex(/^[A-Z]{14}-[A-Z]{10}-[A-Z]$/, 'must be an InChIKey').optional().describe('Only incidents with a sample of this substance.'),
  })
  .strict();
const ExportBody = z
  .object({
    incidents: z.array(z.string().uuid()).min(1).max(10_000).optional().describe('Incident ids; each must be one of the agency’s own local incidents.'),
    from: CalendarDate.optional(),
    to: CalendarDate.optional(),
    inchikey: z.string().max(100).optional(),
  })
  .strict();
const PackageBodyDoc = z.record(z.string(), z.unknown()).describe('An exchange package file as exported (see docs/exchange.md and src/exchange/package.schema.json).');
const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }).strict();

const INCIDENT_SHAPE =
  '`Incident = { uid, kind, occurredOn, place, quantity, form, packaging, labelling, route, edas, description, operational, parties, samples, ownerAgencyId, origin, editable, sharing, release, redacted, attachments, revision, createdAt, updatedAt }`; withheld fields are null (attachments: empty) and named in `redacted`.';

export async function exchangeRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const service = new ExchangeService(ctx.stores.exchange, ctx.classifier);
  const exporterOf = async (request: Parameters<typeof scopeOf>[0]) => {
    const scope = scopeOf(request);
    const agency = await ctx.identity.agencyByIdOrName(String(scope.agencyId));
    return { agency: agency?.name ?? `agency ${scope.agencyId}`, user: request.actor.kind === 'user' ? request.actor.username : '' };
  };

  app.get(
    '/api/exchange/incidents',
    {
      config: { access: { permission: 'exchange:read' } },
      schema: { tags: ['exchange'], summary: 'Incidents of one’s agency and those shared with it', description: 'Returns `{ "incidents": [{ uid, kind, occurredOn, country, ownerAgencyId, originAgency, sharing, samples, substances, updatedAt }] }`.', querystring: documented(ListQuery) },
    },
    async (request) => {
      const q = request.query as z.infer<typeof ListQuery>;
      return { incidents: await service.listIncidents(scopeOf(request), { limit: q.limit ?? 100, from: q.from, to: q.to, inchikey: q.inchikey }) };
    },
  );

  app.post(
    '/api/exchange/incidents',
    {
      config: { access: { permission: 'exchange:write' } },
      schema: { tags: ['exchange'], summary: 'Record an incident (private until shared); each sample’s structure is classified', description: `Answers 201 with \`{ "incident" }\`. ${INCIDENT_SHAPE}`, body: documented(IncidentInput) },
    },
    async (request, reply) => reply.code(201).send({ incident: await service.createIncident(scopeOf(request), request.body) }),
  );

  app.get(
    '/api/exchange/incidents/:uid',
    { config: { access: { permission: 'exchange:read' } }, schema: { tags: ['exchange'], summary: 'One incident (reading another agency’s is audited)', description: INCIDENT_SHAPE, params: documented(Uid) } },
    async (request) => ({ incident: await service.getIncident(scopeOf(request), (request.params as z.infer<typeof Uid>).uid) }),
  );

  app.put(
    '/api/exchange/incidents/:uid',
    {
      config: { access: { permission: 'exchange:write' } },
      schema: { tags: ['exchange'], summary: 'Edit one’s own local incident (the whole record)', description: 'NOT_OWNER for a shared record of another agency, IMPORTED_READ_ONLY for an imported one.', params: documented(Uid), body: documented(IncidentInput) },
    },
    async (request) => ({ incident: await service.updateIncident(scopeOf(request), (request.params as z.infer<typeof Uid>).uid, request.body) }),
  );

  app.put(
    '/api/exchange/incidents/:uid/sharing',
    {
      config: { access: { permission: 'exchange:write' } },
      schema: { tags: ['exchange'], summary: 'Set an incident’s sharing scope and what it releases', description: 'scope: private, agencies (named in `agencies`) or all; `release` lets the parties’ personal data or the operational details through.', params: documented(Uid), body: documented(SharingInput) },
    },
    async (request) => ({ incident: await service.setSharing(scopeOf(request), (request.params as z.infer<typeof Uid>).uid, request.body) }),
  );

  app.post(
    '/api/exchange/incidents/:uid/attachments',
    {
      config: { access: { permission: 'exchange:write' } },
      bodyLimit: MAX_ATTACHMENT_BODY_BYTES,
      schema: {
        tags: ['exchange'],
        summary: 'Attach a spectrum file or photo to one’s own local incident (JSON, the file in base64)',
        description: `Body \`{ filename, contentType, kind: spectrum|photo|document, sample?, description?, data: base64 }\`; at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB decoded (INPUT_TOO_LARGE). The declared type must be one of ${Object.keys(ATTACHMENT_TYPES).join(', ')} and the bytes must be of that type (UNSUPPORTED_FORMAT). Answers 201 with \`{ "attachment": { id, filename, contentType, kind, sample, description, size, sha256, createdAt } }\`. Attachments are operational detail: another agency sees them only when the owner releases the operational details; packages do not carry them.`,
        params: documented(Uid),
        body: documented(AttachmentInput),
      },
    },
    async (request, reply) => reply.code(201).send({ attachment: await service.addAttachment(scopeOf(request), (request.params as z.infer<typeof Uid>).uid, request.body) }),
  );

  app.get(
    '/api/exchange/incidents/:uid/attachments/:attachmentId',
    {
      config: { access: { permission: 'exchange:read' } },
      schema: {
        tags: ['exchange'],
        summary: 'Download an attachment (as a file, with its checked content type)',
        description: 'The bytes as stored, with `content-disposition: attachment` and `x-content-type-options: nosniff`. NOT_FOUND unless the incident is visible and, for another agency, its operational details are released; reading another agency’s is audited.',
        params: documented(AttachmentParams),
      },
    },
    async (request, reply) => {
      const { uid, attachmentId } = request.params as z.infer<typeof AttachmentParams>;
      const { info, bytes } = await service.attachment(scopeOf(request), uid, attachmentId);
      return reply
        .type(info.contentType)
        .header('content-disposition', contentDisposition(info.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .header('x-narcotrace-sha256', info.sha256)
        .send(bytes);
    },
  );

  app.get(
    '/api/exchange/partners',
    { config: { access: { permission: 'exchange:read' } }, schema: { tags: ['exchange'], summary: 'The agencies one may share with', description: 'Returns `{ "agencies": [{ id, name, kind, jurisdiction }] }`.' } },
    async (request) => ({ agencies: await ctx.stores.exchange.partners(scopeOf(request)) }),
  );

  app.get(
    '/api/exchange/key',
    {
      config: { access: { permission: 'exchange:packages' } },
      schema: { tags: ['exchange'], summary: 'One’s agency’s public signing key (made on first use), to give to partner instances', description: 'Returns `{ "keyId", "publicKey" (base64 SPKI), "pem" }`.' },
    },
    async (request) => {
      const key = await service.agencyKey(scopeOf(request).agencyId);
      return { keyId: key.keyId, publicKey: key.publicKey, pem: publicKeyPem(key.publicKey) };
    },
  );

  app.post(
    '/api/exchange/export',
    {
      config: { access: { permission: 'exchange:packages' } },
      schema: { tags: ['exchange'], summary: 'Export own incidents as a signed package', description: 'Selection by incident ids, a window of occurrence and/or a substance (InChIKey). Answers the package file (application/json, attachment); fields not released are withheld.', body: documented(ExportBody) },
    },
    async (request, reply) => {
      const result = await service.exportPackage(scopeOf(request), request.body as z.infer<typeof ExportBody>, await exporterOf(request));
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="narcotrace-package-${result.packageId}.json"`)
        .header('x-narcotrace-package-digest', result.digest)
        .send(result.text);
    },
  );

  app.post(
    '/api/exchange/verify',
    {
      config: { access: { permission: 'exchange:packages' } },
      bodyLimit: MAX_PACKAGE_BYTES,
      schema: { tags: ['exchange'], summary: 'Check a package: intact, signed by a registered key, valid', description: 'Returns `{ "ok": true, "package": { packageId, exporter, exportedAt, incidents, keyId, senderAgencyId, digest } }`, or the error (SIGNATURE_INVALID, UNKNOWN_SENDER_KEY, PACKAGE_MALFORMED, PACKAGE_SCHEMA_INVALID …).', body: documented(PackageBodyDoc) },
    },
    // The signature is over the canonical JSON of the parsed package, so re-serialising the parsed body checks the same bytes.
    async (request) => ({ ok: true, package: await service.verify(JSON.stringify(request.body)) }),
  );

  app.post(
    '/api/exchange/import',
    {
      config: { access: { permission: 'exchange:packages' } },
      bodyLimit: MAX_PACKAGE_BYTES,
      schema: { tags: ['exchange'], summary: 'Import a package: verified, then all or nothing; a replay changes nothing', description: 'Returns `{ "packageId", "replay", "inserted", "updated", "unchanged" }` (incident ids). Imported incidents keep their origin and are read-only here.', body: documented(PackageBodyDoc) },
    },
    async (request) => service.importPackage(scopeOf(request), JSON.stringify(request.body)),
  );

  app.get(
    '/api/exchange/audit',
    {
      config: { access: { permission: 'exchange:audit' } },
      schema: { tags: ['exchange'], summary: 'Audit entries of one’s agency’s actions and records, newest first', description: 'Returns `{ "entries": [{ seq, at, action, actorAgencyId, actorUserId, ownerAgencyId, subject, detail, prevHash, hash }] }`. The whole chain is verified with `narcotrace audit verify`.', querystring: documented(AuditQuery) },
    },
    async (request) => ({ entries: await ctx.stores.exchange.auditEntries(scopeOf(request), (request.query as z.infer<typeof AuditQuery>).limit ?? 200) }),
  );
}
