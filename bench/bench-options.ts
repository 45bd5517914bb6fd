/** The `--name value` options and `--flag`s of a bench script's command line. */
export function benchOptions(args = process.argv.slice(2)) {
  const value = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  return {
    number: (name: string, def: number): number => {
      const v = value(name);
      return v === undefined ? def : Number(v);
    },
    string: value,
    flag: (name: string): boolean => args.includes(`--${name}`),
  };
}
