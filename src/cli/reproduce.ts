/**
 * Paste-back commands: the `npx replcheck ...` line printed with a result (and stored in trace
 * files) that reruns it. Arguments are shell-quoted only when they need it.
 */

/** Quotes one argument for a POSIX shell when it contains anything but safe characters. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:=,@%+-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * `npx replcheck <command> <args...>`. A `--path` value is always written in double quotes
 * (`--path "3:1:0"`), as fast-check prints it.
 */
export function reproduceCommand(command: string, args: string[]): string {
  const parts = ['npx', 'replcheck', command];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--path' && i + 1 < args.length && /^[\d:]+$/.test(args[i + 1])) {
      parts.push('--path', `"${args[++i]}"`);
    } else parts.push(shellQuote(args[i]));
  }
  return parts.join(' ');
}

/** `--seed S`, written as `--seed=S` when negative (parseArgs would read `-5` as an option). */
export function seedArgs(seed: number): string[] {
  return seed < 0 ? [`--seed=${seed}`] : ['--seed', String(seed)];
}
