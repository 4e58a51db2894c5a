/**
 * Checks a bulk job's output against its input: every input record answered exactly once, in input
 * order, and no torn line (the file ends with "\n" and every line is whole JSON). Streams both files,
 * so it checks a million-line output in constant memory.
 *
 *   npx tsx bench/verify-job-output.ts <input.smi> <output.jsonl> [--key name|input]
 *
 * `--key name` (the default) matches each output line's `name` with its record's name (the text after
 * the SMILES): with unique names, "line k answers record k for every k, and as many lines as records"
 * is exactly "every record once, in order". `--key input` matches the echoed SMILES instead, for a
 * job's result, whose lines carry no name. Exit code 0 when the output passes, 1 otherwise.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface OutputCheck {
  ok: boolean;
  records: number;
  lines: number;
  bytes: number;
  /** The first problems found (at most 10), each naming the line. */
  problems: string[];
}

const MAX_PROBLEMS = 10;

/** The key of an input line: its name (what follows the SMILES) or its SMILES. Blank lines are no records. */
function inputKey(line: string, key: 'name' | 'input'): string | undefined {
  const text = line.trim();
  if (!text) return undefined;
  const space = text.search(/\s/);
  if (key === 'input') return space < 0 ? text : text.slice(0, space);
  return space < 0 ? '' : text.slice(space).trim();
}

async function lastByte(path: string): Promise<{ size: number; last?: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return { size };
    const buf = Buffer.alloc(1);
    await handle.read(buf, 0, 1, size - 1);
    return { size, last: buf[0] };
  } finally {
    await handle.close();
  }
}

export async function verifyJobOutput(inputPath: string, outputPath: string, key: 'name' | 'input' = 'name'): Promise<OutputCheck> {
  const problems: string[] = [];
  const report = (p: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const { size, last } = await lastByte(outputPath);
  if (size > 0 && last !== 0x0a) report(`the output does not end with a line break: its last line is torn`);

  const inputs = createInterface({ input: createReadStream(inputPath), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const nextKey = async (): Promise<string | undefined> => {
    for (;;) {
      const r = await inputs.next();
      if (r.done) return undefined;
      const k = inputKey(r.value, key);
      if (k !== undefined) return k;
    }
  };
  let records = 0;
  let lines = 0;
  let mismatches = 0;
  for await (const line of createInterface({ input: createReadStream(outputPath), crlfDelay: Infinity })) {
    lines++;
    const expected = await nextKey();
    if (expected === undefined) {
      report(`output line ${lines}: no input record is left for it (an extra or repeated line)`);
      continue;
    }
    records++;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      report(`output line ${lines}: not whole JSON (a torn line): ${line.slice(0, 80)}`);
      continue;
    }
    if (parsed[key] !== expected) {
      mismatches++;
      report(`output line ${lines}: answers ${JSON.stringify(parsed[key])}, but input record ${records} is ${JSON.stringify(expected)} (a missing, repeated or reordered record)`);
    }
  }
  while ((await nextKey()) !== undefined) {
    records++;
    if (records === lines + 1) report(`input record ${records} and after have no output line (missing records)`);
  }
  if (mismatches > MAX_PROBLEMS) problems.push(`… ${mismatches.toLocaleString('en')} mismatched lines in all`);
  return { ok: problems.length === 0 && records === lines, records, lines, bytes: size, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const keyAt = args.indexOf('--key');
  const key = keyAt >= 0 ? args[keyAt + 1] : 'name';
  const files = args.filter((a, i) => !a.startsWith('--') && i !== keyAt + 1);
  if (files.length !== 2 || (key !== 'name' && key !== 'input')) {
    console.error('usage: tsx bench/verify-job-output.ts <input.smi> <output.jsonl> [--key name|input]');
    process.exit(2);
  }
  const check = await verifyJobOutput(files[0], files[1], key);
  console.log(
    `${check.ok ? 'OK' : 'FAILED'}: ${check.records.toLocaleString('en')} input records, ${check.lines.toLocaleString('en')} output lines, ${check.bytes.toLocaleString('en')} bytes`,
  );
  for (const p of check.problems) console.log(`  ${p}`);
  process.exit(check.ok ? 0 : 1);
}
