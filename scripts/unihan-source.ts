/**
 * What the Unihan table generators (scripts/build-unihan-*.ts) share: reading a Unihan file (plain or
 * .bz2, as Debian's `unicode-data` ships it), naming the installed package, the file's own version,
 * date and copyright lines, and the command line (`[FILE] [--package "…"]`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export interface UnihanSource {
  file: string;
  package?: string;
}

export function readUnihanFile(path: string): string {
  if (!path.endsWith('.bz2')) return readFileSync(path, 'utf8');
  const r = spawnSync('bzip2', ['-dc', path], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bzip2 -dc ${path} failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

function installedPackage(): string | undefined {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${Version}', 'unicode-data'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? `Debian ${r.stdout.trim()}` : undefined;
}

/** The file's Unicode version (required: a file without it is not Unihan), date and copyright line. */
export function unihanFileInfo(text: string): { version: string; date?: string; copyright?: string } {
  const version = /^# Unicode version: (\S+)/m.exec(text)?.[1];
  if (!version) throw new Error('not a Unihan file: no "# Unicode version:" line');
  const date = /^# Date: (.+)$/m.exec(text)?.[1]?.trim();
  const copyright = /^# (© \d{4} Unicode®, Inc\.)/m.exec(text)?.[1];
  return { version, ...(date ? { date } : {}), ...(copyright ? { copyright } : {}) };
}

/** `[FILE] [--package "…"]` → the file's text and its source description (the package, when it is the default input). */
export function unihanInputFromArgs(argv: readonly string[], defaultInput: string): { text: string; source: UnihanSource } {
  const args = [...argv];
  const pkgAt = args.indexOf('--package');
  const pkg = pkgAt >= 0 ? args.splice(pkgAt, 2)[1] : undefined;
  const input = args[0] ?? defaultInput;
  const packageName = pkg ?? (input === defaultInput ? installedPackage() : undefined);
  return { text: readUnihanFile(input), source: { file: basename(input).replace(/\.bz2$/, ''), ...(packageName ? { package: packageName } : {}) } };
}
