/**
 * White space by code unit, as JavaScript reads it: the characters `\s` matches in a regular expression, which are
 * the ones `String.prototype.trim` strips (WhiteSpace and LineTerminator of ECMA-262). For scanners that walk a text
 * by code unit instead of slicing it to test a regex or trim it.
 */
export function isJavaScriptSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
