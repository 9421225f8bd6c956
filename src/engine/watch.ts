/**
 * (Issue 16) Which plugin method is running, for a watchdog on another thread. A synchronous
 * infinite loop inside a plugin method cannot be interrupted from its own thread, so when a
 * plugin is loaded the CLI runs the command on a worker thread (src/cli/supervisor.ts) and the
 * main thread watches these cells: the contract wrappers (contract.ts, property-contract.ts and
 * the model's mechanism contract) call {@link enterMethod} and {@link leaveMethod} around every
 * call of user code. The cells are plain writes to an Int32Array (a SharedArrayBuffer once
 * {@link shareWatch} was called), cheap enough for the hottest call sites.
 */

/** Cell indices: the running method's id (0: none), calls entered so far, the search's step. */
export const WATCH_METHOD = 0;
export const WATCH_CALLS = 1;
export const WATCH_STEP = 2;
/** Cells in a watch buffer. */
export const WATCH_CELLS = 4;

/** A method that can be watched: who owns it and its name. */
export interface WatchedMethod {
  /** The plugin's file as the user gave it, or undefined for replcheck's own code (never blamed). */
  file: string | undefined;
  /** The method, e.g. `arrange`, `actions`, `property 'safe' check`. */
  method: string;
}

let cells: Int32Array<ArrayBufferLike> = new Int32Array(WATCH_CELLS);
const methods: WatchedMethod[] = [{ file: undefined, method: '' }];
const ids = new Map<string, number>();
let announce: ((id: number, m: WatchedMethod) => void) | undefined;

/**
 * Makes the cells live in `buffer` (shared with the watchdog's thread); `onMethod` hears of
 * every method registered, before and after this call, so the watchdog can name it.
 */
export function shareWatch(buffer: SharedArrayBuffer, onMethod: (id: number, m: WatchedMethod) => void): void {
  cells = new Int32Array(buffer);
  announce = onMethod;
  methods.forEach((m, id) => id > 0 && onMethod(id, m));
}

/** The id of a watched method (registered on first use; call it when wrapping, not per call). */
export function methodId(file: string | undefined, method: string): number {
  const key = `${file ?? ''}\u0000${method}`;
  let id = ids.get(key);
  if (id === undefined) {
    id = methods.length;
    methods.push({ file, method });
    ids.set(key, id);
    announce?.(id, { file, method });
  }
  return id;
}

/** Marks method `id` as running; returns the method it interrupts, for {@link leaveMethod}. */
export function enterMethod(id: number): number {
  const prev = cells[WATCH_METHOD]!;
  cells[WATCH_METHOD] = id;
  cells[WATCH_CALLS] = (cells[WATCH_CALLS]! + 1) | 0;
  return prev;
}

/** Marks the call that {@link enterMethod} returned `prev` for as over. */
export function leaveMethod(prev: number): void {
  cells[WATCH_METHOD] = prev;
}

/** Records the search's step (states explored so far), reported when a method does not return. */
export function watchStep(step: number): void {
  cells[WATCH_STEP] = step;
}
