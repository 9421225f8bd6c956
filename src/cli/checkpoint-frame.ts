/**
 * The integrity frame of a checkpoint file (`check` and `simulate` `--checkpoint DIR`): one
 * ASCII header line, then the v8-serialised checkpoint. The header gives the frame's version,
 * the payload's length in bytes and its SHA-256:
 *
 *     replcheck-checkpoint-file 1 bytes=5950006 sha256=3f1c...e2\n<payload>
 *
 * `v8.deserialize` accepts many damaged payloads silently (a flipped byte inside a typed array
 * becomes a wrong fingerprint, a wrong count, a wrong verdict), so a resume verifies the length
 * and the digest before it deserialises anything, and refuses a truncated, extended or altered
 * file with one line naming it. Files written before the frame existed (a bare v8 payload) are
 * refused too: nothing can vouch for them.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../engine/errors.ts';

/** The first word of a framed checkpoint file. */
export const CHECKPOINT_MAGIC = 'replcheck-checkpoint-file';
/** The frame's version (the payload carries its own format and version). */
export const CHECKPOINT_FRAME_VERSION = 1;

/** The longest header a reader looks for (the real one is under 120 bytes). */
const MAX_HEADER = 256;
const HEADER = /^replcheck-checkpoint-file (\d+) bytes=(\d+) sha256=([0-9a-f]{64})$/;
/** `v8.serialize` starts its output with this version tag. */
const V8_TAG = 0xff;

/** The SHA-256 of `data`, in hex. */
function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The header line that frames `payload` (write it, then the payload). */
export function frameHeader(payload: Uint8Array): Buffer {
  return Buffer.from(`${CHECKPOINT_MAGIC} ${CHECKPOINT_FRAME_VERSION} bytes=${payload.length} sha256=${sha256(payload)}\n`, 'latin1');
}

/** The one-line refusal of a checkpoint file that is damaged. */
function corrupt(file: string, why: string): UsageError {
  return new UsageError(`--resume: checkpoint ${file} is corrupt (${why}); delete it and rerun without --resume`);
}

/**
 * The verified payload of a framed checkpoint file's contents `data` (read from `file`).
 * Throws a one-line UsageError naming the file when the data is not a framed checkpoint, was
 * written before frames existed, or does not match its header's length or digest.
 */
export function unframe(data: Buffer, file: string): Buffer {
  const magic = Buffer.from(`${CHECKPOINT_MAGIC} `, 'latin1');
  if (data.length > 0 && data[0] === V8_TAG) {
    throw new UsageError(`--resume: checkpoint ${file} was written by an older replcheck, without the integrity digest this version checks; delete it and rerun without --resume`);
  }
  if (data.length < magic.length || !data.subarray(0, magic.length).equals(magic)) {
    throw new UsageError(`--resume: ${file} is not a replcheck checkpoint, or is corrupt (no checkpoint header); delete it and rerun without --resume`);
  }
  const end = data.subarray(0, MAX_HEADER).indexOf(0x0a);
  const m = end < 0 ? null : HEADER.exec(data.subarray(0, end).toString('latin1'));
  if (!m) throw corrupt(file, 'damaged header');
  if (Number(m[1]) !== CHECKPOINT_FRAME_VERSION) {
    throw new UsageError(`--resume: checkpoint ${file} has frame version ${m[1]}, this replcheck reads version ${CHECKPOINT_FRAME_VERSION}; resume it with the replcheck that wrote it, or delete it and rerun without --resume`);
  }
  const payload = data.subarray(end + 1);
  const expected = Number(m[2]);
  if (payload.length !== expected) {
    throw corrupt(file, payload.length < expected ? `truncated: ${payload.length} of ${expected} bytes` : `${payload.length - expected} bytes past its end`);
  }
  if (sha256(payload) !== m[3]) throw corrupt(file, 'digest mismatch');
  return payload;
}
