/** Splits a paste-back command line into arguments, honouring '...' and "..." quoting (test helper). */
export function splitCommand(line: string): string[] {
  const args: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|"([^"]*)"|(\S+)/g;
  let cur = '';
  let last = -1;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const piece = m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2] ?? m[3];
    if (m.index === last) cur += piece; // adjacent pieces form one argument
    else {
      if (last >= 0) args.push(cur);
      cur = piece;
    }
    last = re.lastIndex;
  }
  if (last >= 0) args.push(cur);
  return args;
}
