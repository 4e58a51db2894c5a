/**
 * A bulk worker thread: loads the classifier once, then classifies the chunks the runner sends, one
 * at a time, and answers each with its JSON Lines and tallies.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lap, mark, PROFILE, takeProfile } from '../../chem/profile.js';
import { loadClassifier } from '../../law/index.js';
import { createChunkClassifier, type ChunkOptions } from './classify-chunk.js';
import type { FromWorker, ToWorker } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread');

const send = (message: FromWorker) => port.postMessage(message);

try {
  const classifier = await loadClassifier();
  const chunks = createChunkClassifier(classifier, workerData as ChunkOptions);
  port.on('message', (message: ToWorker) => {
    const { lines: bytes, stats } = chunks.classifyChunk(message.records);
    // UTF-8 made here, in parallel, and handed over without a copy: the main thread only writes the bytes.
    // (The time to post a chunk is counted in the next chunk's profile.)
    const t = mark();
    const reply: FromWorker = { type: 'chunk', seq: message.seq, lines: bytes, stats };
    if (PROFILE) reply.profile = takeProfile();
    port.postMessage(reply, [bytes.buffer]);
    if (PROFILE) lap('message.post', t);
  });
  send({ type: 'ready', dataVersion: classifier.dataVersion });
} catch (err) {
  send({ type: 'fatal', message: (err as Error).stack ?? String(err) });
}
