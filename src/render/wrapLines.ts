/**
 * Break `s` into lines no wider than `width`, with `widthOf` measuring a
 * candidate line; "\n" starts a new paragraph.  Lines break at spaces, or
 * first at `separator` when one is given (a caption of "a · b · c" breaks
 * between its parts before it breaks inside one).  A word longer than a
 * line stays whole.  Shared by the render core's captions and the paper
 * figures' titles, captions and legends.
 */
export function wrapLines(s: string, width: number, widthOf: (line: string) => number, separator = " "): string[] {
  const lines: string[] = [];
  for (const paragraph of s.split("\n")) {
    let line = "";
    for (const piece of separator === " " ? paragraph.split(/ +/) : paragraph.split(separator)) {
      if (piece === "") continue;
      const next = line === "" ? piece : `${line}${separator}${piece}`;
      if (line !== "" && widthOf(next) > width) {
        lines.push(line);
        line = piece;
      } else line = next;
    }
    lines.push(line);
  }
  return separator === " " ? lines : lines.flatMap((l) => wrapLines(l, width, widthOf));
}
