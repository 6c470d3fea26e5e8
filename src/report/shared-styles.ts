/**
 * The one stylesheet of Palimpsest's two visual surfaces. The CLI's self-contained HTML pages (the comparison report,
 * the blame) inline it, and the web app installs it before its own styles (web/src/main.tsx), so the same thing looks
 * the same in both, under the same class names (issue 14: the report and the app spoke two visual languages):
 *
 * - word changes: `ins` and `del`; `.whole` on a unit inserted or deleted whole; `.sig-<significance>` on a change
 *   (cosmetic and none fade);
 * - badges (pills): `.badge` with `.rel-<relation>` and `.sig-<significance>` — significance weighs the badge:
 *   substantive solid and bold, minor outlined, cosmetic faint — and `.badge-renumbered`, `.badge-retitled`;
 * - a changed row's left margin, as wide and strong as its significance: `.row.sig-<significance>` in the app's grid,
 *   `tr.sig-<significance>` in the report's table;
 * - heading cells: `.heading-cell.depth-<n>` (n the length of the heading's section path);
 * - change counts: `.count-inserted`, `.count-changed`, `.count-deleted`;
 * - the edition legend of blame: `.legend` of `.swatch`es.
 *
 * Plain CSS in a string that imports nothing: the pure report stage inlines it, and the web bundle takes no engine
 * code with it. Light colours only: the report's dark scheme redefines the variables on top of it.
 */
export const SHARED_STYLESHEET = `
:root{--ins:#d8f3dc;--ins-strong:#a7e3b3;--ins-fg:#1e5a2b;--del:#fde2e1;--del-strong:#f6b5b1;--del-fg:#7d2320;
--sig-substantive:#b3261e;--sig-minor:#c77700;--sig-cosmetic:#9aa3b2;--badge-bg:#e8ecf2;--badge-fg:#34405a}
ins{background:var(--ins-strong);color:inherit;text-decoration:none}
del{background:var(--del-strong);color:inherit;text-decoration:line-through}
ins.whole{background:var(--ins)}
del.whole{background:var(--del)}
ins.sig-cosmetic,del.sig-cosmetic,ins.sig-none,del.sig-none{opacity:.75}
.badge{display:inline-block;margin-left:.4rem;padding:0 .4rem;border-radius:999px;font-size:.75rem;font-weight:500;
line-height:1.5;white-space:nowrap;background:var(--badge-bg);color:var(--badge-fg)}
.badge-renumbered{background:#e6defa;color:#41287a}
.badge-retitled{background:#dceefa;color:#1d4d70}
.badge.rel-inserted,.badge-inserted{background:var(--ins);color:var(--ins-fg)}
.badge.rel-deleted,.badge-deleted{background:var(--del);color:var(--del-fg)}
.badge.sig-substantive{background:var(--sig-substantive);color:#fff;font-weight:700}
.badge.sig-minor{box-shadow:inset 0 0 0 1.5px var(--sig-minor);font-weight:600}
.badge.sig-cosmetic{opacity:.7}
.row.sig-substantive,tr.sig-substantive>td:first-child{box-shadow:inset 4px 0 0 var(--sig-substantive)}
.row.sig-minor,tr.sig-minor>td:first-child{box-shadow:inset 3px 0 0 var(--sig-minor)}
.row.sig-cosmetic,tr.sig-cosmetic>td:first-child{box-shadow:inset 2px 0 0 var(--sig-cosmetic)}
.heading-cell{font-weight:650}
.heading-cell.depth-0{font-size:1.2rem}
.heading-cell.depth-1{font-size:1.12rem}
.heading-cell.depth-2{font-size:1.05rem}
.count-inserted{color:#1e6b32}
.count-changed{color:#8a5a00}
.count-deleted{color:#a12622}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.75rem}
.swatch{display:inline-block;width:1rem;height:1rem;border-radius:3px;vertical-align:-.15rem;margin-right:.3rem;
border:1px solid rgba(0,0,0,.15)}
`;
