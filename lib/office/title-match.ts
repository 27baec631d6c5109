/*
 * Which open document a title names. UFO finds the document behind a window by checking whether the document's
 * name occurs in the window title ("report.docx - Word"); a caller may also pass the bare name or the file name.
 */

/** The candidate `title` names, most exact match first: equal, equal without the extension, contained either way. */
export function matchTitle<T extends { title: string }>(candidates: readonly T[], title: string): T | undefined {
  const want = title.trim().toLowerCase();
  const strip = (s: string) => s.toLowerCase().replace(/\.[a-z0-9]{2,5}$/, '');
  return (
    candidates.find((c) => c.title.toLowerCase() === want) ??
    candidates.find((c) => strip(c.title) === strip(want)) ??
    candidates.find((c) => want.includes(c.title.toLowerCase()) && c.title !== '') ??
    candidates.find((c) => c.title.toLowerCase().includes(want) && want !== '')
  );
}
