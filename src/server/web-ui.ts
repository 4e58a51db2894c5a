/**
 * The React UI (built by `npm run build:web` into web/dist) served at `/`, with single-page-app
 * fallback: any GET outside /api that is not a file gets index.html. Without a build, `/` explains
 * how to make one.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeNotFound, sendProblem } from './problem-reply.js';

/** web/dist beside src/ (or beside dist/ when compiled). */
export const DEFAULT_WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

// Shown only when the UI has not been built; it is a developer-facing notice, in both languages.
const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Narcotrace</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem}code{background:#f2f2f2;padding:.1rem .3rem}</style></head>
<body><h1>Narcotrace</h1>
<p>The API is running, but the web interface has not been built. Build it with <code>npm run build:web</code> and restart the server.</p>
<p lang="zh">API 已在运行，但网页界面尚未构建。请运行 <code>npm run build:web</code> 构建，然后重新启动服务器。</p>
<p>API documentation: <a href="/api/docs">/api/docs</a> · OpenAPI: <a href="/api/openapi.json">/api/openapi.json</a></p>
</body></html>`;

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

export async function installWebUi(app: FastifyInstance, webRoot: string): Promise<void> {
  const built = existsSync(join(webRoot, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      // Hashed assets can be cached for long; index.html must be re-read so a new build is picked up.
      setHeaders: (reply, path) => reply.header('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE));
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    const isPageNavigation = (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.url) && !lastSegment.includes('.');
    if (built && isPageNavigation) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    return sendProblem(reply, routeNotFound(request));
  });
}
