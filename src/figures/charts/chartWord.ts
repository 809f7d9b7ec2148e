/**
 * `revenue last 30d chart` -> args `last 30d`, chart wanted. The word is read at the end only
 * (`public` is already taken off by then, so `chart public` works too), where no window phrase ends.
 */
export function splitChartWord(args: string): { args: string; chart: boolean } {
  const words = args.trim().split(/\s+/).filter((w) => w !== '');
  if (words.at(-1)?.toLowerCase() !== 'chart') return { args, chart: false };
  return { args: words.slice(0, -1).join(' '), chart: true };
}
